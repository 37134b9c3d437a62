package com.llmgateway.auth;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.keys.ApiKey;
import com.llmgateway.core.keys.ApiKeys;
import com.llmgateway.core.keys.DynamoDbApiKeyStore;
import com.llmgateway.core.keys.DynamoDbTeamStore;
import com.llmgateway.core.keys.IssuedKey;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.team.TeamJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorizer on real-shaped payload-2.0 authorizer events, against the DynamoDB stand-in. */
class AuthorizerTest {

    private static LocalDynamoDb ddb;
    private static Map<String, String> env;
    private static AuthHarness gw;
    private static DynamoDbApiKeyStore keys;
    private static DynamoDbTeamStore teams;
    private static String invokeKey;
    private static String finopsKey;
    private static String adminKey;
    private static String disabledTeamKey;
    private static String revokedKey;
    private static String expiredKey;
    private static Team alpha;

    @BeforeAll
    static void start() throws Exception {
        ddb = new LocalDynamoDb();
        env = new HashMap<>(ddb.createTables("authz-"));
        env.put("KEY_CACHE_TTL_SECONDS", "30");
        gw = AuthHarness.of(env);
        keys = DynamoDbApiKeyStore.fromEnv(ddb.client, new Env(env));
        teams = DynamoDbTeamStore.fromEnv(ddb.client, new Env(env));
        Instant now = Instant.now();
        alpha = new Team("alpha", "Alpha", "CC-1", new RateLimits(60, 40_000, 10_000),
                Map.of("nova-micro", new RateLimits(5, 1000, 500)), List.of("claude-*"), new BigDecimal("250.00"),
                new CachePolicy(true, 600, true), true, now.toString(), now.toString());
        teams.create(alpha);
        teams.create(new Team("off", "Off", "CC-2", new RateLimits(1, 1, 1), Map.of(), List.of("*"), null,
                new CachePolicy(true, 1, false), false, now.toString(), now.toString()));
        invokeKey = issue("alpha", Set.of("invoke"), null, now);
        finopsKey = issue("alpha", Set.of("finops"), null, now);
        adminKey = issue("alpha", Set.of("admin"), null, now);
        disabledTeamKey = issue("off", Set.of("admin"), null, now);
        revokedKey = issue("alpha", Set.of("invoke"), null, now);
        keys.revoke(keys.findByHash(ApiKeys.sha256Hex(revokedKey)).orElseThrow().keyId(), now);
        expiredKey = issue("alpha", Set.of("invoke"), now.minusSeconds(1), now.minusSeconds(3600));
    }

    private static String issue(String team, Set<String> scopes, Instant expires, Instant now) {
        IssuedKey k = IssuedKey.issue(team, "test", scopes, expires, now);
        keys.create(k.key());
        return k.plaintext();
    }

    @AfterAll
    static void stop() throws Exception {
        ddb.close();
    }

    private static JsonNode context(JsonNode verdict) {
        assertTrue(verdict.path("isAuthorized").asBoolean(), "the verdict always lets HTTP API pass the context on: " + verdict);
        return verdict.path("context");
    }

    private static void assertDenied(JsonNode verdict, int status, String code) {
        JsonNode ctx = context(verdict);
        assertEquals(Integer.toString(status), ctx.path("deny_status").asText(), verdict.toString());
        assertEquals(code, ctx.path("deny_code").asText());
        assertFalse(ctx.has("team_id"));
        assertFalse(ctx.has("team"));
    }

    @Test
    void a_bearer_key_is_authorized_with_team_key_scopes_and_the_whole_team_in_the_context() {
        JsonNode ctx = context(gw.invoke(AuthHarness.fixture("authorizer-bearer-models.json", invokeKey)));
        ApiKey stored = keys.findByHash(ApiKeys.sha256Hex(invokeKey)).orElseThrow();
        assertEquals(Set.of("team_id", "key_id", "scopes", "team"), Set.copyOf(iterable(ctx)));
        assertEquals("alpha", ctx.path("team_id").asText());
        assertEquals(stored.keyId(), ctx.path("key_id").asText());
        assertEquals("invoke", ctx.path("scopes").asText());
        assertTrue(ctx.path("team").isTextual(), "context values are strings");
        assertEquals(alpha, TeamJson.fromJson(Json.parse(ctx.path("team").asText())));
    }

