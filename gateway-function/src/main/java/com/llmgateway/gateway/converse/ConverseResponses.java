package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.ChatResult;
import com.llmgateway.gateway.model.ContentBlock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline's neutral result in Bedrock's Converse shapes: a {@link ChatResult} becomes a
 * Converse response; a {@link GatewayException} becomes a Bedrock error (status,
 * {@code x-amzn-ErrorType} and {@code {"message": ...}}) that the AWS SDK maps to its typed
 * exceptions, with Bedrock's own error type when Bedrock raised it.
 */
final class ConverseResponses {

    private ConverseResponses() {
    }

    /**
     * {@code {"output":{"message":...},"stopReason":...,"usage":{...},"metrics":{"latencyMs":...}}}:
     * the assistant's blocks in order (text, then {@code toolUse} blocks as the model made them),
     * Bedrock's own stop reason, and the usage as Bedrock counts it.
     */
    static ObjectNode of(ChatResult r) {
        ObjectNode root = Json.object();
        ObjectNode out = root.putObject("output").putObject("message");
        out.put("role", "assistant");
        ArrayNode content = out.putArray("content");
        for (ContentBlock b : r.content()) {
            switch (b) {
                case ContentBlock.Text t -> content.addObject().put("text", t.text());
                case ContentBlock.ToolUse u -> content.addObject().putObject("toolUse")
                        .put("toolUseId", u.id()).put("name", u.name()).set("input", u.input());
                case ContentBlock.ToolResult ignored -> { } // an answer holds none
            }
        }
        root.put("stopReason", r.stopReason() != null ? r.stopReason()
                : r.toolUses().isEmpty() ? "end_turn" : "tool_use");
        TokenUsage u = r.usage();
        ObjectNode usage = root.putObject("usage");
        usage.put("inputTokens", u.inputTokens());
        usage.put("outputTokens", u.outputTokens());
        usage.put("totalTokens", u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() + u.outputTokens());
        if (u.cacheReadTokens() > 0) {
            usage.put("cacheReadInputTokens", u.cacheReadTokens());
        }
        if (u.cacheWriteTokens() > 0) {
            usage.put("cacheWriteInputTokens", u.cacheWriteTokens());
        }
        root.putObject("metrics").put("latencyMs", r.latencyMs());
        return root;
    }

    /** Bedrock's error name for a gateway error. */
    static String errorType(GatewayException e) {
        if (e.upstreamType() != null) {
            return e.upstreamType();
        }
        String code = e.code() == null ? "" : e.code();
        if (code.equals("budget_exceeded")) {
            return "ServiceQuotaExceededException";
        }
        return switch (e.status()) {
            case 400, 413, 415, 422 -> "ValidationException";
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
