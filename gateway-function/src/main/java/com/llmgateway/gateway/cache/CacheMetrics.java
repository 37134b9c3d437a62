package com.llmgateway.gateway.cache;

/** Names of the response cache's metrics (counts, in the request's EMF document). */
public final class CacheMetrics {

    public static final String HITS = "CacheHits";
    /** Hits answered from the sandbox's memory of recent entries (counted in CacheHits too). */
    public static final String MEMORY_HITS = "CacheMemoryHits";
    public static final String MISSES = "CacheMisses";
    public static final String BYPASSES = "CacheBypasses";
    /** A lookup that DynamoDB did not answer; the request went on as a miss. */
    public static final String LOOKUP_FAILURES = "CacheLookupFailures";
    public static final String STORES = "CacheStores";
    /** A completion too large for one DynamoDB item even compressed: not stored, not an error. */
    public static final String STORE_TOO_LARGE = "CacheStoreTooLarge";
    /** A write that DynamoDB refused or did not answer: the response was still served. */
    public static final String STORE_FAILURES = "CacheStoreFailures";

    private CacheMetrics() {
    }
}
