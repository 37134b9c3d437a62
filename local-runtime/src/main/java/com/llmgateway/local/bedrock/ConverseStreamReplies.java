package com.llmgateway.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's ConverseStream: the deterministic Converse reply of {@link ConverseReplies} cut
 * into the events Bedrock sends, in Bedrock's order and JSON shapes: {@code messageStart},
 * for a text block its {@code contentBlockDelta}s (one per token: a word with the space before it)
 * and {@code contentBlockStop}; for a tool use a {@code contentBlockStart} with its id and name,
 * the input JSON in {@code contentBlockDelta}s of {@value #TOOL_INPUT_PIECE} characters and a
 * {@code contentBlockStop}; then {@code messageStop} with the stop reason and {@code metadata}
 * with the usage and metrics. Each event is one AWS event-stream frame
 * ({@code application/vnd.amazon.eventstream}, prelude and message CRCs), encoded by the AWS SDK's
 * own {@code eventstream} library.
 */
final class ConverseStreamReplies {

    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    static final int TOOL_INPUT_PIECE = 8;

    private ConverseStreamReplies() {
    }

    /** One event: its {@code :event-type} and its JSON payload. */
    record Event(String type, ObjectNode payload) {
        boolean isDelta() {
            return type.equals("contentBlockDelta");
        }
    }

    /** The events of a Converse response built by {@link ConverseReplies#reply}. */
    static List<Event> events(ObjectNode converseResponse) {
        List<Event> events = new ArrayList<>();
        events.add(new Event("messageStart", Json.object().put("role", "assistant")));
        JsonNode content = converseResponse.path("output").path("message").path("content");
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            if (block.has("text")) {
                for (String token : tokens(block.get("text").asText())) {
                    ObjectNode delta = Json.object().put("contentBlockIndex", i);
                    delta.putObject("delta").put("text", token);
                    events.add(new Event("contentBlockDelta", delta));
                }
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                ObjectNode start = Json.object().put("contentBlockIndex", i);
                start.putObject("start").putObject("toolUse")
                        .put("toolUseId", use.path("toolUseId").asText()).put("name", use.path("name").asText());
                events.add(new Event("contentBlockStart", start));
                String input = Json.write(use.path("input"));
                for (int at = 0; at < input.length(); at += TOOL_INPUT_PIECE) {
                    ObjectNode delta = Json.object().put("contentBlockIndex", i);
                    delta.putObject("delta").putObject("toolUse")
                            .put("input", input.substring(at, Math.min(input.length(), at + TOOL_INPUT_PIECE)));
                    events.add(new Event("contentBlockDelta", delta));
                }
            }
            events.add(new Event("contentBlockStop", Json.object().put("contentBlockIndex", i)));
        }
        events.add(new Event("messageStop", Json.object().put("stopReason", converseResponse.path("stopReason").asText())));
        ObjectNode metadata = Json.object();
        metadata.set("usage", converseResponse.path("usage").deepCopy());
        metadata.set("metrics", converseResponse.path("metrics").deepCopy());
        events.add(new Event("metadata", metadata));
        return events;
    }

    /** The text in tokens: each word with the whitespace before it, so they concatenate to the text. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            out.add(text.substring(start, i));
            start = i;
        }
        if (out.isEmpty()) {
            out.add(text);
        }
        return out;
    }

    /** An event frame as Bedrock sends it. */
    static byte[] frame(Event event) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(event.type()));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return bytes(new Message(headers, Json.bytes(event.payload())));
    }

    /**
     * An exception frame as Bedrock sends one after the stream started, e.g.
     * {@code internalServerException}, {@code modelStreamErrorException}, {@code throttlingException}.
     */
    static byte[] exception(String exceptionType, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return bytes(new Message(headers, Json.bytes(Json.object().put("message", message))));
    }

    private static byte[] bytes(Message message) {
        var buffer = message.toByteBuffer();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
