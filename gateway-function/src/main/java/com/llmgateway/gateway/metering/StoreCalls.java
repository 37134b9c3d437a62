package com.llmgateway.gateway.metering;

import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs independent DynamoDB calls side by side so that they cost one round trip, not two. A small
 * shared pool of daemon threads (the sync SDK client blocks); the caller's thread runs one of the
 * calls itself.
 */
final class StoreCalls {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "metering-" + SEQ.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private StoreCalls() {
    }

    /** Starts a call on the pool. */
    static <T> CompletableFuture<T> fork(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, POOL);
    }

    /** Runs a call on the caller's thread, capturing its failure as the future's. */
    static <T> CompletableFuture<T> here(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs a single-item write on an item that the ledger's transactions also write (the month
     * item): DynamoDB refuses a plain write with TransactionConflictException while a transaction
     * holds the item, so it is retried a few times with a short jittered pause.
     */
    static <T> T retryingConflicts(Supplier<T> call) {
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
    static <T> T join(CompletableFuture<T> f) {
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
    static Throwable failure(CompletableFuture<?> f) {
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
