package com.llmgateway.usage;

import com.llmgateway.core.usage.UsageKeys;
import com.llmgateway.core.usage.Counters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes usage-table items in the layout the gateway's ledger writer uses (see UsageKeys), and
 * team items in the keys table, straight into DynamoDB with BatchWriteItem.
 */
public final class UsageData {

    private final DynamoDbClient ddb;
    private final String usageTable;
    private final String keysTable;

    public UsageData(DynamoDbClient ddb, Map<String, String> env) {
        this.ddb = ddb;
        this.usageTable = env.get("USAGE_TABLE");
        this.keysTable = env.get("KEYS_TABLE");
    }

    public static Map<String, AttributeValue> dayItem(String teamId, LocalDate day, String model, Counters c) {
        Map<String, AttributeValue> i = counters(c);
        i.put(UsageKeys.PK, s(UsageKeys.teamPk(teamId)));
        i.put(UsageKeys.SK, s(UsageKeys.daySk(day, model)));
        i.put(UsageKeys.TEAM_ID, s(teamId));
        i.put(UsageKeys.MODEL, s(model));
        i.put(UsageKeys.DAY, s(day.toString()));
        i.put(UsageKeys.GSI1_PK, s(UsageKeys.monthGsiPk(YearMonth.from(day))));
        i.put(UsageKeys.GSI1_SK, s(UsageKeys.dayGsiSk(day, teamId, model)));
        return i;
    }

    public static Map<String, AttributeValue> monthItem(String teamId, YearMonth month, Counters c, BigDecimal reserved) {
        Map<String, AttributeValue> i = counters(c);
        i.put(UsageKeys.PK, s(UsageKeys.teamPk(teamId)));
        i.put(UsageKeys.SK, s(UsageKeys.monthSk(month)));
        i.put(UsageKeys.TEAM_ID, s(teamId));
        i.put(UsageKeys.MONTH, s(month.toString()));
        i.put(UsageKeys.COMMITTED_USD, n(c.costUsd().add(reserved).toPlainString()));
        return i;
    }

    public static Map<String, AttributeValue> ledgerItem(String requestId, String time, String teamId, String model,
                                                         long in, long out, BigDecimal cost, int status) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put(UsageKeys.PK, s(UsageKeys.ledgerPk(requestId)));
        i.put(UsageKeys.SK, s(UsageKeys.LEDGER_SK));
        i.put("request_id", s(requestId));
        i.put("time", s(time));
        i.put(UsageKeys.DAY, s(time.substring(0, 10)));
        i.put(UsageKeys.TEAM_ID, s(teamId));
        i.put("route", s("chat"));
        i.put(UsageKeys.MODEL, s(model));
        i.put(UsageKeys.INPUT_TOKENS, n(Long.toString(in)));
        i.put(UsageKeys.OUTPUT_TOKENS, n(Long.toString(out)));
        i.put(UsageKeys.COST_USD, n(cost.toPlainString()));
        i.put("status_code", n(Integer.toString(status)));
        i.put("cached", AttributeValue.fromBool(false));
        return i;
    }

    public void team(String teamId, String name, String costCenter, String budget) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put("pk", s("TEAM#" + teamId));
        i.put("sk", s("TEAM"));
        i.put("gsi1pk", s("TEAMS"));
        i.put("gsi1sk", s(teamId));
        i.put("name", s(name));
        i.put("cost_center", s(costCenter));
        if (budget != null) {
            i.put("monthly_budget_usd", n(budget));
        }
        ddb.putItem(b -> b.tableName(keysTable).item(i));
    }

    /** BatchWriteItem in chunks of 25, retrying unprocessed items. */
    public void write(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(usageTable, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> req = pending;
                BatchWriteItemResponse r = ddb.batchWriteItem(b -> b.requestItems(req));
                pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
                pending = pending.values().stream().allMatch(List::isEmpty) ? Map.of() : pending;
            }
        }
    }

    private static Map<String, AttributeValue> counters(Counters c) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put(UsageKeys.REQUESTS, n(Long.toString(c.requests())));
        i.put(UsageKeys.INPUT_TOKENS, n(Long.toString(c.inputTokens())));
        i.put(UsageKeys.OUTPUT_TOKENS, n(Long.toString(c.outputTokens())));
        i.put(UsageKeys.CACHE_READ_TOKENS, n(Long.toString(c.cacheReadTokens())));
        i.put(UsageKeys.CACHE_WRITE_TOKENS, n(Long.toString(c.cacheWriteTokens())));
        i.put(UsageKeys.COST_USD, n(c.costUsd().toPlainString()));
        i.put(UsageKeys.COST_SAVED_USD, n(c.costSavedUsd().toPlainString()));
        i.put(UsageKeys.CACHE_HITS, n(Long.toString(c.cacheHits())));
        i.put(UsageKeys.ERRORS, n(Long.toString(c.errors())));
        return i;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }
}
