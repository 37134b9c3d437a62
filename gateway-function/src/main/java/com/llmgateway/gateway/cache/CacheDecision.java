package com.llmgateway.gateway.cache;

import com.llmgateway.core.team.CachePolicy;

import java.util.Objects;

/**
 * What the response cache does for one request: whether to look up, whether to store the answer,
 * the oldest entry the caller accepts, how long a stored entry lives, and in which space.
 *
 * @param lookup        consult the cache before calling the model
 * @param store         write a successful completion to the cache
 * @param maxAgeSeconds serve only entries at most this old; {@link CacheControl#NO_MAX_AGE} for no limit
 * @param ttlSeconds    lifetime of an entry written for this request
 * @param scope         {@code team:<teamId>}, or {@code shared} when the team's policy opts into the shared space
 */
public record CacheDecision(boolean lookup, boolean store, long maxAgeSeconds, long ttlSeconds, String scope) {

    public static final String SHARED_SCOPE = "shared";
    private static final String TEAM_SCOPE_PREFIX = "team:";

    public CacheDecision {
        Objects.requireNonNull(scope, "scope");
        if (maxAgeSeconds < 0 || ttlSeconds <= 0) {
            throw new IllegalArgumentException("max-age must not be negative and the TTL must be positive");
        }
    }

    /**
     * Combines the team's cache policy with the request's {@code Cache-Control} header.
     * <ul>
     *   <li>policy disabled: neither look up nor store (BYPASS);</li>
     *   <li>{@code no-store}: neither look up nor store (BYPASS);</li>
     *   <li>{@code no-cache}, or {@code max-age=0} (HTTP's "revalidate", which for the gateway means
     *       "do not serve me a cached answer"): store but do not look up (BYPASS);</li>
     *   <li>{@code max-age=N}: look up, serve only an entry at most N seconds old, store;</li>
     *   <li>otherwise look up and store.</li>
     * </ul>
     * TTL: the policy's {@code ttl_seconds}, or {@code defaultTtlSeconds} when that is 0 (unset).
     *
     * @param cacheControl the raw header value, or null
     * @throws com.llmgateway.core.error.GatewayException 400 when the header's max-age is malformed
     */
    public static CacheDecision resolve(String teamId, CachePolicy policy, String cacheControl, long defaultTtlSeconds) {
        Objects.requireNonNull(teamId, "teamId");
        if (defaultTtlSeconds <= 0) {
            throw new IllegalArgumentException("the default TTL must be positive");
        }
        CacheControl cc = CacheControl.parse(cacheControl);
        long ttl = policy != null && policy.ttlSeconds() > 0 ? policy.ttlSeconds() : defaultTtlSeconds;
        String scope = policy != null && policy.shared() ? SHARED_SCOPE : TEAM_SCOPE_PREFIX + teamId;
        boolean enabled = policy == null || policy.enabled();
        boolean store = enabled && !cc.noStore();
        boolean lookup = store && !cc.noCache() && cc.maxAgeSeconds() > 0;
        return new CacheDecision(lookup, store, cc.maxAgeSeconds(), ttl, scope);
    }

    /** The {@code x-gateway-cache} value when no entry is served: MISS if the cache was consulted, else BYPASS. */
    public CacheStatus statusWithoutHit() {
        return lookup ? CacheStatus.MISS : CacheStatus.BYPASS;
    }
}
