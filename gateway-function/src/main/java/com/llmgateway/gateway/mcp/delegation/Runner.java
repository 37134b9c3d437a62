package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.StoreCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs a tool's model calls with bounded parallelism: {@link Limits#PARALLELISM} workers take the
 * next piece of work in order. The first refusal (budget, rate limit, any other failure) or the
 * deadline stops the workers from starting more; calls already running finish and count. What
 * finished is kept, with a {@link Stop} saying why the rest did not run.
 */
final class Runner {

    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    /**
     * Why a tool stopped early.
     *
     * @param reason  {@code budget} (the team's monthly budget refused the next call), {@code rate_limit}
     *                (a rate-limit window refused it), {@code time_limit} (the next call would have started after
     *                the tool's time budget), or {@code error} (the call failed: model not allowed, upstream fault...)
     * @param code    the gateway's error code ({@code budget_exceeded}, {@code rate_limit_exceeded}...) or
     *                {@code time_limit}
     * @param message the gateway's safe message
 * @param cause   the refusal, already in the ledger; null for the time limit
     */
    record Stop(String reason, String code, String message, int status, GatewayException cause) {

        static Stop of(GatewayException e) {
            String code = e.code() == null ? e.type() : e.code();
            String reason = switch (code) {
                case "budget_exceeded" -> "budget";
                case "rate_limit_exceeded" -> "rate_limit";
                default -> "error";
            };
            return new Stop(reason, code, e.getMessage(), e.status(), e);
        }

        static Stop timeLimit() {
            return new Stop("time_limit", "time_limit", "The next model call would have started after the "
                    + Limits.TIME_BUDGET_MS / 1000 + " s this gateway gives one tool call (API Gateway ends a request at 30 s).", 504, null);
        }

        /** The stop as the tool's error, when nothing was done before it. */
        GatewayException error() {
            return cause != null ? cause : new GatewayException(status, "api_error", code, null, message);
        }

        ObjectNode toJson(int completed, int total, String what) {
            ObjectNode o = Json.object();
            o.put("reason", reason);
            o.put("code", code);
            o.put("status", status);
            o.put("message", message);
            o.put("completed", completed);
            o.put("total", total);
            o.put("note", "Stopped after " + completed + " of " + total + " " + what + ": " + message
                    + " The results so far are kept; every call made is in the ledger.");
            return o;
        }
    }

    /** Results by index (null where the work did not run or failed), and why it stopped, if it did. */
    record Batch<T>(List<T> results, Stop stop) {
        int completed() {
            return (int) results.stream().filter(r -> r != null).count();
        }
    }

    private Runner() {
    }

    static <T> Batch<T> map(int n, long deadlineNanos, IntFunction<T> work) {
        Object[] results = new Object[n];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Stop> stop = new AtomicReference<>();
        Runnable worker = () -> {
            while (stop.get() == null) {
                int i = next.getAndIncrement();
                if (i >= n) {
                    return;
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    stop.compareAndSet(null, Stop.timeLimit());
                    return;
                }
                try {
                    results[i] = work.apply(i);
                } catch (GatewayException e) {
                    stop.compareAndSet(null, Stop.of(e));
                } catch (RuntimeException e) {
                    LOG.error("delegated model call failed", e);
                    stop.compareAndSet(null, Stop.of(GatewayException.internal()));
                }
            }
        };
        int workers = Math.min(Limits.PARALLELISM, n);
        List<CompletableFuture<Void>> forks = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            forks.add(StoreCalls.fork(() -> {
                worker.run();
                return null;
            }));
        }
        worker.run();
        forks.forEach(CompletableFuture::join);
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(results);
        return new Batch<>(list, stop.get());
    }
}
