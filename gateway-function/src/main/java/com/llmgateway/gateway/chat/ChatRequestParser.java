package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.json.WholeNumbers;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ModelMessage.Role;
import com.llmgateway.gateway.model.ToolConfig;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Validates an OpenAI chat completion body before anything is called, and turns it into a
 * {@link ChatRequest}. Every failure is a 4xx {@link GatewayException} naming the parameter
 * ({@code param}) as OpenAI does, e.g. {@code messages[2].content}.
 *
 * <p>Accepted: {@code model}, {@code messages} (roles system, developer (as system), user,
 * assistant (with {@code tool_calls}), tool ({@code tool_call_id} answering a call of the
 * preceding assistant message); content a string or an array of text parts), {@code tools},
 * {@code tool_choice} (see {@link ToolRequestParser}), {@code temperature} 0..2,
 * {@code top_p} 0..1, {@code max_tokens} / {@code max_completion_tokens} 1..the model's maximum,
 * {@code stop} (a string or up to 4), {@code user}, {@code n} = 1, {@code stream},
 * {@code stream_options.include_usage} (only with {@code stream: true}).
 * Checked and ignored (Bedrock has no equivalent): {@code presence_penalty},
 * {@code frequency_penalty} (-2..2), {@code seed}, {@code parallel_tool_calls}. Refused with a
 * 400 naming the parameter: the legacy functions / function_call, logprobs, logit_bias, non-text
 * response formats, audio, prediction, non-text content parts. Other fields are ignored, as
 * OpenAI SDKs add fields over time.
 */
public final class ChatRequestParser {

    static final int MAX_STOP_SEQUENCES = 4;
    /** OpenAI's ranges of {@code n} and {@code top_logprobs}: beyond them a 400 invalid_value, within them unsupported. */
    static final int MAX_N = 128;
    static final int MAX_TOP_LOGPROBS = 20;

    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ModelCatalog catalog;

