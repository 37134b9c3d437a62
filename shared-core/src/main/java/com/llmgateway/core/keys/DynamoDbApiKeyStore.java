package com.llmgateway.core.keys;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.store.Tables;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ApiKeyStore} on the keys table (item format in {@link ApiKeyItem}). A key and its
 * key-id pointer are written in one transaction, conditioned on neither existing and on the team
 * existing, so a key is never overwritten and never orphaned.
 */
public final class DynamoDbApiKeyStore implements ApiKeyStore {

    private static final String NOT_EXISTS = "attribute_not_exists(" + Tables.PK + ")";

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoDbApiKeyStore(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    /** The store on the table named by {@code KEYS_TABLE}. */
    public static DynamoDbApiKeyStore fromEnv(DynamoDbClient ddb, Env env) {
        return new DynamoDbApiKeyStore(ddb, env.table(Tables.KEYS));
    }

    @Override
    public void create(ApiKey key) {
        List<TransactWriteItem> writes = new ArrayList<>(newKeyWrites(key));
        writes.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(TeamItem.key(key.teamId())).conditionExpression("attribute_exists(" + Tables.PK + ")").build()).build());
        try {
            ddb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (failed(e, 2)) {
                throw GatewayException.notFound("No team '" + key.teamId() + "'.", "team_id", "team_not_found");
            }
            throw conflict("A key with this id or value already exists; retry.", "key_exists");
        } catch (SdkException e) {
            throw DynamoDbErrors.unavailable(e);
        }
    }

    @Override
    public Optional<ApiKey> findByHash(String keyHash) {
        Map<String, AttributeValue> item = DynamoDbErrors.call(() -> ddb.getItem(b -> b.tableName(table)
                .key(ApiKeyItem.key(keyHash)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ApiKeyItem.fromItem(item));
    }

    @Override
    public Optional<ApiKey> findById(String keyId) {
        return hashOf(keyId).flatMap(this::findByHash);
    }

    @Override
    public List<ApiKey> listByTeam(String teamId) {
        List<ApiKey> out = new ArrayList<>();
        DynamoDbErrors.call(() -> {
            ddb.queryPaginator(b -> b.tableName(table).indexName(Tables.GSI1)
                    .keyConditionExpression("#p = :p AND begins_with(#s, :s)")
                    .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(TeamItem.pk(teamId)),
                            ":s", AttributeValue.fromS("KEY#"))))
                    .items().forEach(i -> out.add(ApiKeyItem.fromItem(i)));
            return null;
        });
        return sorted(out);
    }

    @Override
    public List<ApiKey> listAll() {
        List<ApiKey> out = new ArrayList<>();
        DynamoDbErrors.call(() -> {
            ddb.scanPaginator(b -> b.tableName(table)
                    .filterExpression("begins_with(#p, :p) AND #s = :s")
                    .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("KEY#"), ":s", AttributeValue.fromS(ApiKeyItem.SK))))
                    .items().forEach(i -> out.add(ApiKeyItem.fromItem(i)));
            return null;
        });
        return sorted(out);
    }

    @Override
    public Optional<ApiKey> revoke(String keyId, Instant at) {
        Optional<String> hash = hashOf(keyId);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<String, AttributeValue> item = ddb.updateItem(b -> b.tableName(table).key(ApiKeyItem.key(hash.get()))
                    .updateExpression("SET revoked_at = :at")
                    .conditionExpression("attribute_exists(" + Tables.PK + ") AND attribute_not_exists(revoked_at)")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(ApiKeyItem.fromItem(item));
        } catch (ConditionalCheckFailedException alreadyRevokedOrGone) {
            return findByHash(hash.get());
        } catch (SdkException e) {
            throw DynamoDbErrors.unavailable(e);
        }
    }

    @Override
    public ApiKey rotate(ApiKey old, ApiKey replacement, Instant at) {
        List<TransactWriteItem> writes = new ArrayList<>(newKeyWrites(replacement));
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(ApiKeyItem.key(old.keyHash()))
                .updateExpression("SET revoked_at = :at")
                .conditionExpression("attribute_exists(" + Tables.PK + ") AND attribute_not_exists(revoked_at)")
                .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString()))).build()).build());
        try {
            ddb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (failed(e, 2)) {
                throw conflict("Key '" + old.keyId() + "' is revoked; a revoked key cannot be rotated.", "key_revoked");
            }
            throw conflict("A key with this id or value already exists; retry.", "key_exists");
        } catch (SdkException e) {
            throw DynamoDbErrors.unavailable(e);
        }
        return replacement;
    }

    private List<TransactWriteItem> newKeyWrites(ApiKey key) {
        return List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(ApiKeyItem.toItem(key))
                        .conditionExpression(NOT_EXISTS).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(ApiKeyItem.toPointer(key))
                        .conditionExpression(NOT_EXISTS).build()).build());
    }

    private Optional<String> hashOf(String keyId) {
        Map<String, AttributeValue> pointer = DynamoDbErrors.call(() -> ddb.getItem(b -> b.tableName(table)
                .key(ApiKeyItem.pointerKey(keyId)).consistentRead(true)).item());
        if (pointer == null || pointer.isEmpty() || !pointer.containsKey("key_hash")) {
            return Optional.empty();
        }
        return Optional.of(pointer.get("key_hash").s());
    }

    /** True when the transaction's item at this index failed its condition. */
    private static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static GatewayException conflict(String message, String code) {
        return new GatewayException(409, "invalid_request_error", code, null, message);
    }

    private static List<ApiKey> sorted(List<ApiKey> keys) {
        keys.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::keyId));
        return keys;
    }
}
