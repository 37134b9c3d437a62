package com.llmgateway.local.bench;

import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchTest {

    @Test
    void percentiles_use_the_nearest_rank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }
        Bench.Stats s = Bench.Stats.of(nanos);
        assertEquals(50.0, s.p50());
        assertEquals(90.0, s.p90());
        assertEquals(99.0, s.p99());
        assertEquals(50.5, s.mean());
        assertEquals(100.0, s.max());
        assertEquals(3.0, Bench.Stats.of(new long[]{1_000_000, 3_000_000, 2_000_000}).p90());
    }

    @Test
    void every_request_has_its_own_prompt_so_no_cache_answers() {
        assertNotEquals(Bench.chatBody("nova-micro", 1), Bench.chatBody("nova-micro", 2));
        var chat = Json.parse(Bench.chatBody("nova-micro", 7));
        assertEquals("nova-micro", chat.path("model").asText());
        assertEquals("user", chat.path("messages").get(0).path("role").asText());
        var converse = Json.parse(Bench.converseBody(7));
        assertEquals(chat.path("messages").get(0).path("content").asText(),
                converse.path("messages").get(0).path("content").get(0).path("text").asText());
    }

    @Test
    void parses_its_arguments() {
        assertEquals(500, Bench.parse(new String[]{"500"}).n());
        assertEquals(-1, Bench.parse(new String[]{"500"}).warmup(), "no --warmup: until the JIT settles");
        assertEquals(0, Bench.parse(new String[]{"--warmup", "0"}).warmup());
        var a = Bench.parse(new String[]{"--endpoint", "http://127.0.0.1:8080/", "--key", "k", "--model", "claude-haiku-4-5", "--warmup", "3", "10"});
        assertEquals("http://127.0.0.1:8080", a.endpoint().toString());
        assertEquals("k", a.key());
        assertEquals("claude-haiku-4-5", a.model());
        assertEquals(3, a.warmup());
        assertEquals(10, a.n());
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[]{"--frobnicate"}));
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[]{"ten"}));
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[]{"0"}));
        assertEquals(3, a.loadSeconds());
        assertTrue(a.peer());
        var b = Bench.parse(new String[]{"--load-seconds", "0", "--no-peer"});
        assertEquals(0, b.loadSeconds());
        assertFalse(b.peer());
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[]{"--load-seconds", "-1"}));
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[]{"--warmup", "-1"}));
    }

    @Test
    void p95_and_the_ratio_to_the_peer() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(95.0, Bench.Stats.of(nanos).p95());
        assertEquals("2.5x", Bench.ratio(5.0, 2.0));
        assertEquals("n/a", Bench.ratio(5.0, 0));
    }

    @Test
    void gc_time_over_a_window_is_the_difference_of_the_counters() {
        assertEquals(new Bench.GcTime(2, 15), new Bench.GcTime(5, 55).minus(new Bench.GcTime(3, 40)));
        System.gc();
        Bench.GcTime before = Bench.GcTime.now();
        System.gc();
        Bench.GcTime window = Bench.GcTime.now().minus(before);
        assertTrue(window.count() >= 1, "an explicit collection is counted: " + window);
        assertTrue(window.millis() >= 0, "time is never negative: " + window);
    }

    @Test
    void a_series_counts_its_status_codes() {
        var s = new Bench.Series();
        s.add(2_000_000, 200);
        s.add(1_000_000, 200);
        s.add(3_000_000, 429);
        assertEquals(3, s.count());
        assertEquals(java.util.Map.of(200, 2, 429, 1), s.status);
        assertEquals(2.0, s.stats().p50());
    }
}
