package com.llmgateway.core.team;

/** A team's response-cache policy. */
public record CachePolicy(boolean enabled, long ttlSeconds, boolean shared) {
    public CachePolicy {
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("ttl_seconds must not be negative");
        }
    }
}
