package com.llmgateway.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoreCallsTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void a_forked_call_logs_under_the_callers_request_id_and_team() {
        MDC.put("request_id", "req-42");
        MDC.put("team_id", "search");
        Map<String, String> seen = StoreCalls.join(StoreCalls.fork(MDC::getCopyOfContextMap));
        assertEquals(Map.of("request_id", "req-42", "team_id", "search"), seen);
    }

    @Test
    void a_pooled_thread_does_not_keep_one_requests_context_for_the_next() {
        MDC.put("request_id", "first");
        StoreCalls.join(StoreCalls.fork(() -> MDC.get("request_id")));
        MDC.clear();
        // Whichever pooled thread runs it, the call sees only its own caller's context (none).
        for (int i = 0; i < 20; i++) {
            assertNull(StoreCalls.join(StoreCalls.fork(() -> MDC.get("request_id"))));
        }
    }

    @Test
    void join_and_failure_hand_back_the_calls_own_exception() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> failed = StoreCalls.fork(() -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, () -> StoreCalls.join(failed)));
        assertSame(boom, StoreCalls.failure(failed));
        assertNull(StoreCalls.failure(StoreCalls.here(() -> 1)));
        assertSame(boom, StoreCalls.failure(StoreCalls.here(() -> {
            throw boom;
        })));
    }
}
