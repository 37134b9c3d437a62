package com.llmgateway.auth;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.keys.DynamoDbApiKeyStore;
import com.llmgateway.core.keys.DynamoDbTeamStore;
import com.llmgateway.core.keys.IssuedKey;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.usage.UsageKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The team, key and /v1/me routes through the authorizer and the function, against the DynamoDB stand-in. */
class TeamAndKeyRoutesTest {

    private static LocalDynamoDb ddb;
    private static Map<String, String> env;
    private static AuthHarness gw;
    private static String admin;
    private static String platformInvoke;

    @BeforeAll
    static void start() throws Exception {
        ddb = new LocalDynamoDb();
        env = new HashMap<>(ddb.createTables("routes-"));
        gw = AuthHarness.of(env);
        Env e = new Env(env);
        DynamoDbTeamStore teams = DynamoDbTeamStore.fromEnv(ddb.client, e);
        DynamoDbApiKeyStore keys = DynamoDbApiKeyStore.fromEnv(ddb.client, e);
        Instant now = Instant.now();
        teams.create(new Team("platform", "Platform", "CC-0001", new RateLimits(60, 1000, 1000), Map.of(), List.of("*"),
                null, new CachePolicy(true, 60, false), true, now.toString(), now.toString()));
        IssuedKey a = IssuedKey.issue("platform", "root", Set.of("admin"), null, now);
        keys.create(a.key());
        admin = a.plaintext();
        IssuedKey i = IssuedKey.issue("platform", "app", Set.of("invoke"), null, now);
        keys.create(i.key());
        platformInvoke = i.plaintext();
    }

    @AfterAll
    static void stop() throws Exception {
        ddb.close();
    }

    static final String SEARCH = """
            {"team_id":"search","name":"Search","cost_center":"CC-1042",
             "limits":{"rpm":60,"input_tpm":40000,"output_tpm":10000},
             "model_limits":{"claude-haiku-4-5":{"rpm":10,"input_tpm":20000,"output_tpm":5000}},
             "allowed_models":["*"],
             "monthly_budget_usd":"250.00",
             "cache":{"ttl_seconds":3600,"shared":false,"enabled":true},
             "enabled":true}""";

    private static AuthHarness.Response createTeam(String body) {
        return gw.call("POST", "/v1/teams", admin, body);
    }

    private static ObjectNode withoutTimes(JsonNode team) {
        ObjectNode copy = team.deepCopy();
        copy.remove("created_at");
        copy.remove("updated_at");
        return copy;
    }

    private static JsonNode createKey(String team, String name, String scopes) {
        AuthHarness.Response r = gw.call("POST", "/v1/keys", admin,
                "{\"team_id\":\"" + team + "\",\"name\":\"" + name + "\",\"scopes\":" + scopes + "}");
        assertEquals(201, r.status(), r.body().toString());
        return r.body();
    }

    @Test
    void an_admin_creates_a_team_and_gets_it_back_as_stored() {
        AuthHarness.Response created = createTeam(SEARCH);
        assertEquals(201, created.status(), created.body().toString());
        ObjectNode expected = (ObjectNode) Json.parse(SEARCH);
        assertEquals(expected, withoutTimes(created.body()));
        Instant.parse(created.body().path("created_at").asText());
        assertEquals(created.body().path("created_at"), created.body().path("updated_at"));

        AuthHarness.Response got = gw.call("GET", "/v1/teams/search", admin, null);
        assertEquals(200, got.status());
        assertEquals(created.body(), got.body());

        AuthHarness.Response list = gw.call("GET", "/v1/teams", admin, null);
        assertEquals(Set.of("data"), fieldNames(list.body()));
        assertTrue(list.body().path("data").toString().contains("\"team_id\":\"search\""));

        AuthHarness.Response again = createTeam(SEARCH);
        assertEquals(409, again.status());
        assertEquals("team_exists", again.errorCode());
    }

    @Test
    void omitted_team_fields_take_the_documented_defaults() {
        AuthHarness.Response r = createTeam("{\"team_id\":\"minimal\"}");
        assertEquals(201, r.status(), r.body().toString());
        assertEquals(Json.parse("""
                {"team_id":"minimal","name":"minimal","cost_center":null,
                 "limits":{"rpm":60,"input_tpm":100000,"output_tpm":20000},"model_limits":{},
                 "allowed_models":["*"],"monthly_budget_usd":null,
                 "cache":{"ttl_seconds":3600,"shared":false,"enabled":true},"enabled":true}"""), withoutTimes(r.body()));
    }

