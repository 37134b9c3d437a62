package com.llmgateway.gateway.cache;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake keeps the adapter's serving rules, so tests that use it mean what they say. */
class InMemoryResponseCacheStoreTest {

    private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void the_fake_serves_by_scope_and_honours_expiry_and_max_age() {
        InMemoryResponseCacheStore store = new InMemoryResponseCacheStore();
        CacheKey key = DynamoDbResponseCacheTest.randomKey();
        CachedCompletion c = DynamoDbResponseCacheTest.completion("x");

        assertEquals(StoreResult.STORED, store.store("team:a", key, c, 60, t0));
        assertEquals(c, store.lookup("team:a", key, CacheControl.NO_MAX_AGE, t0.plusSeconds(30)).orElseThrow().completion());
        assertTrue(store.lookup("team:b", key, CacheControl.NO_MAX_AGE, t0).isEmpty());
        assertTrue(store.lookup("team:a", key, 10, t0.plusSeconds(30)).isEmpty());
        assertTrue(store.lookup("team:a", key, CacheControl.NO_MAX_AGE, t0.plusSeconds(60)).isEmpty());
        assertEquals(1, store.size());
    }
}
