package com.llmgateway.core.catalog;

/**
 * Token counts of one model call, as Bedrock Converse reports them in {@code usage}.
 *
 * <p>{@code inputTokens} are the input tokens that were neither read from nor written to the
 * prompt cache; Bedrock reports cache reads and writes apart ({@code cacheReadInputTokens},
 * {@code cacheWriteInputTokens}) and bills each at its own rate, so the four counts never overlap.
 */
public record TokenUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

    public TokenUsage {
        requireNonNegative(inputTokens, "inputTokens");
        requireNonNegative(outputTokens, "outputTokens");
        requireNonNegative(cacheReadTokens, "cacheReadTokens");
        requireNonNegative(cacheWriteTokens, "cacheWriteTokens");
    }

    /** Usage without prompt caching. */
    public TokenUsage(long inputTokens, long outputTokens) {
        this(inputTokens, outputTokens, 0, 0);
    }

    /** Every token of the call: input, output, cache reads and cache writes. */
    public long totalTokens() {
        return Math.addExact(Math.addExact(inputTokens, outputTokens), Math.addExact(cacheReadTokens, cacheWriteTokens));
    }

    private static void requireNonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }
}
