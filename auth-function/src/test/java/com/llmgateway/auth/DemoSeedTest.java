package com.llmgateway.auth;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.config.DemoTeam;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;
import com.llmgateway.core.keys.Scopes;
import com.llmgateway.core.keys.ApiKeys;
import com.llmgateway.core.keys.DynamoDbApiKeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSeedTest {

    private static LocalDynamoDb ddb;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        ddb = new LocalDynamoDb();
        env = new HashMap<>(ddb.createTables("demo-"));
    }

    @AfterAll
    static void stop() throws Exception {
        ddb.close();
    }

    @Test
    void first_start_creates_the_demo_team_and_three_working_keys_and_a_restart_keeps_them() {
        DemoSeed seed = new DemoSeed(new Env(env));
        DemoKeys first = seed.ensure(Optional.empty());
        assertEquals("demo", first.teamId());
        AuthHarness gw = AuthHarness.of(env);

        JsonNode team = gw.call("GET", "/v1/teams/demo", first.adminKey(), null).body();
        assertEquals(DemoTeam.value("name"), team.path("name").asText());
        assertEquals(DemoTeam.value("cost_center"), team.path("cost_center").asText());
        assertEquals(DemoTeam.value("monthly_budget_usd"), team.path("monthly_budget_usd").asText());
        assertEquals(Long.parseLong(DemoTeam.value("limits.rpm")), team.path("limits").path("rpm").asLong());
        assertEquals(Long.parseLong(DemoTeam.value("limits.input_tpm")), team.path("limits").path("input_tpm").asLong());
        assertEquals(Long.parseLong(DemoTeam.value("limits.output_tpm")), team.path("limits").path("output_tpm").asLong());
        assertEquals(Settings.get("DEFAULT_CACHE_TTL_SECONDS").defaultInteger(), team.path("cache").path("ttl_seconds").asLong());

        JsonNode keys = gw.call("GET", "/v1/keys?team_id=demo", first.adminKey(), null).body().path("data");
        assertEquals(3, keys.size());
        Map<String, String> scopeByName = new HashMap<>();
        keys.forEach(k -> scopeByName.put(k.path("name").asText(), k.path("scopes").toString()));
        Map<String, String> declared = new HashMap<>();
        DemoTeam.keyNames().forEach((scope, name) -> declared.put(name, "[\"" + scope + "\"]"));
        assertEquals(declared, scopeByName);
        assertEquals(200, gw.call("GET", "/v1/me", first.invokeKey(), null).status());
        assertEquals(403, gw.call("GET", "/v1/keys", first.finopsKey(), null).status());

        DemoKeys restarted = new DemoSeed(new Env(env)).ensure(Optional.of(first));
        assertEquals(first, restarted);
        assertEquals(3, gw.call("GET", "/v1/keys?team_id=demo", first.adminKey(), null).body().path("data").size());
    }

    @Test
    void when_a_kept_key_no_longer_works_three_new_keys_replace_all_of_them() {
        DemoKeys first = new DemoSeed(new Env(env)).ensure(Optional.empty());
        AuthHarness gw = AuthHarness.of(env);
        DynamoDbApiKeyStore store = DynamoDbApiKeyStore.fromEnv(ddb.client, new Env(env));
        String invokeId = store.findByHash(ApiKeys.sha256Hex(first.invokeKey())).orElseThrow().keyId();
        assertEquals(200, gw.call("DELETE", "/v1/keys/" + invokeId, first.adminKey(), null).status());

        DemoKeys second = new DemoSeed(new Env(env)).ensure(Optional.of(first));
        for (String k : List.of(second.invokeKey(), second.finopsKey(), second.adminKey())) {
            assertTrue(List.of(first.invokeKey(), first.finopsKey(), first.adminKey()).stream().noneMatch(k::equals));
            assertEquals(200, gw.call("GET", "/v1/me", k, null).status());
        }
        // a fresh sandbox: gw still holds its cached lookup of the old admin key (for up to the TTL)
        AuthHarness fresh = AuthHarness.of(env);
        assertEquals(401, fresh.call("GET", "/v1/me", first.adminKey(), null).status(), "the old demo keys are revoked");
        assertEquals(401, fresh.call("GET", "/v1/me", first.finopsKey(), null).status());
        assertNotEquals(first, second);
    }

    /** demo-team.json is the one declaration: a key per scope, and its Terraform variables' ranges are the admin API's. */
    @Test
    void the_declared_demo_team_has_a_key_per_scope_and_the_admin_apis_ranges() {
        assertEquals(new java.util.TreeSet<>(Scopes.ALL), new java.util.TreeSet<>(DemoTeam.keyNames().keySet()));
        Map<String, DemoTeam.Variable> vars = DemoTeam.variables();
        assertEquals(Long.valueOf(1), vars.get("rate_limit_rpm").min());
        assertEquals(Long.valueOf(TeamRequests.MAX_RPM), vars.get("rate_limit_rpm").max());
        for (String tpm : List.of("rate_limit_input_tpm", "rate_limit_output_tpm")) {
            assertEquals(Long.valueOf(1), vars.get(tpm).min(), tpm);
            assertEquals(Long.valueOf(TeamRequests.MAX_TPM), vars.get(tpm).max(), tpm);
        }
        for (DemoTeam.Variable v : vars.values()) {
            String value = DemoTeam.value(v.field());
            assertTrue(value != null, v.field());
            if (v.type().equals("integer")) {
                long n = Long.parseLong(value);
                assertTrue(n >= v.min() && n <= v.max(), v.terraform() + " default " + n);
            } else {
                assertTrue(value.matches(v.pattern()), v.terraform() + " default " + value);
            }
        }
        // The declared budget is one the admin API takes: below its maximum, at most its decimal places.
        java.math.BigDecimal budget = new java.math.BigDecimal(DemoTeam.value("monthly_budget_usd"));
        assertTrue(budget.compareTo(TeamRequests.MAX_BUDGET) < 0 && budget.scale() <= TeamRequests.MAX_BUDGET_SCALE);
        assertTrue(DemoTeam.team(java.time.Instant.EPOCH).cache().ttlSeconds() <= TeamRequests.MAX_CACHE_TTL);
    }
}
