package com.llmgateway.gateway.cache;

import java.time.Instant;
import java.util.Optional;

/**
 * Where cached completions live, by scope ({@code team:<id>} or {@code shared}) and key.
 */
public interface ResponseCacheStore {

    /**
     * The entry for this scope and key if one may be served at {@code now}: never one past its
     * expiry (whether or not the store has deleted it yet), never one older than
     * {@code maxAgeSeconds} ({@link CacheControl#NO_MAX_AGE} for no limit). One read.
     *
     * @throws CacheUnavailableException when the store does not answer
     */
    Optional<CacheHit> lookup(String scope, CacheKey key, long maxAgeSeconds, Instant now);

    /**
     * Writes the entry, created at {@code now} and expiring {@code ttlSeconds} later, replacing any
     * entry under the same scope and key. Never throws for a store fault: returns
     * {@link StoreResult#FAILED} (and logs it without content) or {@link StoreResult#TOO_LARGE}.
     */
    StoreResult store(String scope, CacheKey key, CachedCompletion completion, long ttlSeconds, Instant now);
}
