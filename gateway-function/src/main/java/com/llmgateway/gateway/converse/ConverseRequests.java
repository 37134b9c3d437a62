package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Bedrock Converse request body as an OpenAI chat completion body, for the chat pipeline.
 *
 * <p>Mapped: {@code messages} (roles user and assistant; {@code text}, {@code toolUse} and
 * {@code toolResult} content blocks), {@code system} ({@code text} blocks), {@code toolConfig}
 * and {@code inferenceConfig} ({@code maxTokens}, {@code temperature}, {@code topP},
 * {@code stopSequences}). Ignored, as they change nothing the caller sees: {@code cachePoint}
 * blocks, {@code requestMetadata}, {@code performanceConfig}. Refused with a 400 naming the
 * field: every other content block (image, document, video, guardContent, reasoningContent...),
 * {@code guardrailConfig}, {@code additionalModelRequestFields},
 * {@code additionalModelResponseFieldPaths} and {@code promptVariables}. Field errors name the
 * Converse field (e.g. {@code messages[1].content[0].toolUse.name}).
 *
 * <p>Tools: {@code toolConfig.tools[].toolSpec} {name, description, inputSchema.json} become
 * OpenAI function {@code tools}; {@code toolChoice} {@code auto} / {@code any} / {@code tool}
 * becomes {@code tool_choice} {@code "auto"} / {@code "required"} / a named function. An
 * assistant turn's {@code toolUse} blocks become its {@code tool_calls} (input serialised as
 * the arguments string). A user turn's {@code toolResult} blocks become {@code tool} messages,
 * placed before the turn's text (OpenAI wants them right after the calls); {@code json} result
 * blocks travel as their JSON text, and a result with {@code status: "error"} is prefixed
 * "Error: " (chat completions have no error flag for tool results). As on Bedrock, tool blocks
 * need a {@code toolConfig}, and each toolUse must be answered by a toolResult in the next turn.
 */
