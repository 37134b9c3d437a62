package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ToolChoice;
import com.llmgateway.gateway.model.ToolConfig;
import com.llmgateway.gateway.model.ToolSchemas;
import com.llmgateway.gateway.model.ToolSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tool-calling half of {@link ChatRequestParser}: OpenAI {@code tools} and {@code tool_choice}
 * and an assistant message's {@code tool_calls}. Every failure is a 400 naming the parameter.
 *
 * <p>Mapping to Converse: a function tool becomes a {@code toolSpec} (its {@code parameters}
 * the {@code inputSchema}; none means an object without properties); {@code tool_choice}
 * {@code auto} / {@code required} / a named function become {@code auto} / {@code any} /
 * {@code tool}; {@code none} sends no tool configuration (Converse has no "none").
 */
final class ToolRequestParser {

    /** Tool names and tool-call ids: what both OpenAI and Bedrock accept. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final int MAX_TOOLS = 128;

    private ToolRequestParser() {
    }

    /** The tools to offer, or null when none are offered (absent, empty, or tool_choice "none"). */
    static ToolConfig toolConfig(JsonNode root, ModelInfo model) {
        List<ToolSpec> tools = tools(root.get("tools"), model);
        JsonNode choiceNode = root.get("tool_choice");
        if (tools.isEmpty()) {
            if (choiceNode != null && !choiceNode.isNull() && !(choiceNode.isTextual() && choiceNode.asText().equals("none"))) {
                throw GatewayException.badRequest("'tool_choice' is only allowed when 'tools' are given.", "tool_choice",
                        "invalid_value");
            }
            return null;
        }
        ToolChoice choice = choice(choiceNode, tools);
        return choice == null ? null : new ToolConfig(tools, choice);
    }