    @Test
    void patch_merges_any_subset_and_leaves_the_rest() {
        assertEquals(201, createTeam("{\"team_id\":\"patchme\",\"name\":\"P\",\"cost_center\":\"CC-7\",\"monthly_budget_usd\":10}").status());
        AuthHarness.Response r = gw.call("PATCH", "/v1/teams/patchme", admin,
                "{\"limits\":{\"rpm\":5},\"cache\":{\"shared\":true},\"allowed_models\":[\"claude-*\",\"nova-micro\"],\"monthly_budget_usd\":\"12.5\"}");
        assertEquals(200, r.status(), r.body().toString());
        JsonNode t = r.body();
        assertEquals(Json.parse("{\"rpm\":5,\"input_tpm\":100000,\"output_tpm\":20000}"), t.path("limits"));
        assertEquals(Json.parse("{\"ttl_seconds\":3600,\"shared\":true,\"enabled\":true}"), t.path("cache"));
        assertEquals("P", t.path("name").asText());
        assertEquals("CC-7", t.path("cost_center").asText());
        assertEquals("12.50", t.path("monthly_budget_usd").asText());
        assertEquals(Json.parse("[\"claude-*\",\"nova-micro\"]"), t.path("allowed_models"));
        assertEquals(t, gw.call("GET", "/v1/teams/patchme", admin, null).body());

        AuthHarness.Response cleared = gw.call("PATCH", "/v1/teams/patchme", admin, "{\"monthly_budget_usd\":null,\"cost_center\":null}");
        assertTrue(cleared.body().path("monthly_budget_usd").isNull());
        assertTrue(cleared.body().path("cost_center").isNull());

        assertEquals(404, gw.call("PATCH", "/v1/teams/nobody", admin, "{\"enabled\":false}").status());
        assertEquals(404, gw.call("GET", "/v1/teams/nobody", admin, null).status());
    }

    @Test
    void a_key_cannot_disable_its_own_team() {
        AuthHarness.Response r = gw.call("PATCH", "/v1/teams/platform", admin, "{\"enabled\":false}");
        assertEquals(400, r.status());
        assertEquals("enabled", r.errorParam());
    }

    @Test
    void disabling_a_team_takes_effect_at_once_in_the_same_sandbox() {
        assertEquals(201, createTeam("{\"team_id\":\"soon-off\"}").status());
        String key = createKey("soon-off", "k", "[\"invoke\"]").path("api_key").asText();
        assertEquals(200, gw.call("GET", "/v1/me", key, null).status());
        assertEquals(200, gw.call("PATCH", "/v1/teams/soon-off", admin, "{\"enabled\":false}").status());
        AuthHarness.Response r = gw.call("GET", "/v1/me", key, null);
        assertEquals(403, r.status());
        assertEquals("team_disabled", r.errorCode());
    }

    @Test
    void a_new_key_has_the_design_shape_works_at_once_and_is_listed_without_its_plaintext() {
        assertEquals(201, createTeam("{\"team_id\":\"keys-a\"}").status());
        String expires = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        AuthHarness.Response r = gw.call("POST", "/v1/keys", admin,
                "{\"team_id\":\"keys-a\",\"name\":\"ci\",\"scopes\":[\"admin\",\"invoke\"],\"expires_at\":\"" + expires + "\"}");
        assertEquals(201, r.status(), r.body().toString());
        assertEquals("no-store", r.headers().get("cache-control"));
        JsonNode k = r.body();
        assertEquals(List.of("key_id", "api_key", "team_id", "name", "scopes", "created_at", "expires_at", "revoked_at", "hint"),
                fieldList(k));
        String plaintext = k.path("api_key").asText();
        assertTrue(plaintext.matches("lgw_[A-Za-z0-9_-]{43}"));
        assertTrue(k.path("key_id").asText().matches("key_[0-9a-f]{16}"));
        assertEquals("keys-a", k.path("team_id").asText());
        assertEquals("ci", k.path("name").asText());
        assertEquals(Json.parse("[\"invoke\",\"admin\"]"), k.path("scopes"));
        assertEquals(expires, k.path("expires_at").asText());
        assertTrue(k.path("revoked_at").isNull());
        assertEquals("lgw_\u2026" + plaintext.substring(plaintext.length() - 4), k.path("hint").asText());

        AuthHarness.Response me = gw.call("GET", "/v1/me", Map.of("authorization", "Bearer " + plaintext), null);
        assertEquals(200, me.status());
        assertEquals("keys-a", me.body().path("team_id").asText());

        JsonNode listed = gw.call("GET", "/v1/keys?team_id=keys-a", admin, null).body();
        ObjectNode expected = k.deepCopy();
        expected.remove("api_key");
        assertEquals(Json.parse("{\"data\":[" + expected + "]}"), listed);
        assertTrue(gw.call("GET", "/v1/keys", admin, null).body().path("data").toString().contains(k.path("key_id").asText()));
        assertFalse(gw.call("GET", "/v1/keys", admin, null).body().toString().contains(plaintext));
    }

