package com.llmgateway.gateway.cache;

/** How a cache write ended. Never an exception: the response is already computed when the cache is written. */
public enum StoreResult {
    /** The entry is in the cache. */
    STORED(CacheMetrics.STORES),
    /** The decision said not to store (policy off, {@code no-store}); nothing was written. */
    SKIPPED(null),
    /** Even compressed, the entry would exceed DynamoDB's 400 KB item limit; not stored, not an error. */
    TOO_LARGE(CacheMetrics.STORE_TOO_LARGE),
    /** DynamoDB refused the write or did not answer; logged, and counted under the metric. */
    FAILED(CacheMetrics.STORE_FAILURES);

    private final String metric;

    StoreResult(String metric) {
        this.metric = metric;
    }

    /** The metric to count for this result; null for SKIPPED. */
    public String metric() {
        return metric;
    }
}
