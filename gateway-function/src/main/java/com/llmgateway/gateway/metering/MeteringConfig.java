package com.llmgateway.gateway.metering;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;
import com.llmgateway.core.store.Tables;

/**
 * Settings of admission and the usage ledger, read from the environment in one place (defaults
 * and ranges declared in shared-core's settings.json).
 *
 * @param rateLimitsTable   RATE_LIMITS_TABLE: the rate-limit windows
 * @param usageTable        USAGE_TABLE: ledger, rollups and the month's budget counter
 * @param failOpen          ADMISSION_FAIL_OPEN: admit when DynamoDB cannot be reached
 * @param retentionDays     USAGE_RETENTION_DAYS: ledger items expire after this; rollups are kept
 * @param windowSlackSeconds how long a window item outlives its minute before TTL may delete it
 */
public record MeteringConfig(String rateLimitsTable, String usageTable, boolean failOpen, long retentionDays,
                             long windowSlackSeconds) {

    /** The variables that carry the tables' names, from tables.json (read with {@link Env#table}). */
    public static final String RATE_LIMITS_TABLE = Tables.spec(Tables.RATE_LIMITS).envVar();
    public static final String USAGE_TABLE = Tables.spec(Tables.USAGE).envVar();
    public static final String ADMISSION_FAIL_OPEN = "ADMISSION_FAIL_OPEN";
    public static final String USAGE_RETENTION_DAYS = "USAGE_RETENTION_DAYS";

    public MeteringConfig {
        Settings.get(USAGE_RETENTION_DAYS).checkInteger(retentionDays);
    }

    public static MeteringConfig from(Env env) {
        return new MeteringConfig(env.table(Tables.RATE_LIMITS), env.table(Tables.USAGE),
                env.flag(ADMISSION_FAIL_OPEN), env.integer(USAGE_RETENTION_DAYS), 3600);
    }
}
