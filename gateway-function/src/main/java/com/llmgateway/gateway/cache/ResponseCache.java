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
 *
 * <p>Beside the store, a sandbox may keep the entries it stored or read lately in memory
 * ({@code CACHE_MEMORY_MB}): {@link #remembered} answers a repeated request from there before any
 * store call, under the same expiry and {@code max-age} rules, so that the request needs no read of
 * the cache table and admission needs to reserve nothing for it.
 */
public final class ResponseCache {

    private final ResponseCacheStore store;
    private final MemoryCache memory;

    /** Without a memory of recent entries: every lookup reads the store. */
    public ResponseCache(ResponseCacheStore store) {
        this(store, 0);
    }

    /** @param memoryBytes how much of the heap the memory of recent entries may take; 0 for none */
    public ResponseCache(ResponseCacheStore store, long memoryBytes) {
        this.store = Objects.requireNonNull(store, "store");
        this.memory = memoryBytes > 0 ? new MemoryCache(memoryBytes) : null;
    }

    /**
     * The entry from this sandbox's memory of recent ones, if the decision looks up and one may be
     * served at {@code now}: a HIT without a store call. Null otherwise (then {@link #lookup}).
     */
    public CacheLookup remembered(CacheDecision decision, CacheKey key, Instant now) {
        if (memory == null || !decision.lookup()) {
            return null;
        }
        return memory.get(decision.scope(), key, decision.maxAgeSeconds(), now)
                .map(hit -> new CacheLookup(CacheStatus.HIT, hit, false))
                .orElse(null);
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
                    .map(hit -> {
                        remember(decision, key, hit);
                        return new CacheLookup(CacheStatus.HIT, hit, false);
                    })
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
        StoreResult result = store.store(decision.scope(), key, completion, decision.ttlSeconds(), now);
        if (result == StoreResult.STORED) {
            remember(decision, key, new CacheHit(completion, now, now.plusSeconds(decision.ttlSeconds())));
        }
        return result;
    }

    private void remember(CacheDecision decision, CacheKey key, CacheHit hit) {
        if (memory != null) {
            memory.put(decision.scope(), key, hit);
        }
    }
}
