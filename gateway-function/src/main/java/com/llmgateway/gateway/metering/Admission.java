package com.llmgateway.gateway.metering;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An admitted request: what it reserved, and the rate-limit headers to send back.
 *
 * @param windowKey        the rate-limit window the request joined (opaque to the caller)
 * @param reservedTokens   input tokens reserved in the window (the estimate)
 * @param reservedUsd      budget reserved for the month (0 when the team has no budget)
 * @param rateLimitHeaders x-ratelimit-* headers as OpenAI sends them
 */
public record Admission(String windowKey, long reservedTokens, BigDecimal reservedUsd, String month,
                        Map<String, String> rateLimitHeaders) {
    public Admission {
        rateLimitHeaders = Map.copyOf(rateLimitHeaders);
    }
}
