package com.llmgateway.gateway.cache;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.store.Tables;

/**
 * The response cache's settings, read once from the environment.
 *
 * @param tableName         {@code CACHE_TABLE}
 * @param defaultTtlSeconds {@code DEFAULT_CACHE_TTL_SECONDS} (default 3600): the TTL of a team
 *                          whose policy sets none
 */
public record CacheConfig(String tableName, long defaultTtlSeconds) {

    public static final String DEFAULT_TTL_ENV = "DEFAULT_CACHE_TTL_SECONDS";
    public static final long DEFAULT_TTL_SECONDS = 3600;

    public CacheConfig {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalStateException("the cache table name must not be blank");
        }
        if (defaultTtlSeconds <= 0) {
            throw new IllegalStateException("environment variable " + DEFAULT_TTL_ENV + " must be positive");
        }
    }

    public static CacheConfig from(Env env) {
        return new CacheConfig(env.require(Tables.spec(Tables.CACHE).envVar()),
                env.getLong(DEFAULT_TTL_ENV, DEFAULT_TTL_SECONDS));
    }
}
