package com.llmgateway.auth;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bound on how long a revoked key still works: at once in the sandbox that revoked it, and
 * within KEY_CACHE_TTL_SECONDS in every other sandbox (each caches its lookups for that long).
 */
class RevocationBoundTest {

    private static LocalDynamoDb ddb;
    private static Map<String, String> env;
    private static DemoKeys demo;

    @BeforeAll
    static void start() throws Exception {
        ddb = new LocalDynamoDb();
        env = new HashMap<>(ddb.createTables("bound-"));
        demo = new DemoSeed(new Env(env)).ensure(Optional.empty());
    }

    @AfterAll
    static void stop() throws Exception {
        ddb.close();
    }

    private static String newInvokeKey(AuthHarness admin) {
        JsonNode k = admin.call("POST", "/v1/keys", demo.adminKey(),
                "{\"team_id\":\"demo\",\"name\":\"bound\",\"scopes\":[\"invoke\"]}").body();
        return k.path("key_id").asText() + " " + k.path("api_key").asText();
    }

    private static boolean allowed(AuthHarness sandbox, String key) {
        JsonNode ctx = sandbox.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", key)).path("context");
        return ctx.has("team_id") && !ctx.has("deny_status");
    }

    @Test
    void another_sandbox_honours_a_revocation_exactly_when_its_cached_lookup_turns_ttl_old() {
        Env e = new Env(env);
        MutableClock clock = new MutableClock(Instant.now());
        AuthConfig config = AuthConfig.from(e);
        assertEquals(Duration.ofSeconds(30), config.keyCacheTtl(), "the default TTL");
        AuthHarness sandboxA = new AuthHarness(new AuthHandler(AuthWiring.on(ddb.client, new Env(env), clock)));
        AuthHarness sandboxB = new AuthHarness(new AuthHandler(AuthWiring.on(ddb.client, new Env(env), clock)));
        String[] idAndKey = newInvokeKey(sandboxB).split(" ");

        assertTrue(allowed(sandboxA, idAndKey[1]), "sandbox A caches the lookup");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, sandboxB.call("DELETE", "/v1/keys/" + idAndKey[0], demo.adminKey(), null).status());
        assertTrue(!allowed(sandboxB, idAndKey[1]), "the revoking sandbox denies at once");

        clock.advance(Duration.ofSeconds(28));
        assertTrue(allowed(sandboxA, idAndKey[1]), "29 s after A's lookup, A still serves it from memory");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(!allowed(sandboxA, idAndKey[1]), "at 30 s A reads the store again and denies");
    }

    @Test
    void with_a_one_second_ttl_a_revoked_key_stops_working_everywhere_within_a_second() {
        Map<String, String> fast = new HashMap<>(env);
        fast.put("KEY_CACHE_TTL_SECONDS", "1");
        MutableClock clock = new MutableClock(Instant.now());
        AuthHarness sandboxA = AuthHarness.of(fast, clock);
        AuthHarness sandboxB = AuthHarness.of(fast, clock);
        String[] idAndKey = newInvokeKey(sandboxB).split(" ");
        assertTrue(allowed(sandboxA, idAndKey[1]), "sandbox A caches the lookup");

        clock.advance(Duration.ofMillis(200));
        assertEquals(200, sandboxB.call("DELETE", "/v1/keys/" + idAndKey[0], demo.adminKey(), null).status());
        clock.advance(Duration.ofMillis(799));
        assertTrue(allowed(sandboxA, idAndKey[1]), "999 ms after A's lookup, A still serves it from memory");
        clock.advance(Duration.ofMillis(1));
        JsonNode ctx = sandboxA.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", idAndKey[1])).path("context");
        assertEquals("api_key_revoked", ctx.path("deny_code").asText(), "1 s after A's lookup, A reads the store again");
    }

    @Test
    void on_the_real_clock_a_revoked_key_stops_working_in_another_sandbox_once_the_ttl_has_passed() throws Exception {
        // The handlers as deployed (the system clock). The exact bound is the test above; this one only checks
        // that the real clock ends the cached lookup, with a margin no slow machine reaches.
        Map<String, String> fast = new HashMap<>(env);
        fast.put("KEY_CACHE_TTL_SECONDS", "1");
        AuthHarness sandboxA = AuthHarness.of(fast);
        AuthHarness sandboxB = AuthHarness.of(fast);
        String[] idAndKey = newInvokeKey(sandboxB).split(" ");
        assertTrue(allowed(sandboxA, idAndKey[1]));

        assertEquals(200, sandboxB.call("DELETE", "/v1/keys/" + idAndKey[0], demo.adminKey(), null).status());
        long revokedAt = System.nanoTime();
        while (allowed(sandboxA, idAndKey[1])) {
            assertTrue(System.nanoTime() - revokedAt < Duration.ofSeconds(30).toNanos(), "still allowed 30 s after revocation");
            Thread.sleep(50);
        }
        JsonNode ctx = sandboxA.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", idAndKey[1])).path("context");
        assertEquals("api_key_revoked", ctx.path("deny_code").asText());
    }

    @Test
    void a_ttl_of_zero_turns_the_cache_off() {
        Map<String, String> none = new HashMap<>(env);
        none.put("KEY_CACHE_TTL_SECONDS", "0");
        AuthHarness sandboxA = AuthHarness.of(none);
        AuthHarness sandboxB = AuthHarness.of(none);
        String[] idAndKey = newInvokeKey(sandboxB).split(" ");
        assertTrue(allowed(sandboxA, idAndKey[1]));
        assertEquals(200, sandboxB.call("DELETE", "/v1/keys/" + idAndKey[0], demo.adminKey(), null).status());
        assertTrue(!allowed(sandboxA, idAndKey[1]));
    }
}
