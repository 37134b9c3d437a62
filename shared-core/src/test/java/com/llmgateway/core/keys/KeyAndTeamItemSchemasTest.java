package com.llmgateway.core.keys;

import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The static schemas write exactly the attribute maps the hand-written mapping wrote (the golden
 * maps below are that format, spelled out), and read them, and the older shapes, back.
 */
class KeyAndTeamItemSchemasTest {

    private static final String HASH = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final Instant CREATED = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 3600, 123_000_000);
    private static final Instant EXPIRES = CREATED.plusSeconds(86_400);
    private static final Instant REVOKED = CREATED.plusSeconds(60);

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static AttributeValue limits(long rpm, long in, long out) {
        return AttributeValue.fromM(Map.of("rpm", n(rpm), "input_tpm", n(in), "output_tpm", n(out)));
    }

    private static ApiKey key(Instant expires, Instant revoked) {
        return new ApiKey("key_0123456789abcdef", HASH, "search", "ci", new LinkedHashSet<>(List.of("invoke", "admin")),
                CREATED, expires, revoked, "lgw_\u2026abcd");
    }

    private static Team team() {
        return new Team("search", "Search", "CC-1042", new RateLimits(60, 40_000, 10_000),
                Map.of("claude-haiku-4-5", new RateLimits(10, 20_000, 5_000)), List.of("claude-*", "nova-micro"),
                new BigDecimal("250.00"), new CachePolicy(true, 3600, false), true, CREATED.toString(), REVOKED.toString());
    }

    private static Map<String, AttributeValue> goldenTeam() {
        return Map.ofEntries(
                Map.entry("pk", s("TEAM#search")), Map.entry("sk", s("TEAM")),
                Map.entry("gsi1pk", s("TEAMS")), Map.entry("gsi1sk", s("TEAM#search")),
                Map.entry("team_id", s("search")), Map.entry("name", s("Search")), Map.entry("cost_center", s("CC-1042")),
                Map.entry("limits", limits(60, 40_000, 10_000)),
                Map.entry("model_limits", AttributeValue.fromM(Map.of("claude-haiku-4-5", limits(10, 20_000, 5_000)))),
                Map.entry("allowed_models", AttributeValue.fromL(List.of(s("claude-*"), s("nova-micro")))),
                Map.entry("monthly_budget_usd", s("250.00")),
                Map.entry("cache", AttributeValue.fromM(Map.of("ttl_seconds", n(3600),
                        "shared", AttributeValue.fromBool(false), "enabled", AttributeValue.fromBool(true)))),
                Map.entry("enabled", AttributeValue.fromBool(true)),
                Map.entry("created_at", s(CREATED.toString())), Map.entry("updated_at", s(REVOKED.toString())));
    }

    @Test
    void a_key_is_written_as_the_documented_item_and_read_back() {
        Map<String, AttributeValue> golden = Map.ofEntries(
                Map.entry("pk", s("KEY#" + HASH)), Map.entry("sk", s("KEY")),
                Map.entry("gsi1pk", s("TEAM#search")), Map.entry("gsi1sk", s("KEY#key_0123456789abcdef")),
                Map.entry("key_id", s("key_0123456789abcdef")), Map.entry("team_id", s("search")), Map.entry("name", s("ci")),
                Map.entry("scopes", AttributeValue.fromSs(List.of("invoke", "admin"))),
                Map.entry("created_at", s(CREATED.toString())), Map.entry("expires_at_iso", s(EXPIRES.toString())),
                Map.entry("revoked_at", s(REVOKED.toString())), Map.entry("hint", s("lgw_\u2026abcd")));
        ApiKey k = key(EXPIRES, REVOKED);
        assertEquals(golden, ApiKeyItem.SCHEMA.itemToMap(k, true));
        assertEquals(k, ApiKeyItem.SCHEMA.mapToItem(golden));
    }

    @Test
    void a_key_that_never_expires_and_is_not_revoked_has_neither_attribute() {
        ApiKey k = key(null, null);
        Map<String, AttributeValue> item = ApiKeyItem.SCHEMA.itemToMap(k, true);
        assertEquals(Set.of("pk", "sk", "gsi1pk", "gsi1sk", "key_id", "team_id", "name", "scopes", "created_at", "hint"),
                item.keySet());
        assertEquals(k, ApiKeyItem.SCHEMA.mapToItem(item));
    }

    @Test
    void scopes_stored_as_a_list_are_read_and_unknown_scopes_are_dropped() {
        Map<String, AttributeValue> item = new java.util.HashMap<>(ApiKeyItem.SCHEMA.itemToMap(key(null, null), true));
        item.put("scopes", AttributeValue.fromL(List.of(s("admin"), s("invoke"), s("root"))));
        assertEquals(List.of("invoke", "admin"), List.copyOf(ApiKeyItem.SCHEMA.mapToItem(item).scopes()));
    }

    @Test
    void the_key_id_pointer_is_written_as_before_and_read_back() {
        ApiKeyItem.Pointer p = ApiKeyItem.Pointer.of(key(null, null));
        Map<String, AttributeValue> golden = Map.of("pk", s("KEYID#key_0123456789abcdef"), "sk", s("KEY"),
                "key_hash", s(HASH), "team_id", s("search"));
        assertEquals(golden, ApiKeyItem.POINTER_SCHEMA.itemToMap(p, true));
        assertEquals(p, ApiKeyItem.POINTER_SCHEMA.mapToItem(golden));
    }

    @Test
    void the_item_keys_are_the_tables_keys() {
        assertEquals(Map.of("pk", s("KEY#" + HASH), "sk", s("KEY")),
                ApiKeyItem.key(HASH).keyMap(ApiKeyItem.SCHEMA, TableMetadata.primaryIndexName()));
        assertEquals(Map.of("pk", s("TEAM#search"), "sk", s("TEAM")),
                TeamItem.key("search").keyMap(TeamItem.SCHEMA, TableMetadata.primaryIndexName()));
        assertEquals(List.of("gsi1pk", "gsi1sk"), List.of(ApiKeyItem.SCHEMA.tableMetadata().indexPartitionKey("gsi1"),
                ApiKeyItem.SCHEMA.tableMetadata().indexSortKey("gsi1").orElseThrow()));
        assertEquals(List.of("gsi1pk", "gsi1sk"), List.of(TeamItem.SCHEMA.tableMetadata().indexPartitionKey("gsi1"),
                TeamItem.SCHEMA.tableMetadata().indexSortKey("gsi1").orElseThrow()));
    }

    @Test
    void a_team_is_written_as_the_documented_item_and_read_back() {
        assertEquals(goldenTeam(), TeamItem.SCHEMA.itemToMap(team(), true));
        Team read = TeamItem.SCHEMA.mapToItem(goldenTeam());
        assertEquals(team(), read);
        assertEquals("250.00", read.monthlyBudgetUsd().toPlainString());
    }

    @Test
    void a_team_without_budget_cost_center_or_model_limits_has_no_such_attributes_and_an_empty_map() {
        Team t = new Team("lean", "Lean", null, new RateLimits(1, 2, 3), Map.of(), List.of("*"), null,
                new CachePolicy(false, 0, true), false, null, null);
        Map<String, AttributeValue> item = TeamItem.SCHEMA.itemToMap(t, true);
        assertEquals(Set.of("pk", "sk", "gsi1pk", "gsi1sk", "team_id", "name", "limits", "model_limits",
                "allowed_models", "cache", "enabled"), item.keySet());
        assertEquals(AttributeValue.fromM(Map.of()), item.get("model_limits"));
        assertEquals(t, TeamItem.SCHEMA.mapToItem(item));
    }

    @Test
    void older_team_shapes_are_read_as_before() {
        Map<String, AttributeValue> item = new java.util.HashMap<>(goldenTeam());
        item.put("allowed_models", AttributeValue.fromSs(List.of("nova-micro")));
        item.put("monthly_budget_usd", AttributeValue.fromN("99.5"));
        item.remove("cache");
        item.remove("enabled");
        item.remove("model_limits");
        Team t = TeamItem.SCHEMA.mapToItem(item);
        assertEquals(List.of("nova-micro"), t.allowedModels());
        assertEquals(new BigDecimal("99.5"), t.monthlyBudgetUsd());
        assertEquals(new CachePolicy(true, 3600, false), t.cache());
        assertEquals(true, t.enabled());
        assertEquals(Map.of(), t.modelLimits());

        item.put("allowed_models", AttributeValue.fromL(List.of()));
        item.put("cache", AttributeValue.fromM(Map.of("ttl_seconds", n(60))));
        Team partial = TeamItem.SCHEMA.mapToItem(item);
        assertEquals(List.of("*"), partial.allowedModels());
        assertEquals(new CachePolicy(true, 60, false), partial.cache());
    }
}
