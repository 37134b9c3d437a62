package com.llmgateway.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in's Converse behaviour: Bedrock's request checks and a deterministic reply.
 *
 * <p>Reply: {@code "Echo from <modelId>: <first 12 words of the last user message>"}, cut at the
 * first stop sequence (stopReason {@code stop_sequence}) or at {@code maxTokens × 4} characters
 * (stopReason {@code max_tokens}), else {@code end_turn}.
 *
 * <p>Tokens follow the text: {@code ceil(chars / 4)} for each system block and for each message
 * (the chars of its text blocks); output tokens are {@code ceil(chars / 4)} of the reply.
 * Small methods on purpose, so tool use ({@code toolUse}/{@code toolResult} blocks) can be added.
 */
final class ConverseReplies {

    static final int ECHO_WORDS = 12;
    static final int MAX_STOP_SEQUENCES = 4;

    private ConverseReplies() {
    }

    /** Bedrock's checks that the gateway must never trip; null when the request is valid. */
    static String validate(JsonNode request) {
        if (request == null || !request.isObject()) {
            return "The request body must be a JSON object.";
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "The messages field must contain at least one message.";
        }
        String previous = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                return "messages." + i + ".role must be user or assistant.";
            }
            if (i == 0 && !role.equals("user")) {
                return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
            }
            if (role.equals(previous)) {
                return "A conversation must alternate between user and assistant roles.";
            }
            previous = role;
            String blocks = validateBlocks(m.path("content"), "messages." + i + ".content");
            if (blocks != null) {
                return blocks;
            }
        }
        JsonNode system = request.path("system");
        if (!system.isMissingNode() && (!system.isArray() || !allText(system))) {
            return "The system field must be an array of non-blank text blocks.";
        }
        return validateInference(request.path("inferenceConfig"));
    }

    private static String validateBlocks(JsonNode content, String where) {
        if (!content.isArray() || content.isEmpty()) {
            return where + " must contain at least one content block.";
        }
        for (JsonNode block : content) {
            if (block.has("text") && block.path("text").asText("").isBlank()) {
                return "The text field in the ContentBlock object at " + where + " is blank.";
            }
            if (!block.has("text")) {
                return where + " holds a content block type the stand-in does not support yet.";
            }
        }
        return null;
    }

    private static boolean allText(JsonNode blocks) {
        for (JsonNode b : blocks) {
            if (b.path("text").asText("").isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String validateInference(JsonNode config) {
        if (config.isMissingNode() || config.isNull()) {
            return null;
        }
        if (config.has("maxTokens") && config.get("maxTokens").asInt() < 1) {
            return "inferenceConfig.maxTokens must be at least 1.";
        }
        if (config.has("temperature") && (config.get("temperature").asDouble() < 0 || config.get("temperature").asDouble() > 1)) {
            return "inferenceConfig.temperature must be between 0 and 1.";
        }
        if (config.has("topP") && (config.get("topP").asDouble() < 0 || config.get("topP").asDouble() > 1)) {
            return "inferenceConfig.topP must be between 0 and 1.";
        }
        if (config.path("stopSequences").size() > MAX_STOP_SEQUENCES) {
            return "inferenceConfig.stopSequences may hold at most " + MAX_STOP_SEQUENCES + " sequences.";
        }
        return null;
    }

    /** The Converse response for a valid request. */
    static ObjectNode reply(String modelId, JsonNode request, long latencyMs) {
        JsonNode config = request.path("inferenceConfig");
        String text = echo(modelId, lastUserText(request.path("messages")));
        String stopReason = "end_turn";
        int cut = firstStop(text, stopSequences(config));
        if (cut >= 0) {
            text = text.substring(0, cut);
            stopReason = "stop_sequence";
        }
        if (config.has("maxTokens") && tokens(text.length()) > config.get("maxTokens").asLong()) {
            text = text.substring(0, (int) Math.min(text.length(), config.get("maxTokens").asLong() * 4));
            stopReason = "max_tokens";
        }
        return response(text, stopReason, inputTokens(request), tokens(text.length()), latencyMs);
    }

    static String echo(String modelId, String lastUserText) {
        String[] words = lastUserText.trim().split("\\s+");
        List<String> first = new ArrayList<>();
        for (int i = 0; i < Math.min(ECHO_WORDS, words.length); i++) {
            first.add(words[i]);
        }
        return "Echo from " + modelId + ": " + String.join(" ", first);
    }

    static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (m.path("role").asText().equals("user")) {
                return String.join(" ", texts(m.path("content")));
            }
        }
        return "";
    }

    static long inputTokens(JsonNode request) {
        long tokens = 0;
        for (JsonNode block : request.path("system")) {
            tokens += tokens(block.path("text").asText("").length());
        }
        for (JsonNode m : request.path("messages")) {
            long chars = 0;
            for (String t : texts(m.path("content"))) {
                chars += t.length();
            }
            tokens += tokens(chars);
        }
        return tokens;
    }

    static long tokens(long chars) {
        return (chars + 3) / 4;
    }

    private static List<String> texts(JsonNode content) {
        List<String> out = new ArrayList<>();
        for (JsonNode block : content) {
            if (block.has("text")) {
                out.add(block.get("text").asText());
            }
        }
        return out;
    }

    private static List<String> stopSequences(JsonNode config) {
        List<String> out = new ArrayList<>();
        config.path("stopSequences").forEach(s -> out.add(s.asText()));
        return out;
    }

    private static int firstStop(String text, List<String> stops) {
        int at = -1;
        for (String s : stops) {
            int i = s.isEmpty() ? -1 : text.indexOf(s);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        return at;
    }

    private static ObjectNode response(String text, String stopReason, long inputTokens, long outputTokens, long latencyMs) {
        ObjectNode root = Json.object();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", text);
        root.put("stopReason", stopReason);
        ObjectNode usage = root.putObject("usage");
        usage.put("inputTokens", inputTokens);
        usage.put("outputTokens", outputTokens);
        usage.put("totalTokens", inputTokens + outputTokens);
        root.putObject("metrics").put("latencyMs", latencyMs);
        return root;
    }
}
