package com.llmgateway.usage.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;
import com.llmgateway.usage.report.TeamInfo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Team items of the keys table: {@code pk = TEAM#{teamId}, sk = TEAM, gsi1pk = TEAMS}, with
 * {@code name}, {@code cost_center} and {@code monthly_budget_usd} attributes (or the team's public
 * JSON in a {@code team} attribute).
 */
public final class DynamoDbTeamDirectory implements TeamDirectory {

    static final String TEAM_SK = "TEAM";
    static final String TEAMS_GSI_PK = "TEAMS";

    private final DynamoDbClient ddb;
    private final String keysTable;

    public DynamoDbTeamDirectory(DynamoDbClient ddb, String keysTable) {
        this.ddb = ddb;
        this.keysTable = keysTable;
    }

    @Override
    public Optional<TeamInfo> find(String teamId) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(keysTable)
                .key(Map.of(Tables.PK, AttributeValue.fromS("TEAM#" + teamId), Tables.SK, AttributeValue.fromS(TEAM_SK))))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(team(teamId, item));
    }

    @Override
    public Map<String, TeamInfo> all() {
        Map<String, TeamInfo> out = new LinkedHashMap<>();
        ddb.queryPaginator(QueryRequest.builder().tableName(keysTable).indexName(Tables.GSI1)
                        .keyConditionExpression("#pk = :teams")
                        .expressionAttributeNames(Map.of("#pk", Tables.GSI1_PK))
                        .expressionAttributeValues(Map.of(":teams", AttributeValue.fromS(TEAMS_GSI_PK)))
                        .build())
                .items().forEach(i -> {
                    String pk = i.get(Tables.PK).s();
                    if (pk.startsWith("TEAM#")) {
                        String id = pk.substring("TEAM#".length());
                        out.put(id, team(id, i));
                    }
                });
        return out;
    }

    private static TeamInfo team(String teamId, Map<String, AttributeValue> item) {
        AttributeValue json = item.get("team");
        if (json != null && json.s() != null && item.get("name") == null) {
            JsonNode t = Json.parse(json.s());
            String budget = Json.text(t, "monthly_budget_usd");
            return new TeamInfo(teamId, Json.text(t, "name"), Json.text(t, "cost_center"),
                    budget == null ? null : new BigDecimal(budget));
        }
        return new TeamInfo(teamId, text(item, "name"), text(item, "cost_center"), decimal(item, "monthly_budget_usd"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || Boolean.TRUE.equals(v.nul())) {
            return null;
        }
        String s = v.n() != null ? v.n() : v.s();
        return s == null || s.isBlank() ? null : new BigDecimal(s);
    }
}
