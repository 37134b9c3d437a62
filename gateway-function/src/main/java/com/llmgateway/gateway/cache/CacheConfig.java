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
 * @param memoryBytes       {@code CACHE_MEMORY_MB} in bytes: the sandbox's memory of recent entries (0: none)
 */
public record CacheConfig(String tableName, long defaultTtlSeconds, long memoryBytes) {

    public static final String DEFAULT_TTL_ENV = "DEFAULT_CACHE_TTL_SECONDS";
    public static final String MEMORY_ENV = "CACHE_MEMORY_MB";
    /** The declared default of {@code DEFAULT_CACHE_TTL_SECONDS}. */
    public static final long DEFAULT_TTL_SECONDS = Settings.get(DEFAULT_TTL_ENV).defaultInteger();

    public CacheConfig {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalStateException("the cache table name must not be blank");
        }
        Settings.get(DEFAULT_TTL_ENV).checkInteger(defaultTtlSeconds);
        if (memoryBytes < 0) {
            throw new IllegalStateException("the cache memory must not be negative");
        }
    }

    public static CacheConfig from(Env env) {
        return new CacheConfig(env.table(Tables.CACHE), env.integer(DEFAULT_TTL_ENV), env.integer(MEMORY_ENV) * 1024L * 1024L);
    }
}
