package com.llmgateway.gateway.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * The response cache as the chat pipeline uses it: applies a {@link CacheDecision} to a
 * {@link ResponseCacheStore}, and never fails a request for a cache fault.
 *
 * <p>Semantics (for the README): only successful completions are stored. A hit returns the stored
 * completion with the original usage, {@code cost_usd} 0 and {@code cached: true}, headers
 * {@code x-gateway-cache: HIT} and {@code Age}; the ledger records it with the cost it saved. A hit
 * counts toward the team's requests per minute, but not toward its token limits, and reserves
 * nothing from its budget.
 */
public final class ResponseCache {

    private final ResponseCacheStore store;

    public ResponseCache(ResponseCacheStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Consults the cache if the decision says so: one read, meant to run alongside admission.
     * A store fault is a MISS with {@code failed} set (logged by the store), never an exception.
     */
    public CacheLookup lookup(CacheDecision decision, CacheKey key, Instant now) {
        if (!decision.lookup()) {
            return new CacheLookup(CacheStatus.BYPASS, null, false);
        }
        try {
            return store.lookup(decision.scope(), key, decision.maxAgeSeconds(), now)
                    .map(hit -> new CacheLookup(CacheStatus.HIT, hit, false))
                    .orElseGet(() -> new CacheLookup(CacheStatus.MISS, null, false));
        } catch (CacheUnavailableException e) {
            return new CacheLookup(CacheStatus.MISS, null, true);
        }
    }

    /**
     * Stores a successful completion if the decision says so. Call it only for a completion the
     * model returned successfully, never for a hit, an error or a rejected request.
     */
    public StoreResult store(CacheDecision decision, CacheKey key, CachedCompletion completion, Instant now) {
        if (!decision.store()) {
            return StoreResult.SKIPPED;
        }
        return store.store(decision.scope(), key, completion, decision.ttlSeconds(), now);
    }
}
