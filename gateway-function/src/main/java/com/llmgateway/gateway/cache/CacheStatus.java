package com.llmgateway.gateway.cache;

/**
 * The value of the {@code x-gateway-cache} response header.
 * <ul>
 *   <li>{@code HIT}: the answer came from the cache; Bedrock was not called.</li>
 *   <li>{@code MISS}: the cache was consulted and held no entry that could be served (none,
 *       expired, older than the request's max-age, or the lookup failed).</li>
 *   <li>{@code BYPASS}: the cache was not consulted: the team's policy switches it off, or the
 *       request said {@code no-cache}, {@code no-store} or {@code max-age=0}.</li>
 * </ul>
 */
public enum CacheStatus {
    HIT, MISS, BYPASS;

    public static final String HEADER = "x-gateway-cache";

    /** The metric counted for a request that ended with this status. */
    public String metric() {
        return switch (this) {
            case HIT -> CacheMetrics.HITS;
            case MISS -> CacheMetrics.MISSES;
            case BYPASS -> CacheMetrics.BYPASSES;
        };
    }
}
