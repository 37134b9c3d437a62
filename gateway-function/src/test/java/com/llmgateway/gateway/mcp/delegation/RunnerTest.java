package com.llmgateway.gateway.mcp.delegation;

import com.llmgateway.core.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerTest {

    private static final long FAR = System.nanoTime() + 3_600_000_000_000L;

    @Test
    void runs_every_piece_with_at_most_the_parallelism_at_once() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runner.Batch<Integer> b = Runner.map(20, FAR, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return i * 2;
        });
        assertNull(b.stop());
        assertEquals(20, b.completed());
        for (int i = 0; i < 20; i++) {
            assertEquals(i * 2, b.results().get(i));
        }
        assertTrue(most.get() <= Limits.PARALLELISM, "at most " + Limits.PARALLELISM + " at once, saw " + most.get());
    }

    @Test
    void a_budget_refusal_stops_new_work_and_keeps_what_finished() {
        Runner.Batch<Integer> b = Runner.map(50, FAR, i -> {
            if (i == 5) {
                throw new GatewayException(429, "insufficient_quota", "budget_exceeded", null, "The monthly budget is spent.");
            }
            return i;
        });
        assertEquals("budget", b.stop().reason());
        assertEquals("budget_exceeded", b.stop().code());
        assertEquals(429, b.stop().status());
        assertNull(b.results().get(5));
        assertTrue(b.completed() >= 5 && b.completed() < 50, "completed " + b.completed());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, b.results().get(i), "the pieces before the refusal all ran");
        }
        String note = b.stop().toJson(b.completed(), 50, "chunks").path("note").asText();
        assertTrue(note.startsWith("Stopped after " + b.completed() + " of 50 chunks: The monthly budget is spent."), note);
    }

    @Test
    void nothing_starts_after_the_deadline() {
        Runner.Batch<Integer> b = Runner.map(10, System.nanoTime() - 1, i -> i);
        assertEquals(0, b.completed());
        assertEquals("time_limit", b.stop().reason());
        assertEquals(504, b.stop().error().status());
    }
}
