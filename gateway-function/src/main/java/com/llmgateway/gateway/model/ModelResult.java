package com.llmgateway.gateway.model;

import com.llmgateway.core.catalog.TokenUsage;

import java.util.List;
import java.util.Objects;

/**
 * What a model call returned.
 *
 * @param content    the assistant's blocks in order: text and tool calls ({@link ContentBlock.ToolUse})
 * @param stopReason Bedrock's stop reason as sent ("end_turn", "max_tokens", "tool_use", ...)
 * @param usage      token counts as the provider reported them
 * @param latencyMs  wall time of the call as the client measured it, retries included
 */
public record ModelResult(List<ContentBlock> content, String stopReason, TokenUsage usage, long latencyMs) {

    public ModelResult {
        content = content == null ? List.of() : List.copyOf(content);
        Objects.requireNonNull(usage, "usage");
    }

    /** A text answer. */
    public ModelResult(String text, String stopReason, TokenUsage usage, long latencyMs) {
        this(text == null || text.isEmpty() ? List.of() : List.of(new ContentBlock.Text(text)), stopReason, usage, latencyMs);
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
