package com.llmgateway.gateway.cache;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.core.store.Tables;
import com.llmgateway.core.team.CachePolicy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints the latency of a cache lookup that hits next to one that misses, and of a store, against
 * the DynamoDB stand-in over loopback HTTP with the real SDK client (the store's own share of a request;
 * the end-to-end benchmark measures whole requests). Run:
 * {@code java -cp <test classpath> com.llmgateway.gateway.cache.ResponseCacheBenchmark [iterations]}.
 */
public final class ResponseCacheBenchmark {

    private ResponseCacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (LocalDynamoDb local = new LocalDynamoDb()) {
            String table = Tables.createAll(local.client, "cache-bench-").get("CACHE_TABLE");
            ResponseCache cache = new ResponseCache(new DynamoDbResponseCache(local.client, table));
            CacheDecision d = CacheDecision.resolve("bench", new CachePolicy(true, 3600, false), null, 3600);
            CacheKey small = DynamoDbResponseCacheTest.randomKey();
            CacheKey large = DynamoDbResponseCacheTest.randomKey();
            cache.store(d, small, DynamoDbResponseCacheTest.completion("x".repeat(600)), Instant.now());
            cache.store(d, large, DynamoDbResponseCacheTest.completion("The answer, at some length. ".repeat(2000)), Instant.now());

            for (int i = 0; i < 300; i++) { // warm up the JIT and the connection pool
                cache.lookup(d, small, Instant.now());
                cache.lookup(d, DynamoDbResponseCacheTest.randomKey(), Instant.now());
            }
            report("hit  (0.7 KB entry, plain)", n, () -> require(cache.lookup(d, small, Instant.now()), CacheStatus.HIT));
            report("hit  (56 KB entry, gzip)", n, () -> require(cache.lookup(d, large, Instant.now()), CacheStatus.HIT));
            report("miss (no entry)", n, () -> require(
                    cache.lookup(d, DynamoDbResponseCacheTest.randomKey(), Instant.now()), CacheStatus.MISS));
            report("store (0.7 KB entry)", n, () -> cache.store(d, DynamoDbResponseCacheTest.randomKey(),
                    DynamoDbResponseCacheTest.completion("x".repeat(600)), Instant.now()));
        }
    }

    private static void require(CacheLookup lookup, CacheStatus expected) {
        if (lookup.status() != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + lookup.status());
        }
    }

    private static void report(String label, int n, Runnable op) {
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            op.run();
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "%-28s n=%d  p50=%.2f ms  p99=%.2f ms%n", label, n,
                micros[n / 2] / 1000.0, micros[(int) Math.ceil(n * 0.99) - 1] / 1000.0);
    }
}
