package com.llmgateway.core.usage;

import com.llmgateway.core.store.Tables;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Item keys of the usage table, shared by the writer (gateway-function), the readers
 * (usage-function, /v1/me) and admission (the budget counter lives on the month item).
 *
 * <pre>
 * ledger     pk = REQ#{requestId}              sk = REQ                  (expires_at = retention)
 * day rollup pk = TEAM#{teamId}                sk = DAY#{yyyy-MM-dd}#MODEL#{model}
 * month      pk = TEAM#{teamId}                sk = MONTH#{yyyy-MM}
 *            attributes: cost_usd (N, equal to the ledger's sum), committed_usd (N, cost_usd plus
 *            outstanding budget reservations), requests, input_tokens, output_tokens, ...
 * </pre>
 */
public final class UsageKeys {

    public static final String PK = Tables.PK;
    public static final String SK = Tables.SK;
    public static final String COST_USD = "cost_usd";
    public static final String COMMITTED_USD = "committed_usd";

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

    public static String ledgerPk(String requestId) {
        return "REQ#" + requestId;
    }

    public static final String LEDGER_SK = "REQ";
}
