package com.llmgateway.gateway.chat;

import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.gateway.model.ContentBlock;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pipeline's answer to one chat request, in no protocol's shape: each protocol renders it
 * (OpenAI's {@code chat.completion}, Converse's response, an MCP tool result). A refusal or
 * failure is a {@link com.llmgateway.core.error.GatewayException} instead, already recorded.
 *
 * @param requestedModel the model name as the caller wrote it
 * @param modelName      the catalog name it resolved to
 * @param modelId        the Bedrock id that answered
 * @param content        the assistant's blocks in order: text and tool calls
 * @param stopReason     Bedrock's own stop reason ({@code end_turn}, {@code stop_sequence}, {@code tool_use}...);
 *                       null only for a cache entry that did not keep it
 * @param usage          the tokens of the model call (a cache hit reports the original call's)
 * @param costUsd        what this request cost, exact (zero for a cache hit)
 * @param cached         whether the answer came from the response cache
 * @param headers        the HTTP headers every protocol returns: rate limits, cache status, cost, overhead,
 *                       and {@code x-gateway-usage-recorded: false} when the ledger write failed
 */
public record ChatResult(String requestId, String teamId, Instant created, String requestedModel, String modelName,
                         String modelId, String provider, List<ContentBlock> content, String stopReason,
                         TokenUsage usage, BigDecimal costUsd, boolean cached, long latencyMs, long overheadMs,
                         Map<String, String> headers) {

    public ChatResult {
        Objects.requireNonNull(requestId, "requestId");
        content = List.copyOf(content);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(costUsd, "costUsd");
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /** The assistant's text: its text blocks joined; empty when it has none. */
    public String text() {
        return ContentBlock.text(content);
    }

    /** The tool calls the assistant made, in order. */
    public List<ContentBlock.ToolUse> toolUses() {
        return ContentBlock.toolUses(content);
    }
}
