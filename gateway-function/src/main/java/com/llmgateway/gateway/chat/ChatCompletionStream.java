package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.ErrorBody;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ResponseSink;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.StreamEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A streamed chat answer as OpenAI's server-sent events of {@code chat.completion.chunk}s, each
 * written and flushed as its model event arrives:
 * <ol>
 *   <li>a role delta {@code {"role":"assistant","content":""}} when the stream begins;</li>
 *   <li>one content delta per text delta from Bedrock;</li>
 *   <li>per tool call: a delta with its {@code index}, {@code id}, {@code type} and
 *       {@code function.name} (and empty {@code arguments}), then one delta per piece of its
 *       arguments ({@code function.arguments}), as OpenAI streams them;</li>
 *   <li>after the ledger write, an empty delta with the {@code finish_reason};</li>
 *   <li>with {@code stream_options.include_usage}: a chunk with {@code choices: []} and the
 *       {@code usage} (every earlier chunk then carries {@code "usage": null}, as OpenAI's do);</li>
 *   <li>{@code data: [DONE]}.</li>
 * </ol>
 * Every chunk has the same {@code id}, {@code created} and {@code model}; the last before
 * {@code [DONE]} also carries the gateway's {@code gateway_metadata} (cost, cache, latency). A
 * failure after the stream began is one {@code data: {"error": {...}}} event (what the OpenAI
 * SDKs raise as an API error) and no {@code [DONE]}.
 */
final class ChatCompletionStream implements ChatStream {

    static final String CONTENT_TYPE = "text/event-stream";

    private final ResponseSink sink;
    private final String model;
    private final boolean includeUsage;
    private final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    private long created;
    /** Bedrock's content block index of each tool use to OpenAI's tool-call index. */
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    private OutputStream out;

    ChatCompletionStream(ResponseSink sink, String model, boolean includeUsage) {
        this.sink = sink;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public void begin(Map<String, String> headers, java.time.Instant created) {
        this.created = created.getEpochSecond();
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("content-type", CONTENT_TYPE);
        h.put("cache-control", "no-cache");
        try {
            out = sink.begin(200, h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode role = delta();
        role.put("role", "assistant");
        role.put("content", "");
        send(role);
    }

    @Override
    public void event(StreamEvent event) {
        switch (event) {
            case StreamEvent.TextDelta t -> {
                if (!t.text().isEmpty()) {
                    ObjectNode d = delta();
                    d.put("content", t.text());
                    send(d);
                }
            }
            case StreamEvent.ToolUseStart s -> {
                int index = toolIndex.size();
                toolIndex.put(s.index(), index);
                ObjectNode d = delta();
                ObjectNode call = d.putArray("tool_calls").addObject();
                call.put("index", index);
                call.put("id", s.toolUseId());
                call.put("type", "function");
                call.putObject("function").put("name", s.name()).put("arguments", "");
                send(d);
            }
            case StreamEvent.ToolInputDelta p -> {
                Integer index = toolIndex.get(p.index());
                if (index != null && !p.inputJson().isEmpty()) {
                    ObjectNode d = delta();
                    d.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", p.inputJson());
                    send(d);
                }
            }
            default -> {
                // messageStart, block stops, messageStop and metadata: their facts go out at complete()
            }
        }
    }

    @Override
    public void complete(ChatResult result) {
        ObjectNode metadata = (ObjectNode) ChatCompletionJson.of(result).get("gateway_metadata");
        ObjectNode finish = chunk();
        ObjectNode choice = finish.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", ChatCompletionJson.finishReason(result));
        ObjectNode last = finish;
        if (includeUsage) {
            write(finish);
            last = chunk();
            last.putArray("choices");
            last.set("usage", ChatCompletionJson.usage(result.usage()));
        }
        last.set("gateway_metadata", metadata);
        write(last);
        raw("data: [DONE]\n\n");
    }

    @Override
    public void fail(GatewayException error) {
        raw("data: " + Json.write(ErrorBody.of(error)) + "\n\n");
    }

    /** A chunk with one choice; returns its empty delta. The chunk is sent by {@link #send}. */
    private ObjectNode delta() {
        pending = chunk();
        ObjectNode choice = pending.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return delta;
    }

    private ObjectNode pending;

    private void send(ObjectNode delta) {
        write(pending);
    }

    private ObjectNode chunk() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.putNull("system_fingerprint");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private void write(ObjectNode chunk) {
        raw("data: " + Json.write(chunk) + "\n\n");
    }

    private void raw(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
