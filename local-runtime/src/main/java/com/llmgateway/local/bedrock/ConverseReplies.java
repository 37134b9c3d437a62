package com.llmgateway.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The stand-in's Converse behaviour: Bedrock's request checks and a deterministic reply.
 *
 * <p>Reply: the answer to an MCP delegation tool's prompt ({@link DelegationReplies}), else
 * {@code "Echo from <modelId>: <first 12 words of the last user message>"}, cut at the
 * first stop sequence (stopReason {@code stop_sequence}) or at {@code maxTokens × 4} characters
 * (stopReason {@code max_tokens}), else {@code end_turn}.
 *
 * <p>Tokens follow the text: {@code ceil(chars / 4)} for each system block and for each message
 * (the chars of its text blocks); output tokens are {@code ceil(chars / 4)} of the reply.
 *
 * <p>Tools: with a {@code toolConfig} and no {@code toolResult} in the last user turn, the reply
 * is a {@code toolUse} of the forced tool (else the first) with an input built from its schema,
 * stopReason {@code tool_use}; when the last user turn carries {@code toolResult} blocks, the
 * reply is {@code "Tool <name> returned: <text>"} with {@code end_turn}. Tool blocks without a
 * {@code toolConfig}, unanswered tool uses and results matching no tool use are
 * ValidationExceptions, as on Bedrock.
 */
final class ConverseReplies {