    public ChatRequestParser(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * A chat completion body: the neutral request and how OpenAI wants it answered.
     *
     * @param stream       {@code stream: true}: answer as server-sent events
     * @param includeUsage {@code stream_options.include_usage}: a usage chunk before {@code [DONE]}
     */
    public record Parsed(ChatRequest request, boolean stream, boolean includeUsage) {
    }

    /** The neutral request of a chat completion body; throws a 4xx naming the parameter. */
    public ChatRequest parse(String body) {
        return parseCompletion(body).request();
    }

    public Parsed parseCompletion(String body) {
        JsonNode root = readObject(body);
        String requested = modelName(root.get("model"));
        ModelInfo model = catalog.resolve(requested).orElseThrow(() -> GatewayException.notFound(
                "The model '" + Echo.cut(requested) + "' does not exist or is not offered by this gateway."
                        + " GET /v1/models lists the models you can use.", "model", "model_not_found"));
        rejectUnsupported(root);
        ToolConfig tools = ToolRequestParser.toolConfig(root, model);
        boolean stream = stream(root);
        boolean includeUsage = includeUsage(root, stream);
        List<String> system = new ArrayList<>();
        List<ModelMessage> messages = messages(root.get("messages"), system);
        Integer maxTokens = maxTokens(root, model);
        Double temperature = number(root, "temperature", 0, 2);
        Double topP = number(root, "top_p", 0, 1);
        number(root, "presence_penalty", -2, 2);
        number(root, "frequency_penalty", -2, 2);
        wholeNumber(root, "seed", Long.MIN_VALUE, Long.MAX_VALUE, "a whole number that fits in 64 bits");
        JsonNode parallel = root.get("parallel_tool_calls");
        if (parallel != null && !parallel.isNull() && !parallel.isBoolean()) {
            throw GatewayException.badRequest("'parallel_tool_calls' must be true or false.", "parallel_tool_calls",
                    "invalid_type");
        }
        return new Parsed(new ChatRequest(requested, model, system, messages, maxTokens, temperature, topP,
                stop(root.get("stop")), optionalString(root, "user"), tools), stream, includeUsage);
    }

    // ---- body and model ---------------------------------------------------------------------

    private static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw GatewayException.badRequest("The request body is empty; send a JSON chat completion request.",
                    null, "invalid_json");
        }
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw GatewayException.badRequest("The request body is not valid JSON.", null, "invalid_json");
        } catch (java.io.IOException e) {
            throw GatewayException.badRequest("The request body could not be read.", null, "invalid_json");
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.badRequest("The request body must be a JSON object.", null, "invalid_json");
        }
        return root;
    }

    private static String modelName(JsonNode node) {
        if (node == null || node.isNull()) {
            throw GatewayException.badRequest("Missing required parameter 'model'. GET /v1/models lists the models you can use.",
                    "model", "missing_required_parameter");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw GatewayException.badRequest("'model' must be a model name such as \"nova-micro\". GET /v1/models lists them.",
                    "model", "invalid_type");
        }
        return node.asText().trim();
    }

    // ---- messages ---------------------------------------------------------------------------

    private static List<ModelMessage> messages(JsonNode node, List<String> system) {
        if (node == null || node.isNull()) {
            throw GatewayException.badRequest("Missing required parameter 'messages'.", "messages", "missing_required_parameter");
        }
        if (!node.isArray()) {
            throw GatewayException.badRequest("'messages' must be an array of messages.", "messages", "invalid_type");
        }
        if (node.isEmpty()) {
            throw GatewayException.badRequest("'messages' must contain at least one message.", "messages", "empty_array");
        }
        List<ModelMessage> turns = new ArrayList<>();
        // The calls of the last assistant message with tool_calls that no tool message has answered yet.
        Set<String> pending = new LinkedHashSet<>();
        String pendingAt = null;
        Set<String> callIds = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "messages[" + i + "]";
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                throw GatewayException.badRequest("'" + where + "' must be an object with 'role' and 'content'.", where, "invalid_type");
            }
            String role = role(m.get("role"), where);
            if (!pending.isEmpty() && !role.equals("tool")) {
                throw unanswered(pendingAt, pending);
            }
            if (m.hasNonNull("function_call")) {
                throw unsupported(where + ".function_call", "The legacy 'function_call' is not supported; send 'tool_calls'.");
            }
            if (m.hasNonNull("tool_calls") && !role.equals("assistant")) {
                throw GatewayException.badRequest("'" + where + ".tool_calls' is only allowed on assistant messages.",
                        where + ".tool_calls", "invalid_value");
            }
            switch (role) {
                case "system", "developer" -> system.add(String.join("\n\n", content(m.get("content"), where)));
                case "user" -> ModelMessage.appendMerging(turns, ModelMessage.ofTexts(Role.USER, content(m.get("content"), where)));
                case "assistant" -> {
                    List<ContentBlock.ToolUse> calls = toolCalls(m.get("tool_calls"), where, callIds);
                    List<ContentBlock> blocks = new ArrayList<>();
                    List<String> texts = calls.isEmpty() ? content(m.get("content"), where) : optionalContent(m.get("content"), where);
                    texts.forEach(t -> blocks.add(new ContentBlock.Text(t)));
                    blocks.addAll(calls);
                    calls.forEach(c -> pending.add(c.id()));
                    pendingAt = where + ".tool_calls";
                    ModelMessage.appendMerging(turns, new ModelMessage(Role.ASSISTANT, blocks));
                }
                default -> { // tool
                    String id = ToolRequestParser.id(m.get("tool_call_id"), where + ".tool_call_id");
                    if (!pending.remove(id)) {
                        throw GatewayException.badRequest("'" + where + ".tool_call_id' is '" + id + "', which matches no"
                                + " unanswered tool call of the preceding assistant message.", where + ".tool_call_id",
                                "invalid_value");
                    }
                    ModelMessage.appendMerging(turns, new ModelMessage(Role.USER,
                            List.of(new ContentBlock.ToolResult(id, content(m.get("content"), where)))));
                }
            }
        }
        if (!pending.isEmpty()) {
            throw unanswered(pendingAt, pending);
        }
        if (turns.isEmpty()) {
            throw GatewayException.badRequest("'messages' must contain at least one user message.", "messages", "invalid_value");
        }
        if (turns.get(0).role() != Role.USER) {
            throw GatewayException.badRequest("The first non-system message must have role 'user'.", "messages", "invalid_value");
        }
        return turns;
    }

    private static List<ContentBlock.ToolUse> toolCalls(JsonNode node, String where, Set<String> callIds) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw GatewayException.badRequest("'" + where + ".tool_calls' must be an array of tool calls.", where + ".tool_calls",
                    "invalid_type");
        }
        List<ContentBlock.ToolUse> calls = new ArrayList<>();
        for (int j = 0; j < node.size(); j++) {
            calls.add(ToolRequestParser.toolCall(node.get(j), where + ".tool_calls[" + j + "]", callIds));
        }
        return calls;
    }

    private static GatewayException unanswered(String at, Set<String> pending) {
        return GatewayException.badRequest("An assistant message with 'tool_calls' must be followed by tool messages"
                + " answering each call; no answer for '" + pending.iterator().next() + "'.", at, "invalid_value");
    }


    private static String role(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw GatewayException.badRequest("Missing required parameter '" + where + ".role'.", where + ".role",
                    "missing_required_parameter");
        }
        if (!node.isTextual()) {
            throw GatewayException.badRequest("'" + where + ".role' must be a string.", where + ".role", "invalid_type");
        }
        String role = node.asText();
        return switch (role) {
            case "system", "developer", "user", "assistant", "tool" -> role;
            case "function" -> throw unsupported(where + ".role",
                    "Role 'function' (legacy function results) is not supported; send role 'tool' with 'tool_call_id'.");
            default -> throw GatewayException.badRequest("'" + where + ".role' must be one of system, developer, user,"
                    + " assistant, tool; got '" + Echo.cut(role) + "'.", where + ".role", "invalid_value");
        };
    }

    /** The text of an assistant message that has tool calls: may be absent, null or empty. */
    private static List<String> optionalContent(JsonNode node, String where) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())
                || (node.isArray() && node.isEmpty())) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isArray()) {
            for (int j = 0; j < node.size(); j++) {
                texts.add(textPart(node.get(j), where + ".content[" + j + "]"));
            }
        } else {
            throw GatewayException.badRequest("'" + where + ".content' must be a string or an array of text parts.",
                    where + ".content", "invalid_type");
        }
        texts.removeIf(String::isBlank);
        return texts;
    }

    private static List<String> content(JsonNode node, String where) {
        String param = where + ".content";
        if (node == null || node.isNull()) {
            throw GatewayException.badRequest("Missing required parameter '" + param + "'.", param, "missing_required_parameter");
        }
        List<String> texts = new ArrayList<>();
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isArray()) {
            for (int j = 0; j < node.size(); j++) {
                texts.add(textPart(node.get(j), param + "[" + j + "]"));
            }
        } else {
            throw GatewayException.badRequest("'" + param + "' must be a string or an array of text parts.", param, "invalid_type");
        }
        texts.removeIf(String::isBlank);
        if (texts.isEmpty()) {
            throw GatewayException.badRequest("'" + param + "' must not be empty.", param, "invalid_value");
        }
        return texts;
    }

    private static String textPart(JsonNode part, String param) {
        if (!part.isObject()) {
            throw GatewayException.badRequest("'" + param + "' must be an object {\"type\":\"text\",\"text\":...}.", param, "invalid_type");
        }
        JsonNode type = part.get("type");
        if (type == null || !type.isTextual()) {
            throw GatewayException.badRequest("'" + param + ".type' must be a string such as \"text\".", param + ".type",
                    "invalid_type");
        }
        if (!type.asText().equals("text")) {
            throw unsupported(param + ".type", "Content parts of type '" + Echo.cut(type.asText())
                    + "' are not supported by this gateway yet; send text parts.");
        }
        JsonNode text = part.get("text");
        if (text == null || !text.isTextual()) {
            throw GatewayException.badRequest("'" + param + ".text' must be a string.", param + ".text", "invalid_type");
        }
        return text.asText();
    }

    // ---- parameters -------------------------------------------------------------------------

    private static Integer maxTokens(JsonNode root, ModelInfo model) {
        Integer legacy = positiveTokens(root, "max_tokens", model);
        Integer current = positiveTokens(root, "max_completion_tokens", model);
        return current != null ? current : legacy;
    }

    private static Integer positiveTokens(JsonNode root, String field, ModelInfo model) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!WholeNumbers.isWhole(v)) {
            throw GatewayException.badRequest("'" + field + "' must be a whole number.", field, "invalid_type");
        }
        if (v.bigIntegerValue().signum() <= 0) {
            throw GatewayException.badRequest("'" + field + "' must be at least 1.", field, "invalid_value");
        }
        OptionalLong n = WholeNumbers.within(v, 1, model.maxOutputTokens());
        if (n.isEmpty()) {
            throw GatewayException.badRequest("'" + field + "' is " + Echo.cut(v.asText()) + " but model '" + model.name()
                    + "' produces at most " + model.maxOutputTokens() + " output tokens.", field, "invalid_value");
        }
        return (int) n.getAsLong();
    }

    private static Double number(JsonNode root, String field, double min, double max) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw GatewayException.badRequest("'" + field + "' must be a number.", field, "invalid_type");
        }
        BigDecimal d = v.decimalValue();
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw GatewayException.badRequest("'" + field + "' must be between " + plain(min) + " and " + plain(max)
                    + "; got " + Echo.cut(d.toPlainString()) + ".", field, "invalid_value");
        }
        return d.doubleValue();
    }

    /** An integer parameter within its range (never read modulo 2^64); null when absent. */
    private static Long wholeNumber(JsonNode root, String field, long min, long max, String rule) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!WholeNumbers.isWhole(v)) {
            throw GatewayException.badRequest("'" + field + "' must be a whole number.", field, "invalid_type");
        }
        OptionalLong n = WholeNumbers.within(v, min, max);
        if (n.isEmpty()) {
            throw GatewayException.badRequest("'" + field + "' must be " + rule + "; got " + Echo.cut(v.asText()) + ".",
                    field, "invalid_value");
        }
        return n.getAsLong();
    }

    private static List<String> stop(JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            if (v.size() > MAX_STOP_SEQUENCES) {
                throw GatewayException.badRequest("'stop' may hold at most " + MAX_STOP_SEQUENCES + " sequences.", "stop",
                        "invalid_value");
            }
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    throw GatewayException.badRequest("'stop' must be a string or an array of strings.", "stop", "invalid_type");
                }
                out.add(s.asText());
            }
        } else {
            throw GatewayException.badRequest("'stop' must be a string or an array of strings.", "stop", "invalid_type");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw GatewayException.badRequest("'stop' sequences must not be empty strings.", "stop", "invalid_value");
        }
        return out;
    }

    private static String optionalString(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw GatewayException.badRequest("'" + field + "' must be a string.", field, "invalid_type");
        }
        return v.asText();
    }

    private static boolean stream(JsonNode root) {
        JsonNode stream = root.get("stream");
        if (stream == null || stream.isNull()) {
            return false;
        }
        if (!stream.isBoolean()) {
            throw GatewayException.badRequest("'stream' must be true or false.", "stream", "invalid_type");
        }
        return stream.booleanValue();
    }

    private static boolean includeUsage(JsonNode root, boolean stream) {
        JsonNode options = root.get("stream_options");
        if (options == null || options.isNull()) {
            return false;
        }
        if (!stream) {
            throw GatewayException.badRequest("'stream_options' is only allowed when 'stream' is true.", "stream_options",
                    "invalid_value");
        }
        if (!options.isObject()) {
            throw GatewayException.badRequest("'stream_options' must be an object such as {\"include_usage\":true}.",
                    "stream_options", "invalid_type");
        }
        JsonNode include = options.get("include_usage");
        if (include == null || include.isNull()) {
            return false;
        }
        if (!include.isBoolean()) {
            throw GatewayException.badRequest("'stream_options.include_usage' must be true or false.",
                    "stream_options.include_usage", "invalid_type");
        }
        return include.booleanValue();
    }

    /** Fields the gateway cannot honour yet: a 400 naming them, never a silent drop. */
    private static void rejectUnsupported(JsonNode root) {
        Long n = wholeNumber(root, "n", 1, MAX_N, "a whole number from 1 to " + MAX_N);
        if (n != null && n != 1) {
            throw unsupported("n", "Only n = 1 (one choice) is supported.");
        }
        JsonNode functions = root.get("functions");
        if (functions != null && !functions.isNull() && !(functions.isArray() && functions.isEmpty())) {
            throw unsupported("functions", "The legacy 'functions' parameter is not supported; send 'tools'.");
        }
        JsonNode functionCall = root.get("function_call");
        if (functionCall != null && !functionCall.isNull() && !(functionCall.isTextual() && functionCall.asText().equals("none"))) {
            throw unsupported("function_call", "The legacy 'function_call' parameter is not supported; send 'tool_choice'.");
        }
        JsonNode logprobs = root.get("logprobs");
        if (logprobs != null && !logprobs.isNull() && !(logprobs.isBoolean() && !logprobs.booleanValue())) {
            throw unsupported("logprobs", "Log probabilities are not available from Bedrock.");
        }
        if (wholeNumber(root, "top_logprobs", 0, MAX_TOP_LOGPROBS, "a whole number from 0 to " + MAX_TOP_LOGPROBS) != null) {
            throw unsupported("top_logprobs", "Log probabilities are not available from Bedrock.");
        }
        JsonNode bias = root.get("logit_bias");
        if (bias != null && !bias.isNull() && !(bias.isObject() && bias.isEmpty())) {
            throw unsupported("logit_bias", "logit_bias is not available on Bedrock.");
        }
        JsonNode format = root.get("response_format");
        if (format != null && !format.isNull() && !"text".equals(Json.text(format, "type"))) {
            throw unsupported("response_format", "Only response_format {\"type\":\"text\"} is supported by this gateway yet.");
        }
        JsonNode modalities = root.get("modalities");
        if (modalities != null && !modalities.isNull()
                && !(modalities.isArray() && modalities.size() == 1 && "text".equals(modalities.get(0).asText()))) {
            throw unsupported("modalities", "Only text output is supported.");
        }
        for (String field : List.of("audio", "prediction")) {
            if (root.hasNonNull(field)) {
                throw unsupported(field, "'" + field + "' is not supported by this gateway.");
            }
        }
    }

    private static GatewayException unsupported(String param, String message) {
        return GatewayException.badRequest(message, param, "unsupported_parameter");
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

}
