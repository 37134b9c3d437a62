package com.llmgateway.core.keys;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.store.Tables;
import com.llmgateway.core.store.DynamoDbClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
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
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ApiKeyStore} on the keys table (item format and schemas in {@link ApiKeyItem}). Reads go
 * through the enhanced client. A key and its key-id pointer are written in one transaction,
 * conditioned on neither existing and on the team existing, so a key is never overwritten and never
 * orphaned.
 */
public final class DynamoDbApiKeyStore implements ApiKeyStore {

    private static final String NOT_EXISTS = "attribute_not_exists(" + Tables.PK + ")";
    private static final String PRIMARY = TableMetadata.primaryIndexName();

    private final DynamoDbClient ddb;
    private final String table;
    private final DynamoDbTable<ApiKey> keys;
    private final DynamoDbTable<ApiKeyItem.Pointer> pointers;

    /** A store with an enhanced client of its own; a sandbox that has one passes it to the other constructor. */
    public DynamoDbApiKeyStore(DynamoDbClient ddb, String table) {
        this(ddb, DynamoDbClients.enhanced(ddb), table);
    }

    /** @param enhanced the sandbox's enhanced client, over {@code ddb} */
    public DynamoDbApiKeyStore(DynamoDbClient ddb, DynamoDbEnhancedClient enhanced, String table) {
        this.ddb = ddb;
        this.table = table;
        this.keys = enhanced.table(table, ApiKeyItem.SCHEMA);
        this.pointers = enhanced.table(table, ApiKeyItem.POINTER_SCHEMA);
    }

    /** The store on the table named by {@code KEYS_TABLE}. */
    public static DynamoDbApiKeyStore fromEnv(DynamoDbClient ddb, Env env) {
        return new DynamoDbApiKeyStore(ddb, env.table(Tables.KEYS));
    }

    /** The store on the table named by {@code KEYS_TABLE}, on the sandbox's enhanced client. */
    public static DynamoDbApiKeyStore fromEnv(DynamoDbClient ddb, DynamoDbEnhancedClient enhanced, Env env) {
        return new DynamoDbApiKeyStore(ddb, enhanced, env.require(Tables.spec(Tables.KEYS).envVar()));
    }

    @Override
    public void create(ApiKey key) {
        List<TransactWriteItem> writes = new ArrayList<>(newKeyWrites(key));
        writes.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(TeamItem.key(key.teamId()).keyMap(TeamItem.SCHEMA, PRIMARY))
                .conditionExpression("attribute_exists(" + Tables.PK + ")").build()).build());
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
        return Optional.ofNullable(DynamoDbErrors.call(() -> keys.getItem(b -> b.key(ApiKeyItem.key(keyHash)).consistentRead(true))));
    }

    @Override
    public Optional<ApiKey> findById(String keyId) {
        return hashOf(keyId).flatMap(this::findByHash);
    }

    @Override
    public List<ApiKey> listByTeam(String teamId) {
        List<ApiKey> out = new ArrayList<>();
        DynamoDbErrors.call(() -> {
            keys.index(Tables.GSI1).query(b -> b.queryConditional(QueryConditional.sortBeginsWith(ApiKeyItem.teamKeysPrefix(teamId))))
                    .forEach(page -> out.addAll(page.items()));
            return null;
        });
        return sorted(out);
    }

    @Override
    public List<ApiKey> listAll() {
        List<ApiKey> out = new ArrayList<>();
        DynamoDbErrors.call(() -> {
            keys.scan(b -> b.filterExpression(Expression.builder().expression("begins_with(#p, :p) AND #s = :s")
                            .expressionNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
                            .expressionValues(Map.of(":p", AttributeValue.fromS(ApiKeyItem.pk("")),
                                    ":s", AttributeValue.fromS(ApiKeyItem.SK))).build()))
                    .items().forEach(out::add);
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
            Map<String, AttributeValue> item = ddb.updateItem(revocation(hash.get(), at)
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(ApiKeyItem.SCHEMA.mapToItem(item));
        } catch (ConditionalCheckFailedException alreadyRevokedOrGone) {
            return findByHash(hash.get());
        } catch (SdkException e) {
            throw DynamoDbErrors.unavailable(e);
        }
    }

    @Override
    public ApiKey rotate(ApiKey old, ApiKey replacement, Instant at) {
        List<TransactWriteItem> writes = new ArrayList<>(newKeyWrites(replacement));
        UpdateItemRequest revoke = revocation(old.keyHash(), at).build();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(revoke.key())
                .updateExpression(revoke.updateExpression()).conditionExpression(revoke.conditionExpression())
                .expressionAttributeValues(revoke.expressionAttributeValues()).build()).build());
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

    // Revocation stays on the low-level client: it is a one-attribute conditional SET, where the
    // enhanced client's update would rewrite every attribute of the item.
    private UpdateItemRequest.Builder revocation(String keyHash, Instant at) {
        return UpdateItemRequest.builder().tableName(table).key(ApiKeyItem.key(keyHash).keyMap(ApiKeyItem.SCHEMA, PRIMARY))
                .updateExpression("SET " + ApiKeyItem.REVOKED_AT + " = :at")
                .conditionExpression("attribute_exists(" + Tables.PK + ") AND attribute_not_exists(" + ApiKeyItem.REVOKED_AT + ")")
                .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString())));
    }

    // The new key's two puts share a transaction with a condition check (create) or with the
    // revocation above (rotate), so they are low-level writes of the schema-mapped items.
    private List<TransactWriteItem> newKeyWrites(ApiKey key) {
        return List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(ApiKeyItem.SCHEMA.itemToMap(key, true))
                        .conditionExpression(NOT_EXISTS).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(ApiKeyItem.POINTER_SCHEMA.itemToMap(ApiKeyItem.Pointer.of(key), true))
                        .conditionExpression(NOT_EXISTS).build()).build());
    }

    private Optional<String> hashOf(String keyId) {
        ApiKeyItem.Pointer pointer = DynamoDbErrors.call(() -> pointers.getItem(b -> b.key(ApiKeyItem.pointerKey(keyId))
                .consistentRead(true)));
        return pointer == null ? Optional.empty() : Optional.ofNullable(pointer.keyHash());
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