    static List<ToolSpec> tools(JsonNode node, ModelInfo model) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw GatewayException.badRequest("'tools' must be an array of {\"type\":\"function\",\"function\":{...}}.",
                    "tools", "invalid_type");
        }
        if (node.isEmpty()) {
            return List.of();
        }
        if (!model.supportsTools()) {
            throw GatewayException.badRequest("The model '" + model.name() + "' does not support tool calling;"
                    + " GET /v1/models shows which models do (capabilities.tools).", "tools", "tools_not_supported");
        }
        if (node.size() > MAX_TOOLS) {
            throw GatewayException.badRequest("'tools' may hold at most " + MAX_TOOLS + " tools.", "tools", "invalid_value");
        }
        List<ToolSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            if (!tool.isObject()) {
                throw GatewayException.badRequest("'" + where + "' must be an object {\"type\":\"function\",\"function\":{...}}.",
                        where, "invalid_type");
            }
            requireFunctionType(tool.get("type"), where + ".type");
            JsonNode fn = tool.get("function");
            if (fn == null || fn.isNull()) {
                throw missing(where + ".function");
            }
            if (!fn.isObject()) {
                throw GatewayException.badRequest("'" + where + ".function' must be an object with 'name'.", where + ".function",
                        "invalid_type");
            }
            String name = name(fn.get("name"), where + ".function.name");
            if (!names.add(name)) {
                throw GatewayException.badRequest("'" + where + ".function.name': the tool name '" + name
                        + "' is given twice.", where + ".function.name", "invalid_value");
            }
            String description = description(fn.get("description"), where + ".function.description");
            JsonNode parameters = fn.get("parameters");
            ObjectNode schema;
            if (parameters == null || parameters.isNull()) {
                schema = Json.object().put("type", "object");
                schema.putObject("properties");
            } else {
                schema = parameters(parameters, name, where + ".function.parameters");
            }
            JsonNode strict = fn.get("strict");
            if (strict != null && !strict.isNull() && !strict.isBoolean()) {
                throw GatewayException.badRequest("'" + where + ".function.strict' must be true or false.",
                        where + ".function.strict", "invalid_type");
            }
            out.add(new ToolSpec(name, description, schema));
        }
        return out;
    }

    /**
     * A function's {@code parameters}: a valid JSON Schema (checked against the meta-schema by
     * {@link ToolSchemas}) whose root is {@code "type": "object"}, as OpenAI requires; {@code {}}
     * counts as an object without properties, like no {@code parameters} at all.
     */
    private static ObjectNode parameters(JsonNode parameters, String name, String param) {
        if (!parameters.isObject()) {
            throw GatewayException.badRequest("'" + param + "' must be a JSON Schema object, such as"
                    + " {\"type\":\"object\",\"properties\":{...}}.", param, "invalid_type");
        }
        if (parameters.isEmpty()) {
            ObjectNode none = Json.object().put("type", "object");
            none.putObject("properties");
            return none;
        }
        JsonNode type = parameters.get("type");
        if (type == null || !type.isTextual() || !type.asText().equals("object")) {
            String got = type == null ? "None" : type.isTextual() ? type.asText() : type.toString();
            throw invalidParameters(param, "Invalid schema for function '" + name + "': schema must be a JSON Schema of"
                    + " 'type: \"object\"', got 'type: \"" + Echo.cut(got) + "\"'.");
        }
        ToolSchemas.problem(parameters).ifPresent(problem -> {
            throw invalidParameters(param, "Invalid schema for function '" + name + "': '" + param
                    + "' is not a valid JSON Schema " + problem + ".");
        });
        return (ObjectNode) parameters.deepCopy();
    }

    private static GatewayException invalidParameters(String param, String message) {
        return GatewayException.badRequest(message, param, "invalid_function_parameters");
    }

    /** The tool choice; null for "none". */
    private static ToolChoice choice(JsonNode node, List<ToolSpec> tools) {
        if (node == null || node.isNull()) {
            return ToolChoice.AUTO;
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "required" -> ToolChoice.ANY;
                case "none" -> null;
                default -> throw GatewayException.badRequest("'tool_choice' must be \"none\", \"auto\", \"required\" or"
                        + " {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice", "invalid_value");
            };
        }
        if (!node.isObject()) {
            throw GatewayException.badRequest("'tool_choice' must be a string or an object naming a function.",
                    "tool_choice", "invalid_type");
        }
        requireFunctionType(node.get("type"), "tool_choice.type");
        JsonNode fn = node.get("function");
        if (fn == null || fn.isNull()) {
            throw missing("tool_choice.function");
        }
        if (!fn.isObject()) {
            throw GatewayException.badRequest("'tool_choice.function' must be an object with 'name'.", "tool_choice.function",
                    "invalid_type");
        }
        String name = name(fn.get("name"), "tool_choice.function.name");
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw GatewayException.badRequest("'tool_choice.function.name' names '" + name + "', which is not one of 'tools'.",
                    "tool_choice.function.name", "invalid_value");
        }
        return ToolChoice.tool(name);
    }

    /** One element of an assistant message's {@code tool_calls}. */
    static ContentBlock.ToolUse toolCall(JsonNode call, String where, Set<String> seenIds) {
        if (!call.isObject()) {
            throw GatewayException.badRequest("'" + where + "' must be an object with 'id', 'type' and 'function'.", where,
                    "invalid_type");
        }
        String id = id(call.get("id"), where + ".id");
        if (!seenIds.add(id)) {
            throw GatewayException.badRequest("'" + where + ".id': the tool call id '" + id + "' is used twice.",
                    where + ".id", "invalid_value");
        }
        requireFunctionType(call.get("type"), where + ".type");
        JsonNode fn = call.get("function");
        if (fn == null || fn.isNull()) {
            throw missing(where + ".function");
        }
        if (!fn.isObject()) {
            throw GatewayException.badRequest("'" + where + ".function' must be an object with 'name' and 'arguments'.",
                    where + ".function", "invalid_type");
        }
        String name = name(fn.get("name"), where + ".function.name");
        return new ContentBlock.ToolUse(id, name, arguments(fn.get("arguments"), where + ".function.arguments"));
    }

    /** A tool call id, as a tool message's {@code tool_call_id} or a call's {@code id}. */
    static String id(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            throw missing(param);
        }
        if (!node.isTextual()) {
            throw GatewayException.badRequest("'" + param + "' must be a string.", param, "invalid_type");
        }
        String id = node.asText();
        if (!NAME.matcher(id).matches()) {
            throw GatewayException.badRequest("'" + param + "' must be 1 to 64 letters, digits, '_' or '-'.", param,
                    "invalid_value");
        }
        return id;
    }

    /** The arguments: a string holding a JSON object (blank counts as {}). */
    private static JsonNode arguments(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            throw missing(param);
        }
        if (!node.isTextual()) {
            throw GatewayException.badRequest("'" + param + "' must be a string holding a JSON object.", param, "invalid_type");
        }
        if (node.asText().isBlank()) {
            return Json.object();
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(node.asText());
        } catch (JsonProcessingException e) {
            throw GatewayException.badRequest("'" + param + "' is not valid JSON.", param, "invalid_value");
        }
        if (parsed == null || !parsed.isObject()) {
            throw GatewayException.badRequest("'" + param + "' must be a JSON object.", param, "invalid_value");
        }
        return parsed;
    }

    private static void requireFunctionType(JsonNode type, String param) {
        if (type == null || type.isNull()) {
            throw missing(param);
        }
        if (!type.isTextual() || !type.asText().equals("function")) {
            throw GatewayException.badRequest("'" + param + "' must be \"function\".", param, "invalid_value");
        }
    }

    private static String name(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            throw missing(param);
        }
        if (!node.isTextual()) {
            throw GatewayException.badRequest("'" + param + "' must be a string.", param, "invalid_type");
        }
        String name = node.asText();
        if (!NAME.matcher(name).matches()) {
            throw GatewayException.badRequest("'" + param + "' must be 1 to 64 letters, digits, '_' or '-'.", param,
                    "invalid_value");
        }
        return name;
    }

    private static String description(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw GatewayException.badRequest("'" + param + "' must be a string.", param, "invalid_type");
        }
        return node.asText().isBlank() ? null : node.asText();
    }

    private static GatewayException missing(String param) {
        return GatewayException.badRequest("Missing required parameter '" + param + "'.", param, "missing_required_parameter");
    }
}
