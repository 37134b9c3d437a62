package com.llmgateway.usage.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.ItemConverters;
import com.llmgateway.core.store.Tables;
import com.llmgateway.usage.report.TeamInfo;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

/**
 * Team items of the keys table: {@code pk = TEAM#{teamId}, sk = TEAM, gsi1pk = TEAMS}, with
 * {@code name}, {@code cost_center} and {@code monthly_budget_usd} attributes (or the team's public
 * JSON in a {@code team} attribute), read through the enhanced client with a static schema of just
 * the attributes a report shows.
 */
public final class DynamoDbTeamDirectory implements TeamDirectory {

    static final String TEAM_SK = "TEAM";
    static final String TEAMS_GSI_PK = "TEAMS";
    private static final String TEAM_PREFIX = "TEAM#";

    /** Read-only projection: the getters only exist because a schema needs them. */
    static final TableSchema<TeamInfo> SCHEMA = StaticImmutableTableSchema.builder(TeamInfo.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, a -> a.name(Tables.PK).getter(t -> TEAM_PREFIX + t.teamId())
                    .setter((b, v) -> b.teamId = v.startsWith(TEAM_PREFIX) ? v.substring(TEAM_PREFIX.length()) : null)
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(Tables.SK).getter(t -> TEAM_SK).setter((b, v) -> { }).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(Tables.GSI1_PK).getter(t -> TEAMS_GSI_PK).setter((b, v) -> { })
                    .tags(secondaryPartitionKey(Tables.GSI1)))
            .addAttribute(String.class, a -> a.name("name").getter(TeamInfo::name).setter((b, v) -> b.name = v))
            .addAttribute(String.class, a -> a.name("cost_center").getter(TeamInfo::costCenter).setter((b, v) -> b.costCenter = v))
            .addAttribute(BigDecimal.class, a -> a.name("monthly_budget_usd").getter(TeamInfo::monthlyBudgetUsd)
                    .setter((b, v) -> b.budget = v).attributeConverter(ItemConverters.decimalAsString()))
            .addAttribute(String.class, a -> a.name("team").getter(t -> null).setter((b, v) -> b.json = v))
            .build();

    private final DynamoDbTable<TeamInfo> teams;

    /** A directory with an enhanced client of its own (the usage function's only one). */
    public DynamoDbTeamDirectory(DynamoDbClient ddb, String keysTable) {
        this(DynamoDbClients.enhanced(ddb), keysTable);
    }

    public DynamoDbTeamDirectory(DynamoDbEnhancedClient enhanced, String keysTable) {
        this.teams = enhanced.table(keysTable, SCHEMA);
    }

    @Override
    public Optional<TeamInfo> find(String teamId) {
        return Optional.ofNullable(teams.getItem(Key.builder().partitionValue(TEAM_PREFIX + teamId).sortValue(TEAM_SK).build()));
    }

    @Override
    public Map<String, TeamInfo> all() {
        Map<String, TeamInfo> out = new LinkedHashMap<>();
        teams.index(Tables.GSI1).query(b -> b.queryConditional(QueryConditional.keyEqualTo(
                        Key.builder().partitionValue(TEAMS_GSI_PK).build())))
                .forEach(page -> page.items().forEach(t -> {
                    if (t.teamId() != null) {
                        out.put(t.teamId(), t);
                    }
                }));
        return out;
    }

    private static final class Builder {
        String teamId;
        String name;
        String costCenter;
        BigDecimal budget;
        String json;

        TeamInfo build() {
            if (json != null && name == null) {
                JsonNode t = Json.parse(json);
                String b = Json.text(t, "monthly_budget_usd");
                return new TeamInfo(teamId, Json.text(t, "name"), Json.text(t, "cost_center"), b == null ? null : new BigDecimal(b));
            }
            return new TeamInfo(teamId, name, costCenter, budget);
        }
    }
}
