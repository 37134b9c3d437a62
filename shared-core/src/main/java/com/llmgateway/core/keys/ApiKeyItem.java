package com.llmgateway.core.keys;

import com.llmgateway.core.store.ItemConverters;
import com.llmgateway.core.store.Tables;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * An API key as keys-table items (Terraform seeds the same items), mapped by static
 * (reflection-free) table schemas. Two items per key:
 * <pre>
 * key      pk = "KEY#{sha256 hex of the plaintext}"   sk = "KEY"
 *          gsi1pk = "TEAM#{team_id}"   gsi1sk = "KEY#{key_id}"
 *          key_id S, team_id S, name S, scopes SS (invoke|finops|admin), created_at S,
 *          expires_at_iso S (absent: never expires), revoked_at S (absent: not revoked), hint S ("lgw_…abcd")
 * pointer  pk = "KEYID#{key_id}"   sk = "KEY"   key_hash S (the same hex), team_id S
 * </pre>
 * Times are ISO-8601 UTC ("2026-11-25T09:00:00Z"). The expiry is deliberately not named
 * {@code expires_at}: that is the tables' TTL attribute, and DynamoDB would delete the item.
 * Scopes stored as a list are read too; scopes this code does not know are dropped.
 */
final class ApiKeyItem {

    static final String SK = "KEY";
    static final String REVOKED_AT = "revoked_at";
    private static final String KEY_PREFIX = "KEY#";
    private static final String POINTER_PREFIX = "KEYID#";

    private ApiKeyItem() {
    }

    /** The key-id pointer item: resolves a key id to the key's hash. */
    record Pointer(String keyId, String keyHash, String teamId) {
        static Pointer of(ApiKey k) {
            return new Pointer(k.keyId(), k.keyHash(), k.teamId());
        }
    }

    static String pk(String keyHash) {
        return KEY_PREFIX + keyHash;
    }

    static String pointerPk(String keyId) {
        return POINTER_PREFIX + keyId;
    }

    static Key key(String keyHash) {
        return Key.builder().partitionValue(pk(keyHash)).sortValue(SK).build();
    }

    static Key pointerKey(String keyId) {
        return Key.builder().partitionValue(pointerPk(keyId)).sortValue(SK).build();
    }

    /** The gsi1 key prefix under which a team's keys are listed. */
    static Key teamKeysPrefix(String teamId) {
        return Key.builder().partitionValue(TeamItem.pk(teamId)).sortValue(KEY_PREFIX).build();
    }

    static final TableSchema<ApiKey> SCHEMA = StaticImmutableTableSchema.builder(ApiKey.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, a -> a.name(Tables.PK).getter(k -> pk(k.keyHash()))
                    .setter((b, v) -> b.keyHash = v.startsWith(KEY_PREFIX) ? v.substring(KEY_PREFIX.length()) : v)
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(Tables.SK).getter(k -> SK).setter((b, v) -> { }).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(Tables.GSI1_PK).getter(k -> TeamItem.pk(k.teamId())).setter((b, v) -> { })
                    .tags(secondaryPartitionKey(Tables.GSI1)))
            .addAttribute(String.class, a -> a.name(Tables.GSI1_SK).getter(k -> KEY_PREFIX + k.keyId()).setter((b, v) -> { })
                    .tags(secondarySortKey(Tables.GSI1)))
            .addAttribute(String.class, a -> a.name("key_id").getter(ApiKey::keyId).setter((b, v) -> b.keyId = v))
            .addAttribute(String.class, a -> a.name("team_id").getter(ApiKey::teamId).setter((b, v) -> b.teamId = v))
            .addAttribute(String.class, a -> a.name("name").getter(ApiKey::name).setter((b, v) -> b.name = v))
            .addAttribute(EnhancedType.setOf(String.class), a -> a.name("scopes").getter(ApiKey::scopes)
                    .setter((b, v) -> b.scopes = v).attributeConverter(ItemConverters.stringSet()))
            .addAttribute(Instant.class, a -> a.name("created_at").getter(ApiKey::createdAt).setter((b, v) -> b.createdAt = v))
            .addAttribute(Instant.class, a -> a.name("expires_at_iso").getter(ApiKey::expiresAt).setter((b, v) -> b.expiresAt = v))
            .addAttribute(Instant.class, a -> a.name(REVOKED_AT).getter(ApiKey::revokedAt).setter((b, v) -> b.revokedAt = v))
            .addAttribute(String.class, a -> a.name("hint").getter(ApiKey::hint).setter((b, v) -> b.hint = v))
            .build();

    static final TableSchema<Pointer> POINTER_SCHEMA = StaticImmutableTableSchema.builder(Pointer.class, PointerBuilder.class)
            .newItemBuilder(PointerBuilder::new, PointerBuilder::build)
            .addAttribute(String.class, a -> a.name(Tables.PK).getter(p -> pointerPk(p.keyId()))
                    .setter((b, v) -> b.keyId = v.startsWith(POINTER_PREFIX) ? v.substring(POINTER_PREFIX.length()) : v)
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(Tables.SK).getter(p -> SK).setter((b, v) -> { }).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name("key_hash").getter(Pointer::keyHash).setter((b, v) -> b.keyHash = v))
            .addAttribute(String.class, a -> a.name("team_id").getter(Pointer::teamId).setter((b, v) -> b.teamId = v))
            .build();

    private static final class Builder {
        String keyId;
        String keyHash;
        String teamId;
        String name;
        Set<String> scopes = Set.of();
        Instant createdAt;
        Instant expiresAt;
        Instant revokedAt;
        String hint;

        ApiKey build() {
            return new ApiKey(keyId, keyHash, teamId, name, scopes.stream().filter(Scopes::isKnown).collect(Collectors.toSet()),
                    createdAt, expiresAt, revokedAt, hint);
        }
    }

    private static final class PointerBuilder {
        String keyId;
        String keyHash;
        String teamId;

        Pointer build() {
            return new Pointer(keyId, keyHash, teamId);
        }
    }
}
