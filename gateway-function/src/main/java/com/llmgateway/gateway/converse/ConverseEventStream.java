package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ResponseSink;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.ChatResult;
import com.llmgateway.gateway.chat.ChatStream;
import com.llmgateway.gateway.model.StreamEvent;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A streamed answer as Bedrock's ConverseStream response: {@code application/vnd.amazon.eventstream},
 * one AWS event-stream frame per event (prelude and message CRCs, encoded by the AWS SDK's own
 * {@code eventstream} library), with the {@code :event-type}, {@code :content-type} and
 * {@code :message-type} headers and the JSON payloads Bedrock sends: {@code messageStart},
 * {@code contentBlockStart} (tool use), {@code contentBlockDelta} (text, tool-use input),
 * {@code contentBlockStop}, {@code messageStop} (Bedrock's stop reason) and {@code metadata} (usage,
 * metrics). A failure after the first frame is an exception frame, as Bedrock sends one.
 */
final class ConverseEventStream implements ChatStream {

    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    /** The exception members of ConverseStream's output union; any other error is sent as the nearest. */
    private static final Set<String> STREAM_EXCEPTIONS = Set.of("internalServerException", "modelStreamErrorException",
            "validationException", "throttlingException", "serviceUnavailableException");

    private final ResponseSink sink;
    private OutputStream out;

    ConverseEventStream(ResponseSink sink) {
        this.sink = sink;
    }

    @Override
    public void begin(Map<String, String> headers, Instant created) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("content-type", CONTENT_TYPE);
        try {
            out = sink.begin(200, h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void event(StreamEvent event) {
        ObjectNode p = Json.object();
        String type;
        switch (event) {
            case StreamEvent.MessageStart m -> {
                type = "messageStart";
                p.put("role", m.role());
            }
            case StreamEvent.ToolUseStart s -> {
                type = "contentBlockStart";
                p.put("contentBlockIndex", s.index());
                p.putObject("start").putObject("toolUse").put("toolUseId", s.toolUseId()).put("name", s.name());
            }
            case StreamEvent.TextDelta t -> {
                type = "contentBlockDelta";
                p.put("contentBlockIndex", t.index());
                p.putObject("delta").put("text", t.text());
            }
            case StreamEvent.ToolInputDelta d -> {
                type = "contentBlockDelta";
                p.put("contentBlockIndex", d.index());
                p.putObject("delta").putObject("toolUse").put("input", d.inputJson());
            }
            case StreamEvent.BlockStop b -> {
                type = "contentBlockStop";
                p.put("contentBlockIndex", b.index());
            }
            case StreamEvent.MessageStop m -> {
                type = "messageStop";
                p.put("stopReason", m.stopReason());
            }
            case StreamEvent.Metadata m -> {
                type = "metadata";
                ObjectNode usage = p.putObject("usage");
                usage.put("inputTokens", m.usage().inputTokens());
                usage.put("outputTokens", m.usage().outputTokens());
                usage.put("totalTokens", m.usage().inputTokens() + m.usage().outputTokens()
                        + m.usage().cacheReadTokens() + m.usage().cacheWriteTokens());
                if (m.usage().cacheReadTokens() > 0 || m.usage().cacheWriteTokens() > 0) {
                    usage.put("cacheReadInputTokens", m.usage().cacheReadTokens());
                    usage.put("cacheWriteInputTokens", m.usage().cacheWriteTokens());
                }
                p.putObject("metrics").put("latencyMs", m.latencyMs());
            }
        }
        write(frame(":event-type", type, "event", p));
    }

    @Override
    public void complete(ChatResult result) {
        // Bedrock's metadata event, passed on, was the last frame; the gateway adds none.
    }

    @Override
    public void fail(GatewayException error) {
        String type = ConverseResponses.errorType(error);
        String member = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        if (!STREAM_EXCEPTIONS.contains(member)) {
            member = member.equals("modelTimeoutException") || member.equals("modelErrorException")
                    ? "modelStreamErrorException" : "internalServerException";
        }
        write(frame(":exception-type", member, "exception", Json.object().put("message", error.getMessage())));
    }

    private static byte[] frame(String typeHeader, String type, String messageType, ObjectNode payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(typeHeader, HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString(messageType));
        ByteBuffer buffer = new Message(headers, Json.bytes(payload)).toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private void write(byte[] frame) {
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
