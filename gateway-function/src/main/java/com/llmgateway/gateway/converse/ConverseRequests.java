package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.ChatRequest;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolChoice;
import com.llmgateway.gateway.model.ToolConfig;
import com.llmgateway.gateway.model.ToolSchemas;
import com.llmgateway.gateway.model.ToolSpec;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Bedrock Converse request body as the neutral {@link ChatRequest}, for the chat pipeline: no
 * other protocol's JSON in between, and every field error names the Converse field (e.g.
 * {@code messages[1].content[0].toolUse.name}).
 *
 * <p>Mapped: {@code messages} (roles user and assistant; {@code text}, {@code toolUse} and
 * {@code toolResult} content blocks), {@code system} ({@code text} blocks), {@code toolConfig}
 * and {@code inferenceConfig} ({@code maxTokens} 1..the model's maximum, {@code temperature} and
 * {@code topP} 0..1 as Bedrock takes them, up to four {@code stopSequences}). Checked for shape and
 * then ignored, as they change nothing the caller sees: {@code cachePoint} blocks,
 * {@code requestMetadata}, {@code performanceConfig}, {@code serviceTier} {@code default}. Refused
 * with a 400 naming the field: every other content block (image, document, video, guardContent,
 * reasoningContent...), {@code guardrailConfig}, {@code additionalModelRequestFields},
 * {@code additionalModelResponseFieldPaths}, {@code promptVariables}, {@code outputConfig}, other
 * service tiers, {@code strict} tool specs and server tools.
 *
 * <p>Checked as Bedrock checks, never trimmed: every block is a union that sets exactly one
 * member ({@code text} beside {@code image} is refused, not half-read), a blank text is refused in
 * Bedrock's words, and a member the Converse API does not have (at the top level, in a message, a
 * toolUse, a toolResult or a toolSpec) is refused rather than silently ignored.
 *
 * <p>Tools: {@code toolConfig.tools[].toolSpec} {name, description, inputSchema.json} and
 * {@code toolChoice} {@code auto} / {@code any} / {@code tool} map one to one. A {@code toolResult}
 * keeps its {@code text} blocks, {@code json} blocks travel as their JSON text, and a result with
 * {@code status: "error"} is prefixed "Error: ". As on Bedrock, tool blocks need a
 * {@code toolConfig}, and each toolUse must be answered by a toolResult in the next turn.
 * Consecutive turns of one role are merged, as Bedrock wants alternating turns.
 */