    static final int ECHO_WORDS = 12;
    static final int MAX_STOP_SEQUENCES = 4;
    /** Tool names and tool use ids as Bedrock accepts them. */
    static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

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
        boolean usesTools = false;
        Set<String> unanswered = new LinkedHashSet<>();
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
            String where = "messages." + i + ".content";
            String blocks = validateBlocks(m.path("content"), where, role);
            if (blocks != null) {
                return blocks;
            }
            Set<String> answered = new HashSet<>();
            for (JsonNode block : m.path("content")) {
                if (block.has("toolResult")) {
                    String id = block.path("toolResult").path("toolUseId").asText();
                    if (!unanswered.contains(id)) {
                        return "The toolUseId " + id + " in " + where
                                + " does not match a toolUse block of the previous assistant message.";
                    }
                    answered.add(id);
                }
                usesTools |= block.has("toolUse") || block.has("toolResult");
            }
            unanswered.removeAll(answered);
            if (!unanswered.isEmpty()) {
                return "Expected toolResult blocks at " + where + " for the toolUse ids " + unanswered
                        + " of the previous message.";
            }
            for (JsonNode block : m.path("content")) {
                if (block.has("toolUse")) {
                    unanswered.add(block.path("toolUse").path("toolUseId").asText());
                }
            }
        }
        if (!unanswered.isEmpty() && previous.equals("assistant")) {
            return "The last assistant message has toolUse blocks without toolResult blocks after them.";
        }
        JsonNode system = request.path("system");
        if (!system.isMissingNode() && (!system.isArray() || !allText(system))) {
            return "The system field must be an array of non-blank text blocks.";
        }
        JsonNode toolConfig = request.path("toolConfig");
        if (toolConfig.isMissingNode() || toolConfig.isNull()) {
            if (usesTools) {
                return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
            }
        } else {
            String tools = validateToolConfig(toolConfig);
            if (tools != null) {
                return tools;
            }
        }
        return validateInference(request.path("inferenceConfig"));
    }

    private static String validateBlocks(JsonNode content, String where, String role) {
        if (!content.isArray() || content.isEmpty()) {
            return where + " must contain at least one content block.";
        }
        for (JsonNode block : content) {
            if (block.size() != 1) {
                return "Each ContentBlock object at " + where + " must hold exactly one member.";
            }
            if (block.has("text")) {
                if (block.path("text").asText("").isBlank()) {
                    return "The text field in the ContentBlock object at " + where + " is blank.";
                }
            } else if (block.has("toolUse")) {
                if (!role.equals("assistant")) {
                    return "toolUse blocks are only allowed in assistant messages (" + where + ").";
                }
                JsonNode use = block.get("toolUse");
                if (!TOOL_NAME.matcher(use.path("toolUseId").asText("")).matches()
                        || !TOOL_NAME.matcher(use.path("name").asText("")).matches() || !use.path("input").isObject()) {
                    return "The toolUse block at " + where + " needs a toolUseId, a name and an input object.";
                }
            } else if (block.has("toolResult")) {
                if (!role.equals("user")) {
                    return "toolResult blocks are only allowed in user messages (" + where + ").";
                }
                JsonNode result = block.get("toolResult");
                if (!TOOL_NAME.matcher(result.path("toolUseId").asText("")).matches()) {
                    return "The toolResult block at " + where + " needs a toolUseId.";
                }
                JsonNode parts = result.path("content");
                if (!parts.isArray() || parts.isEmpty()) {
                    return "The toolResult block at " + where + " must contain at least one content block.";
                }
                for (JsonNode part : parts) {
                    if (!part.path("text").isTextual() && !part.path("json").isObject()) {
                        return "The toolResult content at " + where + " holds a block type the stand-in does not support.";
                    }
                }
                String status = result.path("status").asText("success");
                if (!status.equals("success") && !status.equals("error")) {
                    return "The toolResult status at " + where + " must be success or error.";
                }
            } else {
                return where + " holds a content block type the stand-in does not support yet.";
            }
        }
        return null;
    }

    private static String validateToolConfig(JsonNode config) {
        JsonNode tools = config.path("tools");
        if (!tools.isArray() || tools.isEmpty()) {
            return "The toolConfig.tools field must contain at least one tool.";
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode spec = tools.get(i).path("toolSpec");
            if (!spec.isObject()) {
                return "toolConfig.tools." + i + " must hold a toolSpec.";
            }
            String name = spec.path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                return "toolConfig.tools." + i + ".toolSpec.name must match [a-zA-Z0-9_-]{1,64}.";
            }
            if (!names.add(name)) {
                return "The toolConfig.tools field holds the tool name " + name + " twice.";
            }
            if (spec.has("description") && spec.path("description").asText("").isEmpty()) {
                return "toolConfig.tools." + i + ".toolSpec.description must not be empty.";
            }
            if (!spec.path("inputSchema").path("json").isObject()) {
                return "toolConfig.tools." + i + ".toolSpec.inputSchema.json must be a JSON object.";
            }
        }
        JsonNode choice = config.path("toolChoice");
        if (!choice.isMissingNode() && !choice.isNull()) {
            if (!choice.isObject() || choice.size() != 1
                    || !(choice.has("auto") || choice.has("any") || choice.has("tool"))) {
                return "toolConfig.toolChoice must hold exactly one of auto, any, tool.";
            }
            if (choice.has("tool") && !names.contains(choice.path("tool").path("name").asText(""))) {
                return "toolConfig.toolChoice.tool.name must name one of toolConfig.tools.";
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

    /**
     * The Converse response for a valid request: a tool use when tools are offered and the last
     * user turn carries no tool result; a report of the tool results when it does; else the echo.
     */
    static ObjectNode reply(String modelId, JsonNode request, long latencyMs) {
        JsonNode config = request.path("inferenceConfig");
        JsonNode messages = request.path("messages");
        JsonNode lastUser = lastUser(messages);
        List<JsonNode> results = blocks(lastUser, "toolResult");
        if (request.path("toolConfig").isObject() && results.isEmpty()) {
            return toolUse(request, latencyMs);
        }
        String delegated = results.isEmpty() ? DelegationReplies.reply(request.path("system"), lastUserText(messages)) : null;
        String text = delegated != null ? delegated
                : results.isEmpty() ? echo(modelId, lastUserText(messages)) : reportResults(messages, results);
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
        ObjectNode content = Json.object().put("text", text);
        return response(content, stopReason, inputTokens(request), tokens(text.length()), latencyMs);
    }

    /**
     * A call of the forced tool, else the first one: {@code toolUseId} {@code tooluse_<n>} (n = the
     * conversation's tool uses so far + 1) and an input built from the tool's schema
     * ({@link #example(JsonNode)}); stopReason {@code tool_use}.
     */
    private static ObjectNode toolUse(JsonNode request, long latencyMs) {
        JsonNode config = request.path("toolConfig");
        String forced = config.path("toolChoice").path("tool").path("name").asText(null);
        JsonNode spec = config.path("tools").get(0).path("toolSpec");
        for (JsonNode tool : config.path("tools")) {
            if (tool.path("toolSpec").path("name").asText().equals(forced)) {
                spec = tool.path("toolSpec");
            }
        }
        int previous = 0;
        for (JsonNode m : request.path("messages")) {
            previous += blocks(m, "toolUse").size();
        }
        String name = spec.path("name").asText();
        JsonNode input = example(spec.path("inputSchema").path("json"));
        ObjectNode block = Json.object();
        block.putObject("toolUse").put("toolUseId", "tooluse_" + (previous + 1)).put("name", name).set("input", input);
        return response(block, "tool_use", inputTokens(request), tokens(name.length() + Json.write(input).length()), latencyMs);
    }

    /** "Tool <name> returned: <text>" for each result of the last user turn, joined by "; ". */
    private static String reportResults(JsonNode messages, List<JsonNode> results) {
        List<String> reports = new ArrayList<>();
        for (JsonNode result : results) {
            String id = result.path("toolUseId").asText();
            String name = id;
            for (JsonNode m : messages) {
                for (JsonNode use : blocks(m, "toolUse")) {
                    if (use.path("toolUseId").asText().equals(id)) {
                        name = use.path("name").asText();
                    }
                }
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode part : result.path("content")) {
                parts.add(part.has("text") ? part.get("text").asText() : Json.write(part.get("json")));
            }
            reports.add("Tool " + name + " returned: " + String.join(" ", parts));
        }
        return String.join("; ", reports);
    }

    /**
     * A value that fits a JSON Schema: its {@code const}, else its {@code default}; the required properties of an object (all of them when it
     * names none), strings "example" (or the first enum value), numbers and integers 1, booleans
     * true, arrays one example item.
     */
    static JsonNode example(JsonNode schema) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("default")) {
            return schema.get("default");
        }
        JsonNode e = schema.path("enum");
        if (e.isArray() && !e.isEmpty()) {
            return e.get(0);
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText("") : schema.path("type").asText("");
        if (type.isEmpty() && schema.has("properties")) {
            type = "object";
        }
        return switch (type) {
            case "object" -> {
                ObjectNode o = Json.object();
                JsonNode properties = schema.path("properties");
                List<String> names = new ArrayList<>();
                if (schema.path("required").isArray()) {
                    schema.path("required").forEach(n -> names.add(n.asText()));
                } else {
                    properties.fieldNames().forEachRemaining(names::add);
                }
                for (String n : names) {
                    o.set(n, example(properties.path(n)));
                }
                yield o;
            }
            case "integer", "number" -> Json.MAPPER.getNodeFactory().numberNode(1);
            case "boolean" -> Json.MAPPER.getNodeFactory().booleanNode(true);
            case "array" -> {
                var a = Json.array();
                if (schema.path("items").isObject()) {
                    a.add(example(schema.path("items")));
                }
                yield a;
            }
            case "null" -> Json.MAPPER.getNodeFactory().nullNode();
            default -> Json.MAPPER.getNodeFactory().textNode("example");
        };
    }

    private static JsonNode lastUser(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("role").asText().equals("user")) {
                return messages.get(i);
            }
        }
        return Json.object();
    }

    /** The members named {@code kind} of a message's content blocks. */
    private static List<JsonNode> blocks(JsonNode message, String kind) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode block : message.path("content")) {
            if (block.has(kind)) {
                out.add(block.get(kind));
            }
        }
        return out;
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

    /**
     * ceil(chars / 4) for each system block, each message (its texts, tool uses' names and
     * compact JSON inputs, tool results' texts) and each tool spec (name, description, compact
     * JSON schema).
     */
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
            for (JsonNode use : blocks(m, "toolUse")) {
                chars += use.path("name").asText().length() + Json.write(use.path("input")).length();
            }
            for (JsonNode result : blocks(m, "toolResult")) {
                for (String t : texts(result.path("content"))) {
                    chars += t.length();
                }
            }
            tokens += tokens(chars);
        }
        for (JsonNode tool : request.path("toolConfig").path("tools")) {
            JsonNode spec = tool.path("toolSpec");
            tokens += tokens(spec.path("name").asText().length() + spec.path("description").asText("").length()
                    + Json.write(spec.path("inputSchema").path("json")).length());
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

    private static ObjectNode response(ObjectNode block, String stopReason, long inputTokens, long outputTokens,
                                       long latencyMs) {
        ObjectNode root = Json.object();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").add(block);
        root.put("stopReason", stopReason);
        ObjectNode usage = root.putObject("usage");
        usage.put("inputTokens", inputTokens);
        usage.put("outputTokens", outputTokens);
        usage.put("totalTokens", inputTokens + outputTokens);
        root.putObject("metrics").put("latencyMs", latencyMs);
        return root;
    }
}
