package com.llmgateway.gateway.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A served cache entry: the completion, when it was stored and, when the store says, when it
 * expires (null: unknown, and then the sandbox's memory of recent entries does not keep it).
 */
public record CacheHit(CachedCompletion completion, Instant createdAt, Instant expiresAt) {

    public CacheHit {
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public CacheHit(CachedCompletion completion, Instant createdAt) {
        this(completion, createdAt, null);
    }

    /** Whole seconds since the entry was stored (the HTTP {@code Age} header); 0 if the clocks disagree. */
    public long ageSeconds(Instant now) {
        return Math.max(0, Duration.between(createdAt, now).toSeconds());
    }
}
