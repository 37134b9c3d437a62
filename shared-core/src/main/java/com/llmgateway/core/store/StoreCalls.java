package com.llmgateway.core.store;

import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one way the functions run independent store calls side by side, so that they cost one
 * round trip, not two: a small shared pool of daemon threads (the sync SDK client blocks), the
 * caller's thread running one of the calls itself. A forked call carries the caller's logging
 * context ({@code request_id}, {@code team_id}, ...), so its log lines belong to its request.
 */
public final class StoreCalls {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "store-call-" + SEQ.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private StoreCalls() {
    }

    /** Starts a call on the pool, with the caller's logging context. */
    public static <T> CompletableFuture<T> fork(Supplier<T> call) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return CompletableFuture.supplyAsync(() -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            set(context);
            try {
                return call.get();
            } finally {
                set(before);
            }
        }, POOL);
    }

    private static void set(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    /** Runs a call on the caller's thread, capturing its failure as the future's. */
    public static <T> CompletableFuture<T> here(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs a single-item write on an item that transactions also write (the usage month item):
     * DynamoDB refuses a plain write with TransactionConflictException while a transaction holds
     * the item, so it is retried a few times with a short jittered pause.
     */
    public static <T> T retryingConflicts(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransactionConflictException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The result, or the call's own exception (not wrapped). */
    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The call's failure, or null when it succeeded. Waits for it. */
    public static Throwable failure(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }
}
