package com.llmgateway.gateway.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A served cache entry: the completion and when it was stored. */
public record CacheHit(CachedCompletion completion, Instant createdAt) {

    public CacheHit {
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whole seconds since the entry was stored (the HTTP {@code Age} header); 0 if the clocks disagree. */
    public long ageSeconds(Instant now) {
        return Math.max(0, Duration.between(createdAt, now).toSeconds());
    }
}