    @Test
    void an_x_api_key_header_works_like_a_bearer_key() {
        JsonNode ctx = context(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", invokeKey)));
        assertEquals("alpha", ctx.path("team_id").asText());
        assertFalse(ctx.has("deny_status"));
    }

    @Test
    void a_sigv4_authorization_header_is_ignored_when_x_api_key_is_present() {
        JsonNode ctx = context(gw.invoke(AuthHarness.fixture("authorizer-sigv4-and-x-api-key-converse.json", invokeKey)));
        assertEquals("alpha", ctx.path("team_id").asText());
    }

    @Test
    void a_sigv4_signature_alone_is_no_key() {
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-sigv4-only-converse.json", null)), 401, "missing_api_key");
    }

    @Test
    void no_key_is_a_401() {
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-no-key-models.json", null)), 401, "missing_api_key");
    }

    @Test
    void a_wrong_key_is_a_401_whether_well_formed_or_not() {
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-bearer-models.json", ApiKeys.newPlaintext())), 401, "invalid_api_key");
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-bearer-models.json", "sk-not-ours")), 401, "invalid_api_key");
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", invokeKey + "x")), 401, "invalid_api_key");
    }

    @Test
    void a_revoked_key_is_a_401() {
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", revokedKey)), 401, "api_key_revoked");
    }

    @Test
    void an_expired_key_is_a_401() {
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", expiredKey)), 401, "api_key_expired");
    }

    @Test
    void a_key_without_the_route_scope_is_a_403() {
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-create-key.json", invokeKey)), 403, "insufficient_scope");
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", finopsKey)), 403, "insufficient_scope");
        assertDenied(gw.authorize("GET", "/v1/teams/alpha", Map.of("x-api-key", finopsKey)), 403, "insufficient_scope");
    }

    @Test
    void admin_holds_every_scope_and_finops_reads_usage_of_every_team() {
        assertEquals("alpha", context(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", adminKey))).path("team_id").asText());
        assertEquals("alpha", context(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-create-key.json", adminKey))).path("team_id").asText());
        assertEquals("alpha", context(gw.authorize("GET", "/v1/usage/teams", Map.of("x-api-key", finopsKey))).path("team_id").asText());
        assertDenied(gw.authorize("GET", "/v1/usage/teams", Map.of("x-api-key", invokeKey)), 403, "insufficient_scope");
    }

    @Test
    void any_valid_key_may_read_me_and_models() {
        for (String k : List.of(invokeKey, finopsKey, adminKey)) {
            assertEquals("alpha", context(gw.authorize("GET", "/v1/me", Map.of("authorization", "Bearer " + k))).path("team_id").asText());
        }
    }

    @Test
    void a_key_of_a_disabled_team_is_a_403_even_with_admin_scope() {
        assertDenied(gw.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", disabledTeamKey)), 403, "team_disabled");
    }

    @Test
    void a_route_the_table_does_not_know_needs_admin() {
        var event = AuthHarness.fixture("authorizer-x-api-key-chat.json", invokeKey);
        event.put("routeKey", "POST /v1/something-new");
        assertDenied(gw.invoke(event), 403, "insufficient_scope");
        event = AuthHarness.fixture("authorizer-x-api-key-chat.json", adminKey);
        event.put("routeKey", "POST /v1/something-new");
        assertEquals("alpha", context(gw.invoke(event)).path("team_id").asText());
    }

    @Test
    void a_denial_becomes_an_openai_shaped_error_in_the_function() {
        AuthHarness.Response r = gw.call("GET", "/v1/me", Map.of("authorization", "Bearer " + revokedKey), null);
        assertEquals(401, r.status());
        JsonNode error = r.body().path("error");
        assertEquals(Set.of("message", "type", "param", "code"), Set.copyOf(iterable(error)));
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals("api_key_revoked", error.path("code").asText());
        assertTrue(error.path("param").isNull());

        AuthHarness.Response forbidden = gw.call("POST", "/v1/keys", invokeKey,
                "{\"team_id\":\"alpha\",\"name\":\"x\",\"scopes\":[\"admin\"]}");
        assertEquals(403, forbidden.status());
        assertEquals("permission_denied", forbidden.body().path("error").path("type").asText());
        assertEquals("insufficient_scope", forbidden.errorCode());
    }

    @Test
    void an_unreachable_key_store_is_a_retryable_503_not_a_denial_of_the_key() throws Exception {
        Map<String, String> dead = new HashMap<>(env);
        dead.put("DYNAMODB_ENDPOINT", "http://127.0.0.1:9");
        dead.put("DYNAMODB_CALL_TIMEOUT_MS", "1500");
        AuthHarness down = AuthHarness.of(dead);
        assertDenied(down.invoke(AuthHarness.fixture("authorizer-x-api-key-chat.json", invokeKey)), 503, "service_unavailable");
        AuthHarness.Response r = down.call("GET", "/v1/me", invokeKey, null);
        assertEquals(503, r.status());
        assertEquals("api_error", r.body().path("error").path("type").asText());
        assertFalse(r.body().toString().toLowerCase().contains("sdk"));
    }

    @Test
    void an_authorizer_event_with_malformed_headers_is_a_401_not_a_failure() {
        JsonNode verdict = gw.invoke(Json.parse("{\"type\":\"REQUEST\",\"routeArn\":\"arn\",\"routeKey\":\"GET /v1/me\",\"headers\":\"not an object\"}"));
        assertDenied(verdict, 401, "missing_api_key");
    }

    @Test
    void the_cache_ttl_setting_is_checked_at_init() {
        for (String bad : List.of("61", "-1", "abc")) {
            Map<String, String> e = new HashMap<>(env);
            e.put("KEY_CACHE_TTL_SECONDS", bad);
            IllegalStateException ex = assertThrows(IllegalStateException.class, () -> new AuthHandler(AuthWiring.create(new Env(e))));
            assertTrue(ex.getMessage().contains("KEY_CACHE_TTL_SECONDS"), ex.getMessage());
        }
        Map<String, String> noTable = new HashMap<>(env);
        noTable.remove("KEYS_TABLE");
        assertTrue(assertThrows(IllegalStateException.class, () -> new AuthHandler(AuthWiring.create(new Env(noTable)))).getMessage().contains("KEYS_TABLE"));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
