package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chat pipeline's answer in Bedrock's Converse shapes: a {@code chat.completion} becomes a
 * Converse response; a {@link GatewayException} becomes a Bedrock error (status,
 * {@code x-amzn-ErrorType} and {@code {"message": ...}}) that the AWS SDK maps to its typed
 * exceptions.
 */
final class ConverseResponses {

    private ConverseResponses() {
    }

    /**
     * {@code {"output":{"message":...},"stopReason":...,"usage":{...},"metrics":{"latencyMs":...}}}.
     * The message holds the text (when there is any) and then one {@code toolUse} block per tool
     * call, its {@code input} the call's arguments parsed back into JSON. The stop reason is
     * Bedrock's own when the completion carries it ({@code gateway_metadata.stop_reason}; absent
     * only for cache entries written before it was kept), else the one the finish reason maps to.
     */
    static ObjectNode fromCompletion(JsonNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        JsonNode calls = message.path("tool_calls");
        ObjectNode root = Json.object();
        ObjectNode out = root.putObject("output").putObject("message");
        out.put("role", "assistant");
        ArrayNode content = out.putArray("content");
        JsonNode text = message.get("content");
        if (text != null && text.isTextual() && !(calls.size() > 0 && text.asText().isEmpty())) {
            content.addObject().put("text", text.asText());
        }
        for (JsonNode call : calls) {
            ObjectNode use = content.addObject().putObject("toolUse");
            use.put("toolUseId", call.path("id").asText());
            use.put("name", call.path("function").path("name").asText());
            use.set("input", input(call.path("function").path("arguments").asText("")));
        }
        JsonNode raw = completion.path("gateway_metadata").path("stop_reason");
        root.put("stopReason", raw.isTextual() && !raw.asText().isEmpty() ? raw.asText()
                : stopReason(choice.path("finish_reason").asText("stop")));
        JsonNode u = completion.path("usage");
        long prompt = u.path("prompt_tokens").asLong();
        long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong();
        long output = u.path("completion_tokens").asLong();
        ObjectNode usage = root.putObject("usage");
        // Bedrock counts cache reads apart from inputTokens; OpenAI counts them inside prompt_tokens.
        usage.put("inputTokens", prompt - cached);
        usage.put("outputTokens", output);
        usage.put("totalTokens", prompt + output);
        if (cached > 0) {
            usage.put("cacheReadInputTokens", cached);
        }
        root.putObject("metrics").put("latencyMs", completion.path("gateway_metadata").path("latency_ms").asLong());
        return root;
    }

    /** A tool call's arguments (a JSON string the pipeline wrote from the model's input) as the input document. */
    private static JsonNode input(String arguments) {
        if (arguments.isBlank()) {
            return Json.object();
        }
        return Json.parse(arguments);
    }

    /** OpenAI finish reasons as Converse stop reasons ("stop" covers end_turn and stop_sequence). */
    static String stopReason(String finishReason) {
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls" -> "tool_use";
            case "content_filter" -> "content_filtered";
            default -> "end_turn";
        };
    }

    /** Bedrock's error name for a gateway error. */
    static String errorType(GatewayException e) {
        String code = e.code() == null ? "" : e.code();
        if (code.equals("budget_exceeded")) {
            return "ServiceQuotaExceededException";
        }
        return switch (e.status()) {
            case 400, 413, 422 -> "ValidationException";
            case 401 -> "UnrecognizedClientException";
            case 403 -> "AccessDeniedException";
            case 404 -> "ResourceNotFoundException";
            case 408, 504 -> "ModelTimeoutException";
            case 429 -> "ThrottlingException";
            case 503 -> "ServiceUnavailableException";
            default -> "InternalServerException";
        };
    }

    /**
     * A Bedrock-style error response. The status stays the gateway's, except a spent budget, which
     * answers 400 as Bedrock's ServiceQuotaExceededException does, so that the SDK does not retry
     * a request that cannot succeed this month. The gateway's headers (rate limits, retry-after)
     * are kept.
     */
    static Error error(GatewayException e) {
        String type = errorType(e);
        int status = type.equals("ServiceQuotaExceededException") ? 400 : e.status();
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.put("content-type", "application/json");
        headers.put("x-amzn-ErrorType", type);
        return new Error(status, headers, Json.object().put("message", e.getMessage()));
    }

    record Error(int status, Map<String, String> headers, ObjectNode body) {
    }
}
