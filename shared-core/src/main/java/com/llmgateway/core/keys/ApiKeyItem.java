package com.llmgateway.core.keys;

import com.llmgateway.core.store.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An API key as keys-table items (Terraform seeds the same items). Two items per key:
 * <pre>
 * key      pk = "KEY#{sha256 hex of the plaintext}"   sk = "KEY"
 *          gsi1pk = "TEAM#{team_id}"   gsi1sk = "KEY#{key_id}"
 *          key_id S, team_id S, name S, scopes SS (invoke|finops|admin), created_at S,
 *          expires_at_iso S (absent: never expires), revoked_at S (absent: not revoked), hint S ("lgw_…abcd")
 * pointer  pk = "KEYID#{key_id}"   sk = "KEY"   key_hash S (the same hex), team_id S
 * </pre>
 * Times are ISO-8601 UTC ("2026-11-25T09:00:00Z"). The expiry is deliberately not named
 * {@code expires_at}: that is the tables' TTL attribute, and DynamoDB would delete the item.
 */
final class ApiKeyItem {

    static final String SK = "KEY";

    private ApiKeyItem() {
    }

    static String pk(String keyHash) {
        return "KEY#" + keyHash;
    }

    static String pointerPk(String keyId) {
        return "KEYID#" + keyId;
    }

    static Map<String, AttributeValue> key(String keyHash) {
        return Map.of(Tables.PK, s(pk(keyHash)), Tables.SK, s(SK));
    }

    static Map<String, AttributeValue> pointerKey(String keyId) {
        return Map.of(Tables.PK, s(pointerPk(keyId)), Tables.SK, s(SK));
    }

    static Map<String, AttributeValue> toItem(ApiKey k) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Tables.PK, s(pk(k.keyHash())));
        item.put(Tables.SK, s(SK));
        item.put(Tables.GSI1_PK, s(TeamItem.pk(k.teamId())));
        item.put(Tables.GSI1_SK, s("KEY#" + k.keyId()));
        item.put("key_id", s(k.keyId()));
        item.put("team_id", s(k.teamId()));
        item.put("name", s(k.name()));
        item.put("scopes", AttributeValue.fromSs(new ArrayList<>(k.scopes())));
        item.put("created_at", s(k.createdAt().toString()));
        if (k.expiresAt() != null) {
            item.put("expires_at_iso", s(k.expiresAt().toString()));
        }
        if (k.revokedAt() != null) {
            item.put("revoked_at", s(k.revokedAt().toString()));
        }
        item.put("hint", s(k.hint()));
        return item;
    }

    static Map<String, AttributeValue> toPointer(ApiKey k) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Tables.PK, s(pointerPk(k.keyId())));
        item.put(Tables.SK, s(SK));
        item.put("key_hash", s(k.keyHash()));
        item.put("team_id", s(k.teamId()));
        return item;
    }

    static ApiKey fromItem(Map<String, AttributeValue> item) {
        String pk = item.get(Tables.PK).s();
        List<String> scopes = new ArrayList<>();
        AttributeValue sv = item.get("scopes");
        if (sv != null && sv.hasSs()) {
            scopes.addAll(sv.ss());
        } else if (sv != null && sv.hasL()) {
            sv.l().forEach(v -> scopes.add(v.s()));
        }
        return new ApiKey(
                text(item, "key_id"),
                pk.substring("KEY#".length()),
                text(item, "team_id"),
                text(item, "name"),
                scopes.stream().filter(Scopes::isKnown).collect(Collectors.toSet()),
                Instant.parse(text(item, "created_at")),
                instant(item, "expires_at_iso"),
                instant(item, "revoked_at"),
                text(item, "hint"));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = text(item, name);
        return v == null ? null : Instant.parse(v);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
