package com.llmgateway.gateway.metering;

import com.llmgateway.core.config.Env;

/**
 * Settings of admission and the usage ledger, read from the environment in one place.
 *
 * @param rateLimitsTable   RATE_LIMITS_TABLE: the rate-limit windows
 * @param usageTable        USAGE_TABLE: ledger, rollups and the month's budget counter
 * @param failOpen          ADMISSION_FAIL_OPEN (default false): admit when DynamoDB cannot be reached
 * @param retentionDays     USAGE_RETENTION_DAYS (default 90): ledger items expire after this; rollups are kept
 * @param windowSlackSeconds how long a window item outlives its minute before TTL may delete it
 */
public record MeteringConfig(String rateLimitsTable, String usageTable, boolean failOpen, long retentionDays,
                             long windowSlackSeconds) {

    public static final String RATE_LIMITS_TABLE = "RATE_LIMITS_TABLE";
    public static final String USAGE_TABLE = "USAGE_TABLE";
    public static final String ADMISSION_FAIL_OPEN = "ADMISSION_FAIL_OPEN";
    public static final String USAGE_RETENTION_DAYS = "USAGE_RETENTION_DAYS";

    public MeteringConfig {
        if (retentionDays < 1) {
            throw new IllegalStateException(USAGE_RETENTION_DAYS + " must be at least 1");
        }
    }

    public static MeteringConfig from(Env env) {
        return new MeteringConfig(env.require(RATE_LIMITS_TABLE), env.require(USAGE_TABLE),
                env.getBoolean(ADMISSION_FAIL_OPEN, false), env.getLong(USAGE_RETENTION_DAYS, 90), 3600);
    }
}
