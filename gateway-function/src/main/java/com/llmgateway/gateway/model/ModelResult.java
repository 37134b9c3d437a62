package com.llmgateway.gateway.model;

import com.llmgateway.core.catalog.TokenUsage;

import java.util.Objects;

/**
 * What a model call returned.
 *
 * @param text       the assistant's text (text blocks joined)
 * @param stopReason Bedrock's stop reason as sent ("end_turn", "max_tokens", ...)
 * @param usage      token counts as the provider reported them
 * @param latencyMs  wall time of the call as the client measured it, retries included
 */
public record ModelResult(String text, String stopReason, TokenUsage usage, long latencyMs) {
    public ModelResult {
        text = text == null ? "" : text;
        Objects.requireNonNull(usage, "usage");
    }
}
