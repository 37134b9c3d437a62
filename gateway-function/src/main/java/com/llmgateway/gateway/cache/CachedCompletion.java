package com.llmgateway.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the cache keeps of a successful completion: enough to rebuild the response exactly, and
 * what the original call cost (a hit records it as money saved).
 *
 * @param message      the assistant message as the route returns it (for chat completions the
 *                     OpenAI message: {@code role}, {@code content}, {@code tool_calls})
 * @param finishReason as the route reports it ({@code stop}, {@code length}, {@code tool_calls}, ...)
 * @param usage        the token counts of the original call; a hit reports the same usage
 * @param modelId      the Bedrock id that answered
 * @param provider     the catalog provider (e.g. {@code anthropic})
 * @param costUsd      what the original call cost, exact
 * @param stopReason   Bedrock's stop reason as sent (the Converse passthrough answers with it);
 *                     null when unknown, as in entries written before it was kept
 */
public record CachedCompletion(JsonNode message, String finishReason, TokenUsage usage, String modelId,
                               String provider, BigDecimal costUsd, String stopReason) {

    public CachedCompletion {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(costUsd, "costUsd");
        if (costUsd.signum() < 0) {
            throw new IllegalArgumentException("costUsd must not be negative");
        }
    }

    /** A completion whose Bedrock stop reason is not known. */
    public CachedCompletion(JsonNode message, String finishReason, TokenUsage usage, String modelId, String provider,
                            BigDecimal costUsd) {
        this(message, finishReason, usage, modelId, provider, costUsd, null);
    }

    /** The compact JSON stored in the cache item. */
    byte[] toJsonBytes() {
        ObjectNode o = Json.object();
        o.set("message", message);
        o.put("finish_reason", finishReason);
        ObjectNode u = o.putObject("usage");
        u.put("input_tokens", usage.inputTokens());
        u.put("output_tokens", usage.outputTokens());
        u.put("cache_read_tokens", usage.cacheReadTokens());
        u.put("cache_write_tokens", usage.cacheWriteTokens());
        o.put("model_id", modelId);
        o.put("provider", provider);
        o.put("cost_usd", costUsd.toPlainString());
        if (stopReason != null) {
            o.put("stop_reason", stopReason);
        }
        return Json.bytes(o);
    }

    /** Reads {@link #toJsonBytes()} back; throws IllegalArgumentException on anything else. */
    static CachedCompletion fromJson(JsonNode o) {
        JsonNode u = o.path("usage");
        JsonNode message = o.get("message");
        String modelId = Json.text(o, "model_id");
        String cost = Json.text(o, "cost_usd");
        if (message == null || modelId == null || cost == null || !u.isObject()) {
            throw new IllegalArgumentException("cache entry lacks message, model_id, cost_usd or usage");
        }
        return new CachedCompletion(message, Json.text(o, "finish_reason"),
                new TokenUsage(u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                        u.path("cache_read_tokens").asLong(), u.path("cache_write_tokens").asLong()),
                modelId, Json.text(o, "provider"), new BigDecimal(cost), Json.text(o, "stop_reason"));
    }
}
