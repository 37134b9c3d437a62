package com.llmgateway.auth;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.store.Tables;

import java.time.Duration;

/**
 * The auth-function's settings, read once from the environment and checked at init.
 *
 * @param keysTable   {@code KEYS_TABLE}: teams and keys
 * @param usageTable  {@code USAGE_TABLE}: the month's spend for /v1/me
 * @param keyCacheTtl {@code KEY_CACHE_TTL_SECONDS} (default 30, 0 to 60): how long a sandbox reuses a key
 *                    lookup, and so the bound on how long a revoked key keeps working elsewhere
 */
public record AuthConfig(String keysTable, String usageTable, Duration keyCacheTtl) {

    public static final String KEY_CACHE_TTL_SECONDS = "KEY_CACHE_TTL_SECONDS";
    public static final long DEFAULT_CACHE_TTL_SECONDS = 30;
    public static final long MAX_CACHE_TTL_SECONDS = 60;

    public static AuthConfig from(Env env) {
        long ttl = env.getLong(KEY_CACHE_TTL_SECONDS, DEFAULT_CACHE_TTL_SECONDS);
        if (ttl < 0 || ttl > MAX_CACHE_TTL_SECONDS) {
            throw new IllegalStateException("environment variable " + KEY_CACHE_TTL_SECONDS + " must be between 0 and "
                    + MAX_CACHE_TTL_SECONDS + " (a revoked key must stop working within 60 s), got " + ttl);
        }
        return new AuthConfig(env.require(Tables.spec(Tables.KEYS).envVar()),
                env.require(Tables.spec(Tables.USAGE).envVar()), Duration.ofSeconds(ttl));
    }
}
