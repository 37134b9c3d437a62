package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * A finished {@code chat.completion} rendered as OpenAI's server-sent event stream of
 * {@code chat.completion.chunk}s, for {@code stream: true}:
 * <ol>
 *   <li>a role delta {@code {"role":"assistant","content":""}};</li>
 *   <li>the content in deltas of at most {@value #WORDS_PER_CHUNK} words (their concatenation is
 *       the content exactly); none when the answer is tool calls only;</li>
 *   <li>one delta per tool call: {@code index}, {@code id}, {@code type}, {@code function}
 *       {@code {name, arguments}} (the arguments whole);</li>
 *   <li>an empty delta with the {@code finish_reason};</li>
 *   <li>with {@code stream_options.include_usage}: a chunk with {@code choices: []} and the
 *       {@code usage} (every earlier chunk then carries {@code "usage": null}, as OpenAI's do);</li>
 *   <li>{@code data: [DONE]}.</li>
 * </ol>
 * Every chunk has the completion's {@code id}, {@code created} and {@code model}. The last chunk
 * before {@code [DONE]} also carries the gateway's {@code gateway_metadata} (cost, cache, latency).
 * The gateway answers from one non-streaming Converse call, so the stream is rendered whole.
 */
final class ChatCompletionStream {

    static final String CONTENT_TYPE = "text/event-stream";
    static final int WORDS_PER_CHUNK = 8;

    private ChatCompletionStream() {
    }

    static String render(JsonNode completion, boolean includeUsage) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ObjectNode> chunks = new ArrayList<>();

        ObjectNode role = delta(completion, includeUsage, chunks);
        role.put("role", "assistant");
        role.put("content", "");
        JsonNode content = message.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            for (String piece : split(content.asText(), WORDS_PER_CHUNK)) {
                delta(completion, includeUsage, chunks).put("content", piece);
            }
        }
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode call = delta(completion, includeUsage, chunks).putArray("tool_calls").addObject();
            call.put("index", i);
            call.set("id", calls.get(i).get("id"));
            call.put("type", "function");
            call.set("function", calls.get(i).get("function").deepCopy());
        }
        delta(completion, includeUsage, chunks);
        ((ObjectNode) chunks.get(chunks.size() - 1).get("choices").get(0)).set("finish_reason", choice.get("finish_reason"));
        if (includeUsage) {
            ObjectNode usage = chunk(completion, includeUsage);
            usage.putArray("choices");
            usage.set("usage", completion.get("usage").deepCopy());
            chunks.add(usage);
        }
        if (completion.has("gateway_metadata")) {
            chunks.get(chunks.size() - 1).set("gateway_metadata", completion.get("gateway_metadata").deepCopy());
        }

        StringBuilder out = new StringBuilder();
        for (ObjectNode c : chunks) {
            out.append("data: ").append(Json.write(c)).append("\n\n");
        }
        return out.append("data: [DONE]\n\n").toString();
    }

    /** Adds a chunk with one choice and returns its (empty) delta. */
    private static ObjectNode delta(JsonNode completion, boolean includeUsage, List<ObjectNode> chunks) {
        ObjectNode chunk = chunk(completion, includeUsage);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        chunks.add(chunk);
        return delta;
    }

    private static ObjectNode chunk(JsonNode completion, boolean includeUsage) {
        ObjectNode chunk = Json.object();
        chunk.set("id", completion.get("id"));
        chunk.put("object", "chat.completion.chunk");
        chunk.set("created", completion.get("created"));
        chunk.set("model", completion.get("model"));
        chunk.putNull("system_fingerprint");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    /**
     * The text in pieces of at most {@code words} words; each piece ends after the whitespace that
     * follows its last word, so the pieces concatenate to the text exactly.
     */
    static List<String> split(String text, int words) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int count = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            count++;
            if (count == words) {
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                pieces.add(text.substring(start, i));
                start = i;
                count = 0;
            }
        }
        if (start < n) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }
}