final class ConverseRequests {

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> UNSUPPORTED_FIELDS = List.of("guardrailConfig",
            "additionalModelRequestFields", "additionalModelResponseFieldPaths", "promptVariables", "outputConfig");
    /** The members of a Converse request body (modelId travels in the path), as the AWS SDK's model has them. */
    private static final Set<String> REQUEST_FIELDS = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "additionalModelResponseFieldPaths", "promptVariables",
            "requestMetadata", "performanceConfig", "serviceTier", "outputConfig");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
    private static final Set<String> TOOL_USE_FIELDS = Set.of("toolUseId", "name", "input", "type");
    private static final Set<String> TOOL_RESULT_FIELDS = Set.of("toolUseId", "content", "status", "type");
    private static final Set<String> TOOL_SPEC_FIELDS = Set.of("name", "description", "inputSchema", "strict");
    private static final Set<String> CACHE_POINT_FIELDS = Set.of("type", "ttl");
    /** Echoes of caller input in a message are cut to this many characters. */
    private static final Set<String> INFERENCE_FIELDS = Set.of("maxTokens", "temperature", "topP", "stopSequences");
    static final int MAX_STOP_SEQUENCES = 4;
    static final int MAX_TOOLS = 128;
    /** Tool names and toolUseIds: what Bedrock accepts. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final String NAME_RULE = "must be 1 to 64 letters, digits, '_' or '-'";

    private ConverseRequests() {
    }

    /** The neutral request for the path's model id; throws a 400 (or 404 for an unknown model) naming the Converse field. */
    static ChatRequest parse(String body, String modelId, ModelCatalog catalog) {
        JsonNode root = read(body);
        ModelInfo model = ConverseModelIds.resolve(modelId, catalog);
        root.fieldNames().forEachRemaining(f -> {
            if (!REQUEST_FIELDS.contains(f)) {
                throw invalid("'" + echo(f) + "' is not a field of a Converse request; see the Converse API reference"
                        + " for its fields.", echo(f));
            }
        });
        for (String field : UNSUPPORTED_FIELDS) {
            JsonNode v = root.get(field);
            if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                throw invalid("'" + field + "' is not supported by this gateway yet.", field);
            }
        }
        List<String> system = List.of();
        JsonNode systemNode = root.get("system");
        if (systemNode != null && !systemNode.isNull()) {
            system = systemTexts(systemNode);
        }
        ToolConfig tools = toolConfig(root.get("toolConfig"), model);
        JsonNode turns = root.get("messages");
        if (turns == null || turns.isNull()) {
            throw invalid("Missing required field 'messages'.", "messages");
        }
        if (!turns.isArray() || turns.isEmpty()) {
            throw invalid("'messages' must be a non-empty array of {role, content} messages.", "messages");
        }
        Conversation conversation = new Conversation(tools != null);
        for (int i = 0; i < turns.size(); i++) {
            conversation.add(turns.get(i), "messages[" + i + "]");
        }
        List<ModelMessage> messages = conversation.finish();
        JsonNode config = root.get("inferenceConfig");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw invalid("'inferenceConfig' must be an object.", "inferenceConfig");
        }
        if (config == null || config.isNull()) {
            config = Json.object();
        }
        JsonNode cfg = config;
        cfg.fieldNames().forEachRemaining(f -> {
            if (!INFERENCE_FIELDS.contains(f)) {
                throw invalid("'inferenceConfig." + echo(f) + "' is not a Converse inference parameter;"
                        + " use maxTokens, temperature, topP, stopSequences.", "inferenceConfig." + echo(f));
            }
        });
        requestMetadata(root.get("requestMetadata"));
        performanceConfig(root.get("performanceConfig"));
        serviceTier(root.get("serviceTier"));
        return new ChatRequest(modelId, model, system, messages, maxTokens(cfg, model), unit(cfg, "temperature"),
                unit(cfg, "topP"), stopSequences(cfg.get("stopSequences")), null, tools);
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
        private final List<ModelMessage> out = new ArrayList<>();
        private final Set<String> useIds = new HashSet<>();
        private final Set<String> pending = new LinkedHashSet<>();
        private String pendingAt;

        Conversation(boolean tools) {
            this.tools = tools;
        }

        void add(JsonNode m, String where) {
            if (!m.isObject()) {
                throw invalid("'" + where + "' must be an object with 'role' and 'content'.", where);
            }
            onlyFields(m, MESSAGE_FIELDS, where, "a Message");
            JsonNode roleNode = m.path("role");
            String role = roleNode.isTextual() ? roleNode.asText() : "";
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
            if (blocks.isEmpty()) {
                // Bedrock's wording
                throw invalid("The content field in the Message object at '" + where + "' is empty. Add a ContentBlock"
                        + " object to the content field and try again.", at);
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
            List<ContentBlock> content = new ArrayList<>();
            for (int j = 0; j < blocks.size(); j++) {
                String bat = at + "[" + j + "]";
                String kind = kind(blocks.get(j), bat, "ContentBlock");
                switch (kind) {
                    case "cachePoint" -> cachePoint(blocks.get(j), bat);
                    case "text" -> content.add(new ContentBlock.Text(text(blocks.get(j), bat, "ContentBlock")));
                    case "toolUse" -> {
                        ContentBlock.ToolUse use = toolUse(blocks.get(j).get("toolUse"), bat + ".toolUse");
                        content.add(use);
                        pending.add(use.id());
                        pendingAt = at;
                    }
                    case "toolResult" -> throw invalid("'" + bat + ".toolResult': toolResult blocks belong in user"
                            + " messages.", bat + ".toolResult");
                    default -> throw unsupportedBlock(kind, bat);
                }
            }
            if (content.isEmpty()) {
                throw invalid("'" + at + "' must hold at least one text or toolUse block besides cachePoint blocks.", at);
            }
            ModelMessage.appendMerging(out, new ModelMessage(ModelMessage.Role.ASSISTANT, content));
        }

        private void user(JsonNode blocks, String at) {
            List<ContentBlock> content = new ArrayList<>();
            for (int j = 0; j < blocks.size(); j++) {
                String bat = at + "[" + j + "]";
                String kind = kind(blocks.get(j), bat, "ContentBlock");
                switch (kind) {
                    case "cachePoint" -> cachePoint(blocks.get(j), bat);
                    case "text" -> content.add(new ContentBlock.Text(text(blocks.get(j), bat, "ContentBlock")));
                    case "toolResult" -> content.add(toolResult(blocks.get(j).get("toolResult"), bat + ".toolResult"));
                    case "toolUse" -> throw invalid("'" + bat + ".toolUse': toolUse blocks belong in assistant"
                            + " messages.", bat + ".toolUse");
                    default -> throw unsupportedBlock(kind, bat);
                }
            }
            if (!pending.isEmpty()) {
                throw invalid("'" + at + "' must hold a toolResult for each toolUse of '" + pendingAt + "'; none for"
                        + " toolUseId '" + pending.iterator().next() + "'.", at);
            }
            if (content.isEmpty()) {
                throw invalid("'" + at + "' must hold at least one text or toolResult block besides cachePoint blocks.", at);
            }
            ModelMessage.appendMerging(out, new ModelMessage(ModelMessage.Role.USER, content));
        }

        private ContentBlock.ToolUse toolUse(JsonNode use, String at) {
            requireTools(at);
            requireObject(use, at, "{\"toolUseId\", \"name\", \"input\"}");
            onlyFields(use, TOOL_USE_FIELDS, at, "a ToolUseBlock");
            notSupported(use.get("type"), at + ".type");
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
            return new ContentBlock.ToolUse(id, name, input.deepCopy());
        }

        private ContentBlock.ToolResult toolResult(JsonNode result, String at) {
            requireTools(at);
            requireObject(result, at, "{\"toolUseId\", \"content\"}");
            onlyFields(result, TOOL_RESULT_FIELDS, at, "a ToolResultBlock");
            notSupported(result.get("type"), at + ".type");
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
                String kind = kind(part, pat, "ToolResultContentBlock");
                switch (kind) {
                    case "text" -> texts.add(text(part, pat, "ToolResultContentBlock"));
                    case "json" -> {
                        if (part.get("json").isNull()) {
                            throw invalid("'" + pat + ".json' must be a JSON value, not null.", pat + ".json");
                        }
                        texts.add(Json.write(part.get("json")));
                    }
                    default -> throw invalid("Tool result block '" + echo(kind) + "' at '" + pat + "' is not supported"
                            + " by this gateway yet; send text or json blocks.", pat + "." + echo(kind));
                }
            }
            if (texts.isEmpty()) {
                throw invalid("'" + cat + "' must hold at least one text or json block.", cat);
            }
            if (error) {
                texts.set(0, "Error: " + texts.get(0));
            }
            return new ContentBlock.ToolResult(id, texts);
        }

        private void requireTools(String at) {
            if (!tools) {
                throw invalid("'" + at + "' needs a 'toolConfig' naming the tools: Bedrock requires toolConfig"
                        + " whenever toolUse or toolResult blocks are sent.", at);
            }
        }

        List<ModelMessage> finish() {
            if (!pending.isEmpty()) {
                throw unanswered();
            }
            if (out.get(0).role() != ModelMessage.Role.USER) {
                throw invalid("'messages[0]' must have role 'user': a conversation starts with a user message.",
                        "messages[0].role");
            }
            return out;
        }

        private GatewayException unanswered() {
            return invalid("The toolUse blocks of '" + pendingAt + "' must be answered by toolResult blocks in the next"
                    + " user message; none for toolUseId '" + pending.iterator().next() + "'.", pendingAt);
        }
    }

    /**
     * A content block's kind: its one member. Every Converse block is a union (ContentBlock,
     * SystemContentBlock, ToolResultContentBlock, Tool), and Bedrock refuses a block that sets
     * more than one member, so the gateway does too rather than drop one.
     *
     * @param type the union's name in Bedrock's API, for the message
     */
    private static String kind(JsonNode block, String at, String type) {
        if (!block.isObject() || block.isEmpty()) {
            throw invalid("'" + at + "' must be a content block such as {\"text\": \"...\"}.", at);
        }
        if (block.size() > 1) {
            List<String> members = new ArrayList<>();
            block.fieldNames().forEachRemaining(f -> {
                if (members.size() < 4) {
                    members.add(echo(f));
                }
            });
            throw invalid("The " + type + " object at '" + at + "' must hold exactly one member; it holds " + block.size()
                    + " (" + String.join(", ", members) + (block.size() > members.size() ? ", ..." : "") + ").", at);
        }
        return block.fieldNames().next();
    }

    /** A text block's text; Bedrock refuses a blank one. */
    private static String text(JsonNode block, String at, String type) {
        JsonNode text = block.get("text");
        if (!text.isTextual()) {
            throw invalid("'" + at + ".text' must be a string.", at + ".text");
        }
        if (text.asText().isBlank()) {
            // Bedrock's wording
            throw invalid("The text field in the " + type + " object at '" + at + "' is blank. Add text to the text"
                    + " field, and try again.", at + ".text");
        }
        return text.asText();
    }

    /** A prompt-caching hint: {"type": "default"} and an optional ttl. The answer is the same without it. */
    private static void cachePoint(JsonNode block, String at) {
        String cat = at + ".cachePoint";
        JsonNode point = block.get("cachePoint");
        requireObject(point, cat, "{\"type\": \"default\"}");
        onlyFields(point, CACHE_POINT_FIELDS, cat, "a CachePointBlock");
        if (!point.path("type").isTextual() || !point.get("type").asText().equals("default")) {
            throw invalid("'" + cat + ".type' must be 'default'.", cat + ".type");
        }
        JsonNode ttl = point.get("ttl");
        if (ttl != null && !ttl.isNull() && !ttl.isTextual()) {
            throw invalid("'" + cat + ".ttl' must be a string such as \"5m\".", cat + ".ttl");
        }
    }

    /** Refuses a member the object's type does not have (a misspelt field would otherwise vanish). */
    private static void onlyFields(JsonNode node, Set<String> fields, String at, String type) {
        node.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw invalid("'" + at + "." + echo(f) + "' is not a field of " + type + "; it has " + String.join(", ",
                        new java.util.TreeSet<>(fields)) + ".", at + "." + echo(f));
            }
        });
    }

    /** A member the gateway cannot honour: absent or null only. */
    private static void notSupported(JsonNode v, String at) {
        if (v != null && !v.isNull()) {
            throw invalid("'" + at + "' is not supported by this gateway yet.", at);
        }
    }

    /** A caller's value as a message may quote it: cut to the gateway's one bound ({@link Echo#cut}). */
    static String echo(String s) {
        return Echo.cut(s);
    }

    private static GatewayException unsupportedBlock(String kind, String at) {
        return invalid("Content block '" + echo(kind) + "' at '" + at + "' is not supported by this gateway yet;"
                + " send text, toolUse or toolResult blocks.", at + "." + echo(kind));
    }

    private static List<String> systemTexts(JsonNode blocks) {
        if (!blocks.isArray()) {
            throw invalid("'system' must be an array of content blocks such as {\"text\": \"...\"}.", "system");
        }
        List<String> texts = new ArrayList<>();
        for (int j = 0; j < blocks.size(); j++) {
            String at = "system[" + j + "]";
            String kind = kind(blocks.get(j), at, "SystemContentBlock");
            switch (kind) {
                case "cachePoint" -> cachePoint(blocks.get(j), at);
                case "text" -> texts.add(text(blocks.get(j), at, "SystemContentBlock"));
                default -> throw invalid("Content block '" + echo(kind) + "' at '" + at + "' is not supported by this"
                        + " gateway yet; send text or cachePoint blocks.", at + "." + echo(kind));
            }
        }
        return texts;
    }

    // ---- tools ------------------------------------------------------------------------------

    /** The tools on offer; null when no toolConfig is sent. */
    private static ToolConfig toolConfig(JsonNode config, ModelInfo model) {
        if (config == null || config.isNull()) {
            return null;
        }
        requireObject(config, "toolConfig", "{\"tools\": [...], \"toolChoice\": {...}}");
        config.fieldNames().forEachRemaining(f -> {
            if (!f.equals("tools") && !f.equals("toolChoice")) {
                throw invalid("'toolConfig." + echo(f) + "' is not a toolConfig field; use tools and toolChoice.",
                        "toolConfig." + echo(f));
            }
        });
        JsonNode tools = config.get("tools");
        if (tools == null || tools.isNull()) {
            throw invalid("Missing required field 'toolConfig.tools'.", "toolConfig.tools");
        }
        if (!tools.isArray()) {
            throw invalid("'toolConfig.tools' must be an array of {\"toolSpec\": {...}} tools.", "toolConfig.tools");
        }
        if (!model.supportsTools()) {
            throw invalid("The model '" + model.name() + "' does not support tool use; GET /v1/models shows which"
                    + " models do (capabilities.tools).", "toolConfig");
        }
        if (tools.size() > MAX_TOOLS) {
            throw invalid("'toolConfig.tools' may hold at most " + MAX_TOOLS + " tools.", "toolConfig.tools");
        }
        List<ToolSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String at = "toolConfig.tools[" + i + "]";
            JsonNode tool = tools.get(i);
            requireObject(tool, at, "{\"toolSpec\": {...}}");
            if (tool.isEmpty()) {
                throw invalid("Missing required field '" + at + ".toolSpec': each tool is a {\"toolSpec\": {...}}.",
                        at + ".toolSpec");
            }
            String kind = kind(tool, at, "Tool");
            if (kind.equals("cachePoint")) {
                cachePoint(tool, at);
                continue;
            }
            if (!kind.equals("toolSpec")) {
                throw invalid("Tool '" + echo(kind) + "' at '" + at + "' is not supported by this gateway yet;"
                        + " each tool is a {\"toolSpec\": {...}}.", at + "." + echo(kind));
            }
            JsonNode spec = tool.get("toolSpec");
            at += ".toolSpec";
            requireObject(spec, at, "{\"name\", \"description\", \"inputSchema\": {\"json\": {...}}}");
            onlyFields(spec, TOOL_SPEC_FIELDS, at, "a ToolSpecification");
            JsonNode strict = spec.get("strict");
            if (strict != null && !strict.isNull() && !(strict.isBoolean() && !strict.asBoolean())) {
                throw invalid("'" + at + ".strict' is not supported by this gateway yet (only false).", at + ".strict");
            }
            String name = name(spec.get("name"), at + ".name");
            if (!names.add(name)) {
                throw invalid("'" + at + ".name': the tool name '" + name + "' is given twice.", at + ".name");
            }
            String description = null;
            JsonNode d = spec.get("description");
            if (d != null && !d.isNull()) {
                if (!d.isTextual() || d.asText().isEmpty()) {
                    throw invalid("'" + at + ".description' must be a non-empty string.", at + ".description");
                }
                description = d.asText();
            }
            JsonNode inputSchema = spec.get("inputSchema");
            if (inputSchema != null && inputSchema.isObject() && inputSchema.size() > 1) {
                kind(inputSchema, at + ".inputSchema", "ToolInputSchema");
            }
            JsonNode schema = spec.path("inputSchema").get("json");
            if (schema == null || !schema.isObject()) {
                throw invalid("'" + at + ".inputSchema.json' must be a JSON Schema object.", at + ".inputSchema.json");
            }
            String schemaAt = at + ".inputSchema.json";
            ToolSchemas.problem(schema).ifPresent(problem -> {
                throw invalid("'" + schemaAt + "' is not a valid JSON Schema " + problem + ".", schemaAt);
            });
            out.add(new ToolSpec(name, description, schema.deepCopy()));
        }
        if (out.isEmpty()) {
            throw invalid("'toolConfig.tools' must hold at least one toolSpec.", "toolConfig.tools");
        }
        JsonNode choice = config.get("toolChoice");
        return new ToolConfig(out, choice == null || choice.isNull() ? ToolChoice.AUTO : toolChoice(choice, names));
    }

    private static ToolChoice toolChoice(JsonNode choice, Set<String> names) {
        String at = "toolConfig.toolChoice";
        if (!choice.isObject() || choice.size() != 1
                || !(choice.has("auto") || choice.has("any") || choice.has("tool"))) {
            throw invalid("'" + at + "' must hold exactly one of {\"auto\": {}}, {\"any\": {}} or {\"tool\": {\"name\": ...}}.", at);
        }
        if (choice.has("auto")) {
            return ToolChoice.AUTO;
        }
        if (choice.has("any")) {
            return ToolChoice.ANY;
        }
        requireObject(choice.get("tool"), at + ".tool", "{\"name\": ...}");
        String name = name(choice.get("tool").get("name"), at + ".tool.name");
        if (!names.contains(name)) {
            throw invalid("'" + at + ".tool.name' names '" + name + "', which is not one of 'toolConfig.tools'.",
                    at + ".tool.name");
        }
        return ToolChoice.tool(name);
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

    private static Integer maxTokens(JsonNode config, ModelInfo model) {
        JsonNode v = config.get("maxTokens");
        if (v == null || v.isNull()) {
            return null;
        }
        String at = "inferenceConfig.maxTokens";
        if (!v.isIntegralNumber()) {
            throw invalid("'" + at + "' must be a whole number.", at);
        }
        if (v.bigIntegerValue().signum() <= 0) {
            throw invalid("'" + at + "' must be at least 1.", at);
        }
        if (!v.canConvertToInt() || v.intValue() > model.maxOutputTokens()) {
            throw invalid("'" + at + "' is " + v.asText() + " but model '" + model.name() + "' produces at most "
                    + model.maxOutputTokens() + " output tokens.", at);
        }
        return v.intValue();
    }

    /** temperature and topP: 0..1, as Bedrock takes them. */
    private static Double unit(JsonNode config, String field) {
        JsonNode v = config.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String at = "inferenceConfig." + field;
        if (!v.isNumber()) {
            throw invalid("'" + at + "' must be a number.", at);
        }
        BigDecimal d = v.decimalValue();
        if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
            throw invalid("'" + at + "' must be between 0 and 1; got " + d.toPlainString() + ".", at);
        }
        return d.doubleValue();
    }

    private static List<String> stopSequences(JsonNode stops) {
        String at = "inferenceConfig.stopSequences";
        if (stops == null || stops.isNull()) {
            return List.of();
        }
        if (!stops.isArray()) {
            throw invalid("'" + at + "' must be an array of strings.", at);
        }
        if (stops.size() > MAX_STOP_SEQUENCES) {
            throw invalid("'" + at + "' may hold at most " + MAX_STOP_SEQUENCES + " sequences.", at);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : stops) {
            if (!s.isTextual() || s.asText().isEmpty()) {
                throw invalid("'" + at + "' must hold non-empty strings.", at);
            }
            out.add(s.asText());
        }
        return out;
    }

    // ---- fields that change nothing the caller sees ------------------------------------------

    static final int MAX_METADATA_PAIRS = 16;

    /** Up to 16 string pairs, as Bedrock takes them (keys 1..256 characters, values up to 256); logged by Bedrock only. */
    private static void requestMetadata(JsonNode v) {
        String at = "requestMetadata";
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            throw invalid("'" + at + "' must be an object of string keys to string values.", at);
        }
        if (v.size() > MAX_METADATA_PAIRS) {
            throw invalid("'" + at + "' may hold at most " + MAX_METADATA_PAIRS + " pairs.", at);
        }
        v.fields().forEachRemaining(e -> {
            if (e.getKey().isEmpty() || e.getKey().length() > 256) {
                throw invalid("'" + at + "' keys must be 1 to 256 characters.", at);
            }
            if (!e.getValue().isTextual() || e.getValue().asText().length() > 256) {
                throw invalid("'" + at + "." + echo(e.getKey()) + "' must be a string of at most 256 characters.",
                        at + "." + echo(e.getKey()));
            }
        });
    }

    /** {"latency": "standard" | "optimized"}: a latency hint, the answer is the same. */
    private static void performanceConfig(JsonNode v) {
        if (v == null || v.isNull()) {
            return;
        }
        requireObject(v, "performanceConfig", "{\"latency\": \"standard\" | \"optimized\"}");
        onlyFields(v, Set.of("latency"), "performanceConfig", "a PerformanceConfiguration");
        JsonNode latency = v.get("latency");
        if (latency != null && !latency.isNull() && !(latency.isTextual()
                && (latency.asText().equals("standard") || latency.asText().equals("optimized")))) {
            throw invalid("'performanceConfig.latency' must be 'standard' or 'optimized'.", "performanceConfig.latency");
        }
    }

    /**
     * {"type": "default"} only: the gateway calls Bedrock on the default tier and prices it so; a
     * request for another tier is refused rather than served and billed on a tier it did not ask for.
     */
    private static void serviceTier(JsonNode v) {
        if (v == null || v.isNull()) {
            return;
        }
        requireObject(v, "serviceTier", "{\"type\": \"default\"}");
        onlyFields(v, Set.of("type"), "serviceTier", "a ServiceTier");
        JsonNode type = v.get("type");
        if (type == null || !type.isTextual() || !List.of("priority", "default", "flex", "reserved").contains(type.asText())) {
            throw invalid("'serviceTier.type' must be one of priority, default, flex, reserved.", "serviceTier.type");
        }
        if (!type.asText().equals("default")) {
            throw invalid("'serviceTier.type' '" + type.asText() + "' is not supported by this gateway yet; only"
                    + " 'default'.", "serviceTier.type");
        }
    }

    static GatewayException invalid(String message, String field) {
        return GatewayException.badRequest(message, field, "validation_error");
    }
}
