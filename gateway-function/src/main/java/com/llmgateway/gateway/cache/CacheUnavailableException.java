package com.llmgateway.gateway.cache;

/**
 * The cache store did not answer a lookup. Carries no SDK message to callers; {@link ResponseCache}
 * turns it into a MISS counted as {@link CacheMetrics#LOOKUP_FAILURES}, so a cache fault never
 * fails a request.
 */
public class CacheUnavailableException extends RuntimeException {
    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
