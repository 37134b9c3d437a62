package com.llmgateway.auth;

import com.llmgateway.core.keys.KeyCache;
import com.llmgateway.core.keys.IssuedKey;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private static KeyCache.Lookup lookup(String team) {
        Team t = new Team(team, team, null, new RateLimits(1, 1, 1), Map.of(), List.of("*"), null,
                new CachePolicy(true, 1, false), true, T0.toString(), T0.toString());
        return new KeyCache.Lookup(IssuedKey.issue(team, "n", Set.of("invoke"), null, T0).key(), t);
    }

    @Test
    void a_lookup_is_reused_until_it_is_ttl_old_then_read_again() {
        MutableClock clock = new MutableClock(T0);
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), clock);
        AtomicInteger reads = new AtomicInteger();
        KeyCache.Lookup value = lookup("a");
        cache.get("h", () -> { reads.incrementAndGet(); return Optional.of(value); });
        clock.advance(Duration.ofMillis(29_999));
        cache.get("h", () -> { reads.incrementAndGet(); return Optional.of(value); });
        assertEquals(1, reads.get());
        clock.advance(Duration.ofMillis(1));
        cache.get("h", () -> { reads.incrementAndGet(); return Optional.empty(); });
        assertEquals(2, reads.get());
        assertTrue(cache.get("h", Optional::empty).isEmpty(), "the fresh answer (no key) is what is cached now");
    }

    @Test
    void eviction_by_hash_and_by_team_forces_a_fresh_read() {
        KeyCache cache = new KeyCache(Duration.ofSeconds(30), new MutableClock(T0));
        AtomicInteger reads = new AtomicInteger();
        KeyCache.Lookup a = lookup("a");
        KeyCache.Lookup b = lookup("b");
        cache.get("ha", () -> Optional.of(a));
        cache.get("hb", () -> Optional.of(b));
        cache.evictTeam("a");
        cache.get("ha", () -> { reads.incrementAndGet(); return Optional.of(a); });
        cache.get("hb", () -> { reads.incrementAndGet(); return Optional.of(b); });
        assertEquals(1, reads.get(), "only team a's entry was dropped");
        cache.evict("hb");
        cache.get("hb", () -> { reads.incrementAndGet(); return Optional.of(b); });
        assertEquals(2, reads.get());
    }

    @Test
    void a_zero_ttl_reads_every_time() {
        KeyCache cache = new KeyCache(Duration.ZERO, new MutableClock(T0));
        AtomicInteger reads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            cache.get("h", () -> { reads.incrementAndGet(); return Optional.empty(); });
        }
        assertEquals(3, reads.get());
    }
}