    @Test
    void revocation_stops_a_key_at_once_in_the_revoking_sandbox_and_is_idempotent() {
        assertEquals(201, createTeam("{\"team_id\":\"keys-r\"}").status());
        JsonNode k = createKey("keys-r", "gone", "[\"invoke\"]");
        String plaintext = k.path("api_key").asText();
        assertEquals(200, gw.call("GET", "/v1/me", plaintext, null).status());

        AuthHarness.Response revoked = gw.call("DELETE", "/v1/keys/" + k.path("key_id").asText(), admin, null);
        assertEquals(200, revoked.status());
        assertEquals(k.path("key_id"), revoked.body().path("key_id"));
        assertFalse(revoked.body().has("api_key"));
        Instant at = Instant.parse(revoked.body().path("revoked_at").asText());

        AuthHarness.Response denied = gw.call("GET", "/v1/me", plaintext, null);
        assertEquals(401, denied.status());
        assertEquals("api_key_revoked", denied.errorCode());

        AuthHarness.Response again = gw.call("DELETE", "/v1/keys/" + k.path("key_id").asText(), admin, null);
        assertEquals(at.toString(), again.body().path("revoked_at").asText());
        assertEquals(404, gw.call("DELETE", "/v1/keys/key_0000000000000000", admin, null).status());
        AuthHarness.Response pasted = gw.call("DELETE", "/v1/keys/" + plaintext, admin, null);
        assertEquals(404, pasted.status());
        assertFalse(pasted.body().toString().contains(plaintext), "an error never echoes a key");
    }

    @Test
    void rotation_issues_a_new_key_and_revokes_the_old_one_at_once() {
        assertEquals(201, createTeam("{\"team_id\":\"keys-rot\"}").status());
        JsonNode old = createKey("keys-rot", "svc", "[\"invoke\",\"finops\"]");
        String oldKey = old.path("api_key").asText();
        AuthHarness.Response r = gw.call("POST", "/v1/keys/" + old.path("key_id").asText() + "/rotate", admin, null);
        assertEquals(201, r.status(), r.body().toString());
        JsonNode fresh = r.body();
        assertNotEquals(oldKey, fresh.path("api_key").asText());
        assertNotEquals(old.path("key_id"), fresh.path("key_id"));
        assertEquals(old.path("key_id").asText(), fresh.path("rotated_from").asText());
        assertEquals(old.path("scopes"), fresh.path("scopes"));
        assertEquals("svc", fresh.path("name").asText());

        assertEquals(401, gw.call("GET", "/v1/me", oldKey, null).status());
        assertEquals(200, gw.call("GET", "/v1/me", fresh.path("api_key").asText(), null).status());
        AuthHarness.Response twice = gw.call("POST", "/v1/keys/" + old.path("key_id").asText() + "/rotate", admin, null);
        assertEquals(409, twice.status());
        assertEquals("key_revoked", twice.errorCode());
    }

    @Test
    void an_invoke_key_cannot_manage_keys_or_teams_or_read_another_team() {
        assertEquals(201, createTeam("{\"team_id\":\"other\"}").status());
        List<AuthHarness.Response> denied = List.of(
                gw.call("POST", "/v1/keys", platformInvoke, "{\"team_id\":\"platform\",\"name\":\"x\",\"scopes\":[\"admin\"]}"),
                gw.call("GET", "/v1/keys", platformInvoke, null),
                gw.call("GET", "/v1/teams/other", platformInvoke, null),
                gw.call("GET", "/v1/teams", platformInvoke, null),
                gw.call("POST", "/v1/teams", platformInvoke, "{\"team_id\":\"mine\"}"),
                gw.call("PATCH", "/v1/teams/platform", platformInvoke, "{\"limits\":{\"rpm\":100000}}"));
        for (AuthHarness.Response r : denied) {
            assertEquals(403, r.status(), r.body().toString());
            assertEquals("insufficient_scope", r.errorCode());
        }
        assertEquals(404, gw.call("GET", "/v1/teams/mine", admin, null).status());
    }

