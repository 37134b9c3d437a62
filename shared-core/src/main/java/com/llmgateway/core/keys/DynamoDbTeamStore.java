package com.llmgateway.core.keys;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.store.Tables;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.store.DynamoDbClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link TeamStore} on the keys table through the enhanced client (item format and schema in {@link TeamItem}); teams are listed through gsi1. */
public final class DynamoDbTeamStore implements TeamStore {

    private static final Expression ABSENT = Expression.builder()
            .expression("attribute_not_exists(#pk)").putExpressionName("#pk", Tables.PK).build();

    private final DynamoDbTable<Team> teams;

    /** A store with an enhanced client of its own; a sandbox that has one passes it to the other constructor. */
    public DynamoDbTeamStore(DynamoDbClient ddb, String table) {
        this(DynamoDbClients.enhanced(ddb), table);
    }

    public DynamoDbTeamStore(DynamoDbEnhancedClient enhanced, String table) {
        this.teams = enhanced.table(table, TeamItem.SCHEMA);
    }

    /** The store on the table named by {@code KEYS_TABLE}. */
    public static DynamoDbTeamStore fromEnv(DynamoDbClient ddb, Env env) {
        return new DynamoDbTeamStore(ddb, env.table(Tables.KEYS));
    }

    /** The store on the table named by {@code KEYS_TABLE}, on the sandbox's enhanced client. */
    public static DynamoDbTeamStore fromEnv(DynamoDbEnhancedClient enhanced, Env env) {
        return new DynamoDbTeamStore(enhanced, env.require(Tables.spec(Tables.KEYS).envVar()));
    }

    @Override
    public void create(Team team) {
        try {
            teams.putItem(b -> b.item(team).conditionExpression(ABSENT));
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
        Expression.Builder unchanged = Expression.builder()
                .putExpressionName("#pk", Tables.PK).putExpressionName("#u", "updated_at");
        if (previous.updatedAt() == null) {
            unchanged.expression("attribute_exists(#pk) AND attribute_not_exists(#u)");
        } else {
            unchanged.expression("attribute_exists(#pk) AND #u = :prev")
                    .putExpressionValue(":prev", AttributeValue.fromS(previous.updatedAt()));
        }
        try {
            teams.putItem(b -> b.item(next).conditionExpression(unchanged.build()));
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
        return Optional.ofNullable(DynamoDbErrors.call(() -> teams.getItem(b -> b.key(TeamItem.key(teamId)).consistentRead(true))));
    }

    @Override
    public List<Team> list() {
        List<Team> out = new ArrayList<>();
        DynamoDbErrors.call(() -> {
            teams.index(Tables.GSI1).query(b -> b.queryConditional(QueryConditional.keyEqualTo(
                            Key.builder().partitionValue(TeamItem.LIST_PK).build())))
                    .forEach(page -> out.addAll(page.items()));
            return null;
        });
        out.sort(Comparator.comparing(Team::teamId));
        return out;
    }
}
