package com.llmgateway.gateway.cache;

import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.gateway.model.ContentBlock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox's memory of recent cache entries: the table's serving rules, and a bound in bytes. */
class MemoryCacheTest {

    // Any instant: the memory only compares instants with each other.
    private final Instant t0 = Instant.now();

    private static CachedCompletion answer(String text) {
        return new CachedCompletion(List.of(new ContentBlock.Text(text)), "end_turn", new TokenUsage(10, 5),
                "amazon.nova-micro-v1:0", "amazon", new BigDecimal("0.000012"));
    }

    private static CacheKey key(int i) {
        return new CacheKey("%064x".formatted(i));
    }

    private CacheHit hit(String text, long ttlSeconds) {
        return new CacheHit(answer(text), t0, t0.plusSeconds(ttlSeconds));
    }

    @Test
    void serves_an_entry_until_its_expiry_and_never_after() {
        MemoryCache m = new MemoryCache(1 << 20);
        CacheHit h = hit("Paris.", 60);
        m.put("team:a", key(1), h);

        assertSame(h, m.get("team:a", key(1), CacheControl.NO_MAX_AGE, t0.plusSeconds(59)).orElseThrow());
        assertTrue(m.get("team:a", key(1), CacheControl.NO_MAX_AGE, t0.plusSeconds(60)).isEmpty());
        assertEquals(0, m.size(), "an expired entry is dropped when met");
        assertEquals(0, m.bytes());
    }

    @Test
    void refuses_an_entry_older_than_the_requests_max_age_but_keeps_it_for_others() {
        MemoryCache m = new MemoryCache(1 << 20);
        m.put("team:a", key(1), hit("Paris.", 3600));

        assertTrue(m.get("team:a", key(1), 10, t0.plusSeconds(11)).isEmpty());
        assertTrue(m.get("team:a", key(1), 11, t0.plusSeconds(11)).isPresent());
        assertTrue(m.get("team:a", key(1), CacheControl.NO_MAX_AGE, t0.plusSeconds(11)).isPresent());
    }

    @Test
    void keeps_scopes_apart() {
        MemoryCache m = new MemoryCache(1 << 20);
        m.put("team:a", key(1), hit("A's answer", 60));

        assertTrue(m.get("team:b", key(1), CacheControl.NO_MAX_AGE, t0).isEmpty());
        assertTrue(m.get("shared", key(1), CacheControl.NO_MAX_AGE, t0).isEmpty());
        assertTrue(m.get("team:a", key(2), CacheControl.NO_MAX_AGE, t0).isEmpty());
    }

    @Test
    void drops_the_least_recently_used_to_stay_within_its_bytes() {
        CacheHit one = hit("x".repeat(1000), 60);
        long each = MemoryCache.estimate("team:a", key(1), one.completion());
        MemoryCache m = new MemoryCache(each * 8 + each / 2); // room for eight entries of this size

        for (int i = 0; i < 8; i++) {
            m.put("team:a", key(i), hit("x".repeat(1000), 60));
        }
        assertEquals(8, m.size());
        assertTrue(m.get("team:a", key(0), CacheControl.NO_MAX_AGE, t0).isPresent()); // 0 is now the most recent
        m.put("team:a", key(8), hit("x".repeat(1000), 60));

        assertEquals(8, m.size());
        assertTrue(m.bytes() <= each * 8 + each / 2);
        assertTrue(m.get("team:a", key(0), CacheControl.NO_MAX_AGE, t0).isPresent(), "used lately: kept");
        assertTrue(m.get("team:a", key(1), CacheControl.NO_MAX_AGE, t0).isEmpty(), "least recently used: dropped");
        assertTrue(m.get("team:a", key(8), CacheControl.NO_MAX_AGE, t0).isPresent());
    }

    @Test
    void a_replaced_entry_is_counted_once() {
        MemoryCache m = new MemoryCache(1 << 20);
        m.put("team:a", key(1), hit("first", 60));
        long once = m.bytes();
        CacheHit second = hit("other", 60);
        m.put("team:a", key(1), second);

        assertEquals(1, m.size());
        assertEquals(once, m.bytes());
        assertSame(second, m.get("team:a", key(1), CacheControl.NO_MAX_AGE, t0).orElseThrow());
    }

    @Test
    void keeps_neither_an_entry_without_an_expiry_nor_one_that_would_crowd_out_the_rest() {
        MemoryCache m = new MemoryCache(64 * 1024);
        m.put("team:a", key(1), new CacheHit(answer("no expiry known"), t0));
        m.put("team:a", key(2), hit("y".repeat(8 * 1024), 60)); // ~16 KiB of text: over an eighth of 64 KiB

        assertEquals(0, m.size());
        assertFalse(m.get("team:a", key(2), CacheControl.NO_MAX_AGE, t0).isPresent());
    }
}
