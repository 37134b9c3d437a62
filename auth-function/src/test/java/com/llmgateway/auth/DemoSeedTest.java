package com.llmgateway.auth;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.config.Env;
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
        assertEquals("Demo team", team.path("name").asText());
        assertEquals("CC-DEMO", team.path("cost_center").asText());
        assertEquals("100.00", team.path("monthly_budget_usd").asText());

        JsonNode keys = gw.call("GET", "/v1/keys?team_id=demo", first.adminKey(), null).body().path("data");
        assertEquals(3, keys.size());
        Map<String, String> scopeByName = new HashMap<>();
        keys.forEach(k -> scopeByName.put(k.path("name").asText(), k.path("scopes").toString()));
        assertEquals(Map.of("demo-invoke", "[\"invoke\"]", "demo-finops", "[\"finops\"]", "demo-admin", "[\"admin\"]"), scopeByName);
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
}
