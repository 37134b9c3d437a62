package com.llmgateway.core.keys;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.store.Tables;
import com.llmgateway.core.team.Team;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link TeamStore} on the keys table (item format in {@link TeamItem}); teams are listed through gsi1. */
public final class DynamoDbTeamStore implements TeamStore {

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoDbTeamStore(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    /** The store on the table named by {@code KEYS_TABLE}. */
    public static DynamoDbTeamStore fromEnv(DynamoDbClient ddb, Env env) {
        return new DynamoDbTeamStore(ddb, env.table(Tables.KEYS));
    }

    @Override
    public void create(Team team) {
        try {
            ddb.putItem(b -> b.tableName(table).item(TeamItem.toItem(team))
                    .conditionExpression("attribute_not_exists(" + Tables.PK + ")"));
        } catch (ConditionalCheckFailedException e) {
            throw new GatewayException(409, "invalid_request_error", "team_exists", "team_id",
                    "Team '" + team.teamId() + "' already exists; use PATCH /v1/teams/" + team.teamId() + " to change it.");
        } catch (SdkException e) {
            throw DynamoDbErrors.unavailable(e);
        }
    }

    @Override
    public void update(Team previous, Team next) {
        if (!previous.teamId().equals(next.teamId())) {
            throw new IllegalArgumentException("a team's id cannot change");
        }
        try {
            ddb.putItem(b -> {
                b.tableName(table).item(TeamItem.toItem(next));
                if (previous.updatedAt() == null) {
                    b.conditionExpression("attribute_exists(" + Tables.PK + ") AND attribute_not_exists(updated_at)");
                } else {
                    b.conditionExpression("attribute_exists(" + Tables.PK + ") AND updated_at = :prev")
                            .expressionAttributeValues(Map.of(":prev", AttributeValue.fromS(previous.updatedAt())));
                }
            });
        } catch (ConditionalCheckFailedException e) {
            if (get(next.teamId()).isEmpty()) {
                throw GatewayException.notFound("No team '" + next.teamId() + "'.", "team_id", "team_not_found");
            }
            throw new GatewayException(409, "invalid_request_error", "team_changed", null,
                    "Team '" + next.teamId() + "' was changed by another request meanwhile; read it again and retry.");
        } catch (SdkException e) {
            throw DynamoDbErrors.unavailable(e);
        }
    }

    @Override
    public Optional<Team> get(String teamId) {
        Map<String, AttributeValue> item = DynamoDbErrors.call(() -> ddb.getItem(b -> b.tableName(table)
                .key(TeamItem.key(teamId)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(TeamItem.fromItem(item));
    }

    @Override
    public List<Team> list() {
        List<Team> out = new ArrayList<>();
        DynamoDbErrors.call(() -> {
            ddb.queryPaginator(b -> b.tableName(table).indexName(Tables.GSI1)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(TeamItem.LIST_PK))))
                    .items().forEach(i -> out.add(TeamItem.fromItem(i)));
            return null;
        });
        out.sort(Comparator.comparing(Team::teamId));
        return out;
    }
}
