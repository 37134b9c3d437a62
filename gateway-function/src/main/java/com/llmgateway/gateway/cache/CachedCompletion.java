package com.llmgateway.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the cache keeps of a successful model answer, in no protocol's shape (every protocol
 * renders a hit as it renders a fresh answer), and what the original call cost (a hit records it
 * as money saved).
 *
 * @param content    the assistant's blocks in order: text and tool calls
 * @param stopReason Bedrock's stop reason as sent ({@code end_turn}, {@code tool_use}, ...)
 * @param usage      the token counts of the original call; a hit reports the same usage
 * @param modelId    the Bedrock id that answered
 * @param provider   the catalog provider (e.g. {@code anthropic})
 * @param costUsd    what the original call cost, exact
 */
public record CachedCompletion(List<ContentBlock> content, String stopReason, TokenUsage usage, String modelId,
                               String provider, BigDecimal costUsd) {

    public CachedCompletion {
        content = List.copyOf(content);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(costUsd, "costUsd");
        if (costUsd.signum() < 0) {
            throw new IllegalArgumentException("costUsd must not be negative");
        }
    }

    /** The text of its text blocks, joined. */
    public String text() {
        return ContentBlock.text(content);
    }

    /** The compact JSON stored in the cache item. */
    byte[] toJsonBytes() {
        ObjectNode o = Json.object();
        ArrayNode blocks = o.putArray("content");
        for (ContentBlock b : content) {
            switch (b) {
                case ContentBlock.Text t -> blocks.addObject().put("text", t.text());
                case ContentBlock.ToolUse u -> blocks.addObject().putObject("tool_use")
                        .put("id", u.id()).put("name", u.name()).set("input", u.input());
                case ContentBlock.ToolResult r -> throw new IllegalArgumentException("an answer holds no tool results");
            }
        }
        if (stopReason != null) {
            o.put("stop_reason", stopReason);
        }
        ObjectNode u = o.putObject("usage");
        u.put("input_tokens", usage.inputTokens());
        u.put("output_tokens", usage.outputTokens());
        u.put("cache_read_tokens", usage.cacheReadTokens());
        u.put("cache_write_tokens", usage.cacheWriteTokens());
        o.put("model_id", modelId);
        o.put("provider", provider);
        o.put("cost_usd", costUsd.toPlainString());
        return Json.bytes(o);
    }

    /** Reads {@link #toJsonBytes()} back; throws IllegalArgumentException on anything else. */
    static CachedCompletion fromJson(JsonNode o) {
        JsonNode u = o.path("usage");
        JsonNode blocks = o.get("content");
        String modelId = Json.text(o, "model_id");
        String cost = Json.text(o, "cost_usd");
        if (blocks == null || !blocks.isArray() || modelId == null || cost == null || !u.isObject()) {
            throw new IllegalArgumentException("cache entry lacks content, model_id, cost_usd or usage");
        }
        List<ContentBlock> content = new ArrayList<>();
        for (JsonNode b : blocks) {
            if (b.path("text").isTextual()) {
                content.add(new ContentBlock.Text(b.get("text").asText()));
            } else if (b.path("tool_use").isObject()) {
                JsonNode use = b.get("tool_use");
                content.add(new ContentBlock.ToolUse(use.path("id").asText(), use.path("name").asText(),
                        use.path("input").isObject() ? use.get("input") : Json.object()));
            } else {
                throw new IllegalArgumentException("cache entry holds an unknown content block");
            }
        }
        return new CachedCompletion(content, Json.text(o, "stop_reason"),
                new TokenUsage(u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                        u.path("cache_read_tokens").asLong(), u.path("cache_write_tokens").asLong()),
                modelId, Json.text(o, "provider"), new BigDecimal(cost));
    }
}
