package com.llmgateway.core.usage;

import com.llmgateway.core.store.Tables;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Item keys and attribute names of the usage table, shared by the writer (gateway-function), the
 * one reader ({@link DynamoDbUsageReader}: /v1/usage, /v1/usage/teams, /v1/me, MCP get_usage) and
 * admission (the budget counter lives on the month item).
 *
 * <pre>
 * ledger     pk = REQ#{requestId}   sk = REQ                               expires_at = time + retention
 * day rollup pk = TEAM#{teamId}     sk = DAY#{yyyy-MM-dd}#MODEL#{model}    gsi1pk = MONTH#{yyyy-MM}
 *                                                                          gsi1sk = DAY#{yyyy-MM-dd}#TEAM#{teamId}#MODEL#{model}
 * month      pk = TEAM#{teamId}     sk = MONTH#{yyyy-MM}
 * </pre>
 * Rollups (day and month) carry the counters below; the month item also carries
 * {@code committed_usd}: its {@code cost_usd} plus the budget reservations of requests still in
 * flight, the figure that admission checks against the budget. Rollups never expire.
 */
public final class UsageKeys {

    public static final String PK = Tables.PK;
    public static final String SK = Tables.SK;
    public static final String GSI1 = Tables.GSI1;
    public static final String GSI1_PK = Tables.GSI1_PK;
    public static final String GSI1_SK = Tables.GSI1_SK;
    public static final String EXPIRES_AT = Tables.TTL;
    public static final String LEDGER_SK = "REQ";

    // Counters of the rollups (N). The ledger item carries the same names for one request.
    public static final String REQUESTS = "requests";
    public static final String INPUT_TOKENS = "input_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    public static final String CACHE_READ_TOKENS = "cache_read_tokens";
    public static final String CACHE_WRITE_TOKENS = "cache_write_tokens";
    public static final String COST_USD = "cost_usd";
    public static final String COST_SAVED_USD = "cost_saved_usd";
    public static final String CACHE_HITS = "cache_hits";
    public static final String ERRORS = "errors";
    /** Of the errors, those answered 429. */
    public static final String THROTTLES = "throttles";
    public static final String COMMITTED_USD = "committed_usd";

    // Descriptive attributes (S).
    public static final String TEAM_ID = "team_id";
    public static final String MODEL = "model";
    public static final String DAY = "day";
    public static final String MONTH = "month";

    /** The rollup model name of a request that named no known model. */
    public static final String NO_MODEL = "none";

    private UsageKeys() {
    }

    public static String teamPk(String teamId) {
        return "TEAM#" + teamId;
    }

    public static String monthSk(YearMonth month) {
        return "MONTH#" + month;
    }

    public static String daySk(LocalDate day, String model) {
        return "DAY#" + day + "#MODEL#" + model;
    }

    public static String dayPrefix(LocalDate day) {
        return "DAY#" + day;
    }

    /** Upper bound (inclusive) of a BETWEEN over the day items of {@code day}: '~' sorts after '#'. */
    public static String dayUpperBound(LocalDate day) {
        return "DAY#" + day + "~";
    }

    public static String ledgerPk(String requestId) {
        return "REQ#" + requestId;
    }

    /** gsi1pk of a day rollup: every team's day items of one month share it (the chargeback report's query). */
    public static String monthGsiPk(YearMonth month) {
        return "MONTH#" + month;
    }

    public static String dayGsiSk(LocalDate day, String teamId, String model) {
        return "DAY#" + day + "#TEAM#" + teamId + "#MODEL#" + model;
    }
}
