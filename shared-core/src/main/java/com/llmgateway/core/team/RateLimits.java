package com.llmgateway.core.team;

/**
 * Limits per one-minute window. Zero means "no limit" is NOT allowed: every team has finite
 * limits; an absurdly high value is refused by validation.
 */
public record RateLimits(long rpm, long inputTpm, long outputTpm) {
    public RateLimits {
        if (rpm < 1 || inputTpm < 1 || outputTpm < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }
}