    @Test
    void me_shows_team_scopes_limits_and_what_is_left_of_the_monthly_budget() {
        assertEquals(201, createTeam("{\"team_id\":\"spender\",\"name\":\"Spender\",\"cost_center\":\"CC-5\",\"monthly_budget_usd\":\"100.00\"}").status());
        String key = createKey("spender", "app", "[\"invoke\",\"finops\"]").path("api_key").asText();
        // /v1/me reports the month of the handler's clock: a handler on a clock the test owns, so that the
        // month written below is the one it reads, even when a month ends during the test
        Instant now = Instant.now();
        AuthHarness fixed = AuthHarness.of(env, Clock.fixed(now, ZoneOffset.UTC));
        String month = YearMonth.from(now.atZone(ZoneOffset.UTC)).toString();
        JsonNode me = fixed.call("GET", "/v1/me", key, null).body();
        assertEquals("0.00", me.path("month_spend_usd").asText());
        assertEquals("100.00", me.path("budget_remaining_usd").asText());

        ddb.client.putItem(b -> b.tableName(env.get("USAGE_TABLE")).item(Map.of(
                UsageKeys.PK, AttributeValue.fromS(UsageKeys.teamPk("spender")),
                UsageKeys.SK, AttributeValue.fromS("MONTH#" + month),
                UsageKeys.COST_USD, AttributeValue.fromN("12.345678"))));
        me = fixed.call("GET", "/v1/me", key, null).body();
        assertEquals(List.of("team_id", "key_id", "scopes", "team_name", "cost_center", "limits", "model_limits",
                "allowed_models", "cache", "enabled", "month", "monthly_budget_usd", "month_spend_usd", "budget_remaining_usd"), fieldList(me));
        assertEquals("spender", me.path("team_id").asText());
        assertEquals(Json.parse("[\"invoke\",\"finops\"]"), me.path("scopes"));
        assertEquals("Spender", me.path("team_name").asText());
        assertEquals(month, me.path("month").asText());
        assertEquals("100.00", me.path("monthly_budget_usd").asText());
        assertEquals("12.345678", me.path("month_spend_usd").asText());
        assertEquals("87.654322", me.path("budget_remaining_usd").asText());
        assertEquals(Json.parse("{\"rpm\":60,\"input_tpm\":100000,\"output_tpm\":20000}"), me.path("limits"));

        JsonNode noBudget = fixed.call("GET", "/v1/me", admin, null).body();
        assertTrue(noBudget.path("monthly_budget_usd").isNull());
        assertTrue(noBudget.path("budget_remaining_usd").isNull());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // route, path, body, the field the 400 must name
                Arguments.of("POST", "/v1/teams", "{\"name\":\"x\"}", "team_id"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"Bad Id\"}", "team_id"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"-dash\"}", "team_id"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"" + "a".repeat(64) + "\"}", "team_id"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"name\":\"\"}", "name"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"name\":42}", "name"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"cost_center\":\"" + "c".repeat(65) + "\"}", "cost_center"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":{\"rpm\":-1}}", "limits.rpm"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":{\"rpm\":0}}", "limits.rpm"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":{\"rpm\":100001}}", "limits.rpm"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":{\"input_tpm\":1e12}}", "limits.input_tpm"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":{\"output_tpm\":\"100\"}}", "limits.output_tpm"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":{\"rpm\":1.5}}", "limits.rpm"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":{\"rps\":5}}", "limits.rps"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"limits\":[]}", "limits"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"model_limits\":{\"gemini-2-5-pro\":{\"rpm\":1,\"input_tpm\":1,\"output_tpm\":1}}}", "model_limits.gemini-2-5-pro"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"model_limits\":{\"nova-micro\":{\"rpm\":1}}}", "model_limits.nova-micro.input_tpm"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"allowed_models\":[\"gemini-*\"]}", "allowed_models"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"allowed_models\":[]}", "allowed_models"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"allowed_models\":\"*\"}", "allowed_models"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"monthly_budget_usd\":\"abc\"}", "monthly_budget_usd"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"monthly_budget_usd\":\"-5\"}", "monthly_budget_usd"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"monthly_budget_usd\":-5}", "monthly_budget_usd"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"monthly_budget_usd\":\"NaN\"}", "monthly_budget_usd"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"monthly_budget_usd\":\"1000000000\"}", "monthly_budget_usd"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"monthly_budget_usd\":\"1.0000001\"}", "monthly_budget_usd"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"monthly_budget_usd\":true}", "monthly_budget_usd"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"cache\":{\"ttl_seconds\":604801}}", "cache.ttl_seconds"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"cache\":{\"shared\":\"yes\"}}", "cache.shared"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"cache\":{\"ttl\":5}}", "cache.ttl"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"enabled\":\"true\"}", "enabled"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"owner\":\"bob\"}", "owner"),
                Arguments.of("POST", "/v1/teams", "{\"team_id\":\"ok1\",\"created_at\":\"2026-01-01T00:00:00Z\"}", "created_at"),
                Arguments.of("PATCH", "/v1/teams/platform", "{\"team_id\":\"renamed\"}", "team_id"),
                Arguments.of("PATCH", "/v1/teams/platform", "{\"limits\":{\"output_tpm\":100000001}}", "limits.output_tpm"),
                Arguments.of("POST", "/v1/keys", "{\"name\":\"x\",\"scopes\":[\"invoke\"]}", "team_id"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"scopes\":[\"invoke\"]}", "name"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"" + "n".repeat(101) + "\",\"scopes\":[\"invoke\"]}", "name"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"x\"}", "scopes"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"x\",\"scopes\":[]}", "scopes"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"x\",\"scopes\":[\"root\"]}", "scopes"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"x\",\"scopes\":[\"invoke\"],\"expires_at\":\"2020-01-01T00:00:00Z\"}", "expires_at"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"x\",\"scopes\":[\"invoke\"],\"expires_at\":\"next week\"}", "expires_at"),
                // a date a year ahead without a time of day
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"x\",\"scopes\":[\"invoke\"],\"expires_at\":\""
                        + LocalDate.now(ZoneOffset.UTC).plusYears(1) + "\"}", "expires_at"),
                Arguments.of("POST", "/v1/keys", "{\"team_id\":\"platform\",\"name\":\"x\",\"scopes\":[\"invoke\"],\"api_key\":\"lgw_mine\"}", "api_key"),
                Arguments.of("GET", "/v1/keys?team_id=Not%20Valid", null, "team_id"));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> 400 naming {3}")
    @MethodSource("malformed")
    void malformed_team_and_key_requests_are_400s_that_name_the_field(String method, String path, String body, String param) {
        AuthHarness.Response r = gw.call(method, path, admin, body);
        assertEquals(400, r.status(), r.body().toString());
        assertEquals(param, r.errorParam(), r.body().toString());
        assertEquals("invalid_request_error", r.body().path("error").path("type").asText());
        assertFalse(r.body().path("error").path("message").asText().isBlank());
    }

    @Test
    void a_body_that_is_not_json_or_not_an_object_is_a_400() {
        for (String body : List.of("{\"team_id\":", "[1,2]", "\"team\"", "")) {
            AuthHarness.Response r = gw.call("POST", "/v1/teams", admin, body);
            assertEquals(400, r.status(), body);
            assertEquals("invalid_json", r.errorCode());
        }
    }

    @Test
    void a_key_for_an_unknown_team_is_a_404_naming_the_team() {
        AuthHarness.Response r = gw.call("POST", "/v1/keys", admin, "{\"team_id\":\"nobody\",\"name\":\"x\",\"scopes\":[\"invoke\"]}");
        assertEquals(404, r.status());
        assertEquals("team_id", r.errorParam());
        assertEquals(404, gw.call("GET", "/v1/keys?team_id=nobody", admin, null).status());
    }

    @Test
    void a_budget_given_as_a_number_is_kept_exactly() {
        AuthHarness.Response r = createTeam("{\"team_id\":\"numbudget\",\"monthly_budget_usd\":1234.567891}");
        assertEquals(201, r.status(), r.body().toString());
        assertEquals("1234.567891", r.body().path("monthly_budget_usd").asText());
        assertEquals("0.00", createTeam("{\"team_id\":\"zerobudget\",\"monthly_budget_usd\":0}").body().path("monthly_budget_usd").asText());
    }

    private static Set<String> fieldNames(JsonNode n) {
        return Set.copyOf(fieldList(n));
    }

    private static List<String> fieldList(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