final class ConverseRequests {

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> UNSUPPORTED_FIELDS = List.of("guardrailConfig",
            "additionalModelRequestFields", "additionalModelResponseFieldPaths", "promptVariables");
    private static final Set<String> INFERENCE_FIELDS = Set.of("maxTokens", "temperature", "topP", "stopSequences");
    /** Tool names and toolUseIds: what Bedrock and OpenAI both accept. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final String NAME_RULE = "must be 1 to 64 letters, digits, '_' or '-'";

    private ConverseRequests() {
    }

    /** The OpenAI chat body for {@code modelName}; throws a 400 naming the Converse field. */
    static ObjectNode toChatBody(String body, String modelName) {
        JsonNode root = read(body);
        for (String field : UNSUPPORTED_FIELDS) {
            JsonNode v = root.get(field);
            if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                throw invalid("'" + field + "' is not supported by this gateway yet.", field);
            }
        }
        ObjectNode chat = Json.object();
        chat.put("model", modelName);
        ArrayNode messages = chat.putArray("messages");
        JsonNode system = root.get("system");
        if (system != null && !system.isNull()) {
            List<String> texts = systemTexts(system);
            if (!texts.isEmpty()) {
                messages.addObject().put("role", "system").put("content", String.join("\n\n", texts));
            }
        }
        boolean tools = toolConfig(root.get("toolConfig"), chat);
        JsonNode turns = root.get("messages");
        if (turns == null || turns.isNull()) {
            throw invalid("Missing required field 'messages'.", "messages");
        }
        if (!turns.isArray() || turns.isEmpty()) {
            throw invalid("'messages' must be a non-empty array of {role, content} messages.", "messages");
        }
        Conversation conversation = new Conversation(tools, messages);
        for (int i = 0; i < turns.size(); i++) {
            conversation.add(turns.get(i), "messages[" + i + "]");
        }
        conversation.finish();
        inference(root.get("inferenceConfig"), chat);
        return chat;
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("The request body is empty; send a Converse request with 'messages'.", null);
        }
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON.", null);
        } catch (IOException e) {
            throw invalid("The request body could not be read.", null);
        }
        if (root == null || !root.isObject()) {
            throw invalid("The request body must be a JSON object.", null);
        }
        return root;
    }

    // ---- messages ---------------------------------------------------------------------------

    /** The turns seen so far, and the toolUse ids of the last assistant turn still to be answered. */
    private static final class Conversation {
        private final boolean tools;
        private final ArrayNode out;
        private final Set<String> useIds = new HashSet<>();
        private final Set<String> pending = new LinkedHashSet<>();
        private String pendingAt;

        Conversation(boolean tools, ArrayNode out) {
            this.tools = tools;
            this.out = out;
        }

        void add(JsonNode m, String where) {
            if (!m.isObject()) {
                throw invalid("'" + where + "' must be an object with 'role' and 'content'.", where);
            }
            String role = m.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw invalid("'" + where + ".role' must be 'user' or 'assistant'.", where + ".role");
            }
            JsonNode blocks = m.get("content");
            String at = where + ".content";
            if (blocks == null || blocks.isNull()) {
                throw invalid("Missing required field '" + at + "'.", at);
            }
            if (!blocks.isArray()) {
                throw invalid("'" + at + "' must be an array of content blocks such as {\"text\": \"...\"}.", at);
            }
            if (role.equals("assistant")) {
                assistant(blocks, at);
            } else {
                user(blocks, at);
            }
        }

        private void assistant(JsonNode blocks, String at) {
            if (!pending.isEmpty()) {
                throw unanswered();
            }
            List<String> texts = new ArrayList<>();
            ArrayNode calls = Json.array();
            for (int j = 0; j < blocks.size(); j++) {
                String bat = at + "[" + j + "]";
                String kind = kind(blocks.get(j), bat);
                switch (kind) {
                    case "cachePoint" -> { }
                    case "text" -> text(blocks.get(j), bat, texts);
                    case "toolUse" -> calls.add(toolUse(blocks.get(j).get("toolUse"), bat + ".toolUse"));
                    case "toolResult" -> throw invalid("'" + bat + ".toolResult': toolResult blocks belong in user"
                            + " messages.", bat + ".toolResult");
                    default -> throw unsupportedBlock(kind, bat);
                }
            }
            if (texts.isEmpty() && calls.isEmpty()) {
                throw invalid("'" + at + "' must hold at least one non-empty text or toolUse block.", at);
            }
            ObjectNode message = out.addObject().put("role", "assistant");
            if (texts.isEmpty()) {
                message.putNull("content");
            } else {
                ArrayNode parts = message.putArray("content");
                texts.forEach(t -> parts.addObject().put("type", "text").put("text", t));
            }
            if (!calls.isEmpty()) {
                message.set("tool_calls", calls);
                calls.forEach(c -> pending.add(c.path("id").asText()));
                pendingAt = at;
            }
        }

        private void user(JsonNode blocks, String at) {
            List<String> texts = new ArrayList<>();
            List<ObjectNode> results = new ArrayList<>();
            for (int j = 0; j < blocks.size(); j++) {
                String bat = at + "[" + j + "]";
                String kind = kind(blocks.get(j), bat);
                switch (kind) {
                    case "cachePoint" -> { }
                    case "text" -> text(blocks.get(j), bat, texts);
                    case "toolResult" -> results.add(toolResult(blocks.get(j).get("toolResult"), bat + ".toolResult"));
                    case "toolUse" -> throw invalid("'" + bat + ".toolUse': toolUse blocks belong in assistant"
                            + " messages.", bat + ".toolUse");
                    default -> throw unsupportedBlock(kind, bat);
                }
            }
            if (!pending.isEmpty()) {
                throw invalid("'" + at + "' must hold a toolResult for each toolUse of '" + pendingAt + "'; none for"
                        + " toolUseId '" + pending.iterator().next() + "'.", at);
            }
            if (texts.isEmpty() && results.isEmpty()) {
                throw invalid("'" + at + "' must hold at least one non-empty text block.", at);
            }
            out.addAll(results); // the tool messages first: OpenAI wants them right after the calls
            if (!texts.isEmpty()) {
                ArrayNode parts = out.addObject().put("role", "user").putArray("content");
                texts.forEach(t -> parts.addObject().put("type", "text").put("text", t));
            }
        }

        /** An assistant toolUse as an OpenAI tool call. */
        private ObjectNode toolUse(JsonNode use, String at) {
            requireTools(at);
            requireObject(use, at, "{\"toolUseId\", \"name\", \"input\"}");
            String id = name(use.get("toolUseId"), at + ".toolUseId");
            if (!useIds.add(id)) {
                throw invalid("'" + at + ".toolUseId': the toolUseId '" + id + "' is used twice.", at + ".toolUseId");
            }
            String name = name(use.get("name"), at + ".name");
            JsonNode input = use.get("input");
            if (input == null || input.isNull()) {
                throw invalid("Missing required field '" + at + ".input'.", at + ".input");
            }
            if (!input.isObject()) {
                throw invalid("'" + at + ".input' must be a JSON object.", at + ".input");
            }
            ObjectNode call = Json.object().put("id", id).put("type", "function");
            call.putObject("function").put("name", name).put("arguments", Json.write(input));
            return call;
        }

        /** A user toolResult as an OpenAI tool message. */
        private ObjectNode toolResult(JsonNode result, String at) {
            requireTools(at);
            requireObject(result, at, "{\"toolUseId\", \"content\"}");
            String id = name(result.get("toolUseId"), at + ".toolUseId");
            if (!pending.remove(id)) {
                throw invalid("'" + at + ".toolUseId' is '" + id + "', which matches no unanswered toolUse of the"
                        + " preceding assistant message.", at + ".toolUseId");
            }
            JsonNode status = result.get("status");
            boolean error = false;
            if (status != null && !status.isNull()) {
                if (!status.isTextual() || !(status.asText().equals("success") || status.asText().equals("error"))) {
                    throw invalid("'" + at + ".status' must be 'success' or 'error'.", at + ".status");
                }
                error = status.asText().equals("error");
            }
            JsonNode content = result.get("content");
            String cat = at + ".content";
            if (content == null || content.isNull()) {
                throw invalid("Missing required field '" + cat + "'.", cat);
            }
            if (!content.isArray()) {
                throw invalid("'" + cat + "' must be an array of {\"text\": ...} or {\"json\": ...} blocks.", cat);
            }
            List<String> texts = new ArrayList<>();
            for (int k = 0; k < content.size(); k++) {
                String pat = cat + "[" + k + "]";
                JsonNode part = content.get(k);
                String kind = kind(part, pat);
                switch (kind) {
                    case "text" -> text(part, pat, texts);
                    case "json" -> texts.add(Json.write(part.get("json")));
                    default -> throw invalid("Tool result block '" + kind + "' at '" + pat + "' is not supported by this"
                            + " gateway yet; send text or json blocks.", pat + "." + kind);
                }
            }
            if (texts.isEmpty()) {
                throw invalid("'" + cat + "' must hold at least one non-empty text or json block.", cat);
            }
            if (error) {
                texts.set(0, "Error: " + texts.get(0));
            }
            ObjectNode message = Json.object().put("role", "tool").put("tool_call_id", id);
            ArrayNode parts = message.putArray("content");
            texts.forEach(t -> parts.addObject().put("type", "text").put("text", t));
            return message;
        }

        private void requireTools(String at) {
            if (!tools) {
                throw invalid("'" + at + "' needs a 'toolConfig' naming the tools: Bedrock requires toolConfig"
                        + " whenever toolUse or toolResult blocks are sent.", at);
            }
        }

        void finish() {
            if (!pending.isEmpty()) {
                throw unanswered();
            }
        }

        private GatewayException unanswered() {
            return invalid("The toolUse blocks of '" + pendingAt + "' must be answered by toolResult blocks in the next"
                    + " user message; none for toolUseId '" + pending.iterator().next() + "'.", pendingAt);
        }
    }

    /** A content block's kind: its one member ({@code text} wins when there are several, as before). */
    private static String kind(JsonNode block, String at) {
        if (!block.isObject() || block.isEmpty()) {
            throw invalid("'" + at + "' must be a content block such as {\"text\": \"...\"}.", at);
        }
        if (block.has("text")) {
            return "text";
        }
        if (block.has("cachePoint") && block.size() == 1) {
            return "cachePoint"; // a prompt-caching hint: the answer is the same without it
        }
        return block.fieldNames().next();
    }

    private static void text(JsonNode block, String at, List<String> texts) {
        JsonNode text = block.get("text");
        if (!text.isTextual()) {
            throw invalid("'" + at + ".text' must be a string.", at + ".text");
        }
        if (!text.asText().isBlank()) {
            texts.add(text.asText());
        }
    }

    private static GatewayException unsupportedBlock(String kind, String at) {
        return invalid("Content block '" + kind + "' at '" + at + "' is not supported by this gateway yet;"
                + " send text, toolUse or toolResult blocks.", at + "." + kind);
    }

    private static List<String> systemTexts(JsonNode blocks) {
        if (!blocks.isArray()) {
            throw invalid("'system' must be an array of content blocks such as {\"text\": \"...\"}.", "system");
        }
        List<String> texts = new ArrayList<>();
        for (int j = 0; j < blocks.size(); j++) {
            String at = "system[" + j + "]";
            String kind = kind(blocks.get(j), at);
            switch (kind) {
                case "cachePoint" -> { }
                case "text" -> text(blocks.get(j), at, texts);
                default -> throw invalid("Content block '" + kind + "' at '" + at + "' is not supported by this gateway"
                        + " yet; send text blocks.", at + "." + kind);
            }
        }
        return texts;
    }

    // ---- tools ------------------------------------------------------------------------------

    /** Puts {@code tools} and {@code tool_choice} on the chat body; false when no toolConfig is sent. */
    private static boolean toolConfig(JsonNode config, ObjectNode chat) {
        if (config == null || config.isNull()) {
            return false;
        }
        requireObject(config, "toolConfig", "{\"tools\": [...], \"toolChoice\": {...}}");
        config.fieldNames().forEachRemaining(f -> {
            if (!f.equals("tools") && !f.equals("toolChoice")) {
                throw invalid("'toolConfig." + f + "' is not a toolConfig field; use tools and toolChoice.", "toolConfig." + f);
            }
        });
        JsonNode tools = config.get("tools");
        if (tools == null || tools.isNull()) {
            throw invalid("Missing required field 'toolConfig.tools'.", "toolConfig.tools");
        }
        if (!tools.isArray()) {
            throw invalid("'toolConfig.tools' must be an array of {\"toolSpec\": {...}} tools.", "toolConfig.tools");
        }
        ArrayNode out = Json.array();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String at = "toolConfig.tools[" + i + "]";
            JsonNode tool = tools.get(i);
            requireObject(tool, at, "{\"toolSpec\": {...}}");
            if (tool.has("cachePoint") && tool.size() == 1) {
                continue;
            }
            JsonNode spec = tool.get("toolSpec");
            if (spec == null || spec.isNull()) {
                throw invalid("Missing required field '" + at + ".toolSpec': each tool is a {\"toolSpec\": {...}}.",
                        at + ".toolSpec");
            }
            at += ".toolSpec";
            requireObject(spec, at, "{\"name\", \"description\", \"inputSchema\": {\"json\": {...}}}");
            String name = name(spec.get("name"), at + ".name");
            if (!names.add(name)) {
                throw invalid("'" + at + ".name': the tool name '" + name + "' is given twice.", at + ".name");
            }
            ObjectNode fn = out.addObject().put("type", "function").putObject("function").put("name", name);
            JsonNode description = spec.get("description");
            if (description != null && !description.isNull()) {
                if (!description.isTextual()) {
                    throw invalid("'" + at + ".description' must be a string.", at + ".description");
                }
                fn.put("description", description.asText());
            }
            JsonNode schema = spec.path("inputSchema").get("json");
            if (schema == null || !schema.isObject()) {
                throw invalid("'" + at + ".inputSchema.json' must be a JSON Schema object.", at + ".inputSchema.json");
            }
            fn.set("parameters", schema.deepCopy());
        }
        if (out.isEmpty()) {
            throw invalid("'toolConfig.tools' must hold at least one toolSpec.", "toolConfig.tools");
        }
        chat.set("tools", out);
        JsonNode choice = config.get("toolChoice");
        if (choice != null && !choice.isNull()) {
            chat.set("tool_choice", toolChoice(choice, names));
        }
        return true;
    }

    private static JsonNode toolChoice(JsonNode choice, Set<String> names) {
        String at = "toolConfig.toolChoice";
        if (!choice.isObject() || choice.size() != 1
                || !(choice.has("auto") || choice.has("any") || choice.has("tool"))) {
            throw invalid("'" + at + "' must hold exactly one of {\"auto\": {}}, {\"any\": {}} or {\"tool\": {\"name\": ...}}.", at);
        }
        if (choice.has("auto")) {
            return Json.MAPPER.getNodeFactory().textNode("auto");
        }
        if (choice.has("any")) {
            return Json.MAPPER.getNodeFactory().textNode("required");
        }
        requireObject(choice.get("tool"), at + ".tool", "{\"name\": ...}");
        String name = name(choice.get("tool").get("name"), at + ".tool.name");
        if (!names.contains(name)) {
            throw invalid("'" + at + ".tool.name' names '" + name + "', which is not one of 'toolConfig.tools'.",
                    at + ".tool.name");
        }
        ObjectNode named = Json.object().put("type", "function");
        named.putObject("function").put("name", name);
        return named;
    }

    private static String name(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            throw invalid("Missing required field '" + at + "'.", at);
        }
        if (!node.isTextual() || !NAME.matcher(node.asText()).matches()) {
            throw invalid("'" + at + "' " + NAME_RULE + ".", at);
        }
        return node.asText();
    }

    private static void requireObject(JsonNode node, String at, String shape) {
        if (node == null || !node.isObject()) {
            throw invalid("'" + at + "' must be an object " + shape + ".", at);
        }
    }

    // ---- inference --------------------------------------------------------------------------

    private static void inference(JsonNode config, ObjectNode chat) {
        if (config == null || config.isNull()) {
            return;
        }
        if (!config.isObject()) {
            throw invalid("'inferenceConfig' must be an object.", "inferenceConfig");
        }
        config.fieldNames().forEachRemaining(f -> {
            if (!INFERENCE_FIELDS.contains(f)) {
                throw invalid("'inferenceConfig." + f + "' is not a Converse inference parameter;"
                        + " use maxTokens, temperature, topP, stopSequences.", "inferenceConfig." + f);
            }
        });
        copyNumber(config, "maxTokens", chat, "max_tokens", true);
        copyNumber(config, "temperature", chat, "temperature", false);
        copyNumber(config, "topP", chat, "top_p", false);
        JsonNode stops = config.get("stopSequences");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray()) {
                throw invalid("'inferenceConfig.stopSequences' must be an array of strings.", "inferenceConfig.stopSequences");
            }
            if (!stops.isEmpty()) {
                chat.set("stop", stops.deepCopy());
            }
        }
    }

    private static void copyNumber(JsonNode config, String field, ObjectNode chat, String to, boolean integral) {
        JsonNode v = config.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (integral ? !v.isIntegralNumber() : !v.isNumber()) {
            throw invalid("'inferenceConfig." + field + "' must be " + (integral ? "a whole number." : "a number."),
                    "inferenceConfig." + field);
        }
        chat.set(to, v.deepCopy());
    }

    static GatewayException invalid(String message, String field) {
        return GatewayException.badRequest(message, field, "validation_error");
    }
}
