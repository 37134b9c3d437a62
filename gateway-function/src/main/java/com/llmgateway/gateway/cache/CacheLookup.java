package com.llmgateway.gateway.cache;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of consulting the cache for one request.
 *
 * @param status HIT, MISS or BYPASS (the {@code x-gateway-cache} header)
 * @param hit    the served entry when status is HIT, else null
 * @param failed true when the store did not answer (status is then MISS)
 */
public record CacheLookup(CacheStatus status, CacheHit hit, boolean failed) {

    public CacheLookup {
        Objects.requireNonNull(status, "status");
        if ((status == CacheStatus.HIT) != (hit != null)) {
            throw new IllegalArgumentException("a HIT carries an entry and only a HIT does");
        }
    }

    public boolean isHit() {
        return status == CacheStatus.HIT;
    }

    /** {@code x-gateway-cache}, and {@code Age} (whole seconds since the entry was stored) on a hit. */
    public Map<String, String> headers(Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CacheStatus.HEADER, status.name());
        if (hit != null) {
            h.put("age", Long.toString(hit.ageSeconds(now)));
        }
        return h;
    }

    /** The metric to count: CacheHits, CacheMisses, CacheBypasses, or CacheLookupFailures. */
    public String metric() {
        return failed ? CacheMetrics.LOOKUP_FAILURES : status.metric();
    }
}
