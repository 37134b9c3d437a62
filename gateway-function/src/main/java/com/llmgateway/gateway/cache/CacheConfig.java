package com.llmgateway.gateway.cache;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;
import com.llmgateway.core.store.Tables;

/**
 * The response cache's settings, read once from the environment.
 *
 * @param tableName         {@code CACHE_TABLE}
 * @param defaultTtlSeconds {@code DEFAULT_CACHE_TTL_SECONDS}: the TTL of a team whose policy sets
 *                          none (default and range declared in shared-core's settings.json)
 */
public record CacheConfig(String tableName, long defaultTtlSeconds) {

    public static final String DEFAULT_TTL_ENV = "DEFAULT_CACHE_TTL_SECONDS";
    /** The declared default of {@code DEFAULT_CACHE_TTL_SECONDS}. */
    public static final long DEFAULT_TTL_SECONDS = Settings.get(DEFAULT_TTL_ENV).defaultInteger();

    public CacheConfig {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalStateException("the cache table name must not be blank");
        }
        Settings.get(DEFAULT_TTL_ENV).checkInteger(defaultTtlSeconds);
    }

    public static CacheConfig from(Env env) {
        return new CacheConfig(env.table(Tables.CACHE), env.integer(DEFAULT_TTL_ENV));
    }
}
