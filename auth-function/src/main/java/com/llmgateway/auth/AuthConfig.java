package com.llmgateway.auth;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;
import com.llmgateway.core.store.Tables;

import java.time.Duration;

/**
 * The auth-function's settings, read once from the environment and checked at init.
 *
 * @param keysTable   {@code KEYS_TABLE}: teams and keys
 * @param usageTable  {@code USAGE_TABLE}: the month's spend for /v1/me
 * @param keyCacheTtl {@code KEY_CACHE_TTL_SECONDS}: how long a sandbox reuses a key lookup, and so the
 *                    bound on how long a revoked key keeps working elsewhere (default and range, 0 to
 *                    60, declared in shared-core's settings.json)
 */
public record AuthConfig(String keysTable, String usageTable, Duration keyCacheTtl) {

    public static final String KEY_CACHE_TTL_SECONDS = "KEY_CACHE_TTL_SECONDS";
    /** The declared default and largest value of {@code KEY_CACHE_TTL_SECONDS}. */
    public static final long DEFAULT_CACHE_TTL_SECONDS = Settings.get(KEY_CACHE_TTL_SECONDS).defaultInteger();
    public static final long MAX_CACHE_TTL_SECONDS = Settings.get(KEY_CACHE_TTL_SECONDS).max();

    public static AuthConfig from(Env env) {
        long ttl = env.integer(KEY_CACHE_TTL_SECONDS);
        return new AuthConfig(env.table(Tables.KEYS), env.table(Tables.USAGE), Duration.ofSeconds(ttl));
    }
}
