package com.llmgateway.core.keys;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoDbKeyAndTeamStoresTest {

    private static LocalDynamoDb ddb;
    private static String table;
    private static DynamoDbApiKeyStore keys;
    private static DynamoDbTeamStore teams;
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00.123Z");

    @BeforeAll
    static void start() throws Exception {
        ddb = new LocalDynamoDb();
        Map<String, String> env = ddb.createTables("storetest-");
        Env e = new Env(env);
        table = env.get("KEYS_TABLE");
        keys = DynamoDbApiKeyStore.fromEnv(ddb.client, e);
        teams = DynamoDbTeamStore.fromEnv(ddb.client, e);
    }

    @AfterAll
    static void stop() throws Exception {
        ddb.close();
    }

    private static Team team(String id) {
        return new Team(id, "Team " + id, "CC-1042", new RateLimits(60, 40_000, 10_000),
                Map.of("claude-haiku-4-5", new RateLimits(10, 20_000, 5_000)), List.of("claude-*", "nova-micro"),
                new BigDecimal("250.00"), new CachePolicy(true, 3600, false), true, NOW.toString(), NOW.toString());
    }

    @Test
    void team_round_trips_with_every_field_and_the_budget_keeps_its_scale() {
        Team t = team("roundtrip");
        teams.create(t);
        assertEquals(t, teams.get("roundtrip").orElseThrow());
        assertEquals("250.00", teams.get("roundtrip").orElseThrow().monthlyBudgetUsd().toPlainString());
    }

    @Test
    void team_without_budget_or_cost_center_round_trips_with_nulls() {
        Team t = new Team("nobudget", "No budget", null, new RateLimits(1, 1, 1), Map.of(), List.of("*"), null,
                new CachePolicy(false, 0, true), false, NOW.toString(), NOW.toString());
        teams.create(t);
        assertEquals(t, teams.get("nobudget").orElseThrow());
    }

    @Test
    void creating_an_existing_team_is_a_409_and_leaves_it_unchanged() {
        teams.create(team("taken"));
        Team other = new Team("taken", "Other", "CC-9", new RateLimits(1, 1, 1), Map.of(), List.of("*"), null,
                new CachePolicy(true, 1, false), true, NOW.toString(), NOW.toString());
        GatewayException e = assertThrows(GatewayException.class, () -> teams.create(other));
        assertEquals(409, e.status());
        assertEquals("team_exists", e.code());
        assertEquals("Team taken", teams.get("taken").orElseThrow().name());
    }

    @Test
    void updating_a_missing_team_is_a_404_and_creates_nothing() {
        GatewayException e = assertThrows(GatewayException.class, () -> teams.update(team("ghost"), team("ghost")));
        assertEquals(404, e.status());
        assertTrue(teams.get("ghost").isEmpty());
    }

    @Test
    void of_two_concurrent_changes_to_a_team_the_second_is_a_409_and_loses_nothing() {
        Team original = team("race");
        teams.create(original);
        Team first = new Team("race", "First", original.costCenter(), original.limits(), original.modelLimits(),
                original.allowedModels(), original.monthlyBudgetUsd(), original.cache(), true, original.createdAt(),
                NOW.plusSeconds(1).toString());
        Team second = new Team("race", original.name(), original.costCenter(), new RateLimits(5, 5, 5), original.modelLimits(),
                original.allowedModels(), original.monthlyBudgetUsd(), original.cache(), true, original.createdAt(),
                NOW.plusSeconds(2).toString());
        teams.update(original, first);
        GatewayException e = assertThrows(GatewayException.class, () -> teams.update(original, second));
        assertEquals(409, e.status());
        assertEquals("team_changed", e.code());
        assertEquals(first, teams.get("race").orElseThrow());
    }

    @Test
    void teams_are_listed_by_id_and_keys_do_not_appear_among_them() {
        teams.create(team("list-b"));
        teams.create(team("list-a"));
        keys.create(IssuedKey.issue("list-a", "k", Set.of("invoke"), null, NOW).key());
        List<String> ids = teams.list().stream().map(Team::teamId).toList();
        assertTrue(ids.indexOf("list-a") < ids.indexOf("list-b"));
        assertEquals(ids.stream().distinct().toList(), ids);
        assertTrue(ids.stream().allMatch(id -> teams.get(id).isPresent()));
    }

    @Test
    void key_is_found_by_hash_and_by_id_and_stored_in_the_documented_format() {
        teams.create(team("fmt"));
        Instant expires = Instant.parse("2027-01-01T00:00:00Z");
        IssuedKey issued = IssuedKey.issue("fmt", "ci", Set.of("admin", "invoke"), expires, NOW);
        keys.create(issued.key());

        ApiKey byHash = keys.findByHash(ApiKeys.sha256Hex(issued.plaintext())).orElseThrow();
        assertEquals(issued.key(), byHash);
        assertEquals(issued.key(), keys.findById(issued.key().keyId()).orElseThrow());
        assertEquals(List.of("invoke", "admin"), List.copyOf(byHash.scopes()));

        Map<String, AttributeValue> item = ddb.client.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("KEY#" + issued.key().keyHash()), "sk", AttributeValue.fromS("KEY")))).item();
        assertEquals(Set.of("pk", "sk", "gsi1pk", "gsi1sk", "key_id", "team_id", "name", "scopes", "created_at",
                "expires_at_iso", "hint"), item.keySet());
        assertEquals("TEAM#fmt", item.get("gsi1pk").s());
        assertEquals("KEY#" + issued.key().keyId(), item.get("gsi1sk").s());
        assertEquals(Set.of("invoke", "admin"), Set.copyOf(item.get("scopes").ss()));
        assertEquals("2027-01-01T00:00:00Z", item.get("expires_at_iso").s());
        assertEquals("2026-11-25T09:00:00.123Z", item.get("created_at").s());
        assertTrue(item.get("hint").s().matches("lgw_\u2026.{4}"));

        Map<String, AttributeValue> pointer = ddb.client.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("KEYID#" + issued.key().keyId()), "sk", AttributeValue.fromS("KEY")))).item();
        assertEquals(Set.of("pk", "sk", "key_hash", "team_id"), pointer.keySet());
        assertEquals(issued.key().keyHash(), pointer.get("key_hash").s());
    }

    @Test
    void creating_a_key_never_overwrites_one_with_the_same_id_or_value() {
        teams.create(team("nodup"));
        IssuedKey first = IssuedKey.issue("nodup", "first", Set.of("invoke"), null, NOW);
        keys.create(first.key());
        ApiKey sameValue = new ApiKey("key_00000000000000aa", first.key().keyHash(), "nodup", "second", Set.of("admin"),
                NOW, null, null, first.key().hint());
        GatewayException e = assertThrows(GatewayException.class, () -> keys.create(sameValue));
        assertEquals(409, e.status());
        assertEquals(first.key(), keys.findByHash(first.key().keyHash()).orElseThrow());
        assertTrue(keys.findById("key_00000000000000aa").isEmpty());
    }

    @Test
    void a_key_for_a_missing_team_is_refused_with_404_and_nothing_is_written() {
        IssuedKey orphan = IssuedKey.issue("no-such-team", "x", Set.of("invoke"), null, NOW);
        GatewayException e = assertThrows(GatewayException.class, () -> keys.create(orphan.key()));
        assertEquals(404, e.status());
        assertEquals("team_id", e.param());
        assertTrue(keys.findByHash(orphan.key().keyHash()).isEmpty());
        assertTrue(keys.findById(orphan.key().keyId()).isEmpty());
    }

    @Test
    void keys_are_listed_by_team_and_all_together() {
        teams.create(team("lk-a"));
        teams.create(team("lk-b"));
        ApiKey a1 = IssuedKey.issue("lk-a", "a1", Set.of("invoke"), null, NOW).key();
        ApiKey a2 = IssuedKey.issue("lk-a", "a2", Set.of("finops"), null, NOW.plusSeconds(1)).key();
        ApiKey b1 = IssuedKey.issue("lk-b", "b1", Set.of("admin"), null, NOW).key();
        List.of(a1, a2, b1).forEach(keys::create);
        assertEquals(List.of(a1, a2), keys.listByTeam("lk-a"));
        assertEquals(List.of(b1), keys.listByTeam("lk-b"));
        assertTrue(keys.listAll().containsAll(List.of(a1, a2, b1)));
        assertTrue(keys.listAll().stream().noneMatch(k -> k.keyId() == null));
    }

    @Test
    void revoking_is_idempotent_and_keeps_the_first_revocation_time() {
        teams.create(team("rev"));
        ApiKey k = IssuedKey.issue("rev", "r", Set.of("invoke"), null, NOW).key();
        keys.create(k);
        ApiKey first = keys.revoke(k.keyId(), NOW.plusSeconds(5)).orElseThrow();
        ApiKey again = keys.revoke(k.keyId(), NOW.plusSeconds(50)).orElseThrow();
        assertEquals(NOW.plusSeconds(5), first.revokedAt());
        assertEquals(first, again);
        assertTrue(keys.findByHash(k.keyHash()).orElseThrow().revoked());
        assertTrue(keys.revoke("key_ffffffffffffffff", NOW).isEmpty());
    }

    @Test
    void rotation_stores_the_new_key_and_revokes_the_old_in_one_step_and_never_twice() {
        teams.create(team("rot"));
        ApiKey old = IssuedKey.issue("rot", "svc", Set.of("invoke"), null, NOW).key();
        keys.create(old);
        ApiKey next = IssuedKey.issue("rot", "svc", Set.of("invoke"), null, NOW.plusSeconds(1)).key();
        keys.rotate(old, next, NOW.plusSeconds(1));
        assertEquals(NOW.plusSeconds(1), keys.findById(old.keyId()).orElseThrow().revokedAt());
        assertFalse(keys.findById(next.keyId()).orElseThrow().revoked());

        ApiKey third = IssuedKey.issue("rot", "svc", Set.of("invoke"), null, NOW.plusSeconds(2)).key();
        GatewayException e = assertThrows(GatewayException.class, () -> keys.rotate(old, third, NOW.plusSeconds(2)));
        assertEquals(409, e.status());
        assertEquals("key_revoked", e.code());
        assertTrue(keys.findById(third.keyId()).isEmpty());
    }

    @Test
    void an_unreachable_table_is_a_503_without_the_sdk_message() {
        try (DynamoDbClient dead = DynamoDbClients.create(new Env(Map.of(DynamoDbClients.ENDPOINT, "http://127.0.0.1:9",
                "DYNAMODB_CALL_TIMEOUT_MS", "1500")))) {
            DynamoDbApiKeyStore store = new DynamoDbApiKeyStore(dead, table);
            GatewayException e = assertThrows(GatewayException.class, () -> store.findByHash("0".repeat(64)));
            assertEquals(503, e.status());
            assertEquals("The gateway's key store is unavailable; retry shortly.", e.getMessage());
            DynamoDbTeamStore teamStore = new DynamoDbTeamStore(dead, table);
            assertEquals(503, assertThrows(GatewayException.class, () -> teamStore.create(team("x1"))).status());
        }
    }

    @Test
    void key_material_has_the_prefix_256_bits_and_only_its_hash_is_kept() {
        String k = ApiKeys.newPlaintext();
        assertTrue(ApiKeys.isWellFormed(k));
        assertEquals(47, k.length());
        assertTrue(k.startsWith("lgw_"));
        assertEquals("lgw_\u2026" + k.substring(43), ApiKeys.hint(k));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.sha256Hex("abc"));
        assertFalse(ApiKeys.newPlaintext().equals(k));
        IssuedKey issued = IssuedKey.issue("t1", "n", Set.of("invoke"), null, NOW);
        assertFalse(issued.toString().contains(issued.plaintext()));
        assertNull(issued.key().revokedAt());
    }
}
