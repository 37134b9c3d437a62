package com.llmgateway.gateway.cache;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link ResponseCacheStore} with the adapter's serving rules (expiry, max-age,
 * scopes), for fast tests of code that uses the cache. Not a substitute for the DynamoDB tests.
 */
public final class InMemoryResponseCacheStore implements ResponseCacheStore {

    private record Entry(CacheHit hit, long expiresAtEpochSecond) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Optional<CacheHit> lookup(String scope, CacheKey key, long maxAgeSeconds, Instant now) {
        lookups.incrementAndGet();
        Entry e = entries.get(DynamoDbResponseCache.pk(scope, key));
        if (e == null || now.getEpochSecond() >= e.expiresAtEpochSecond()) {
            return Optional.empty();
        }
        if (maxAgeSeconds != CacheControl.NO_MAX_AGE && e.hit().ageSeconds(now) > maxAgeSeconds) {
            return Optional.empty();
        }
        return Optional.of(e.hit());
    }

    @Override
    public StoreResult store(String scope, CacheKey key, CachedCompletion completion, long ttlSeconds, Instant now) {
        entries.put(DynamoDbResponseCache.pk(scope, key),
                new Entry(new CacheHit(completion, now), now.getEpochSecond() + ttlSeconds));
        return StoreResult.STORED;
    }

    /** How many lookups reached this store. */
    public int lookups() {
        return lookups.get();
    }

    /** How many entries are held, in every scope. */
    public int size() {
        return entries.size();
    }
}
