package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.local.LocalGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3 end to end: keys, teams and scopes through the local runtime's authorizer, over HTTP. */
class AuthE2ETest {

    private static final String CHAT = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":20}";

    private static LocalGateway gateway;
    private static Http http;
    private static Admin admin;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withEnv(Map.of("KEY_CACHE_TTL_SECONDS", "1")));
        http = new Http(gateway.endpoint());
        admin = new Admin(http, gateway.keys().orElseThrow().adminKey());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void no_key_and_a_wrong_key_get_401_on_every_authorized_route() {
        for (String path : List.of("/v1/models", "/v1/me", "/v1/usage", "/v1/teams", "/v1/keys")) {
            Http.Res none = http.get(path);
            assertEquals(401, none.status(), path + " " + none.body());
            none.error();
            Http.Res wrong = http.get(path, "x-api-key", "lgw_" + "A".repeat(43));
            assertEquals(401, wrong.status(), path);
            assertFalse(wrong.body().contains("AAAA"), "the presented key must not be echoed");
        }
        assertEquals(401, http.post("/v1/chat/completions", CHAT).status());
    }

    @Test
    void a_bearer_key_works_like_x_api_key_and_a_sigv4_header_does_not_get_in_the_way() {
        String key = gateway.keys().orElseThrow().invokeKey();
        assertEquals(200, http.post("/v1/chat/completions", CHAT, "authorization", "Bearer " + key).status());
        assertEquals(200, http.post("/v1/chat/completions", CHAT, "x-api-key", key).status());
        assertEquals(200, http.post("/v1/chat/completions", CHAT, "x-api-key", key,
                "authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=abc").status());
    }

    @Test
    void an_invoke_key_cannot_manage_teams_or_keys() {
        String key = gateway.keys().orElseThrow().invokeKey();
        Http.Res createKey = http.post("/v1/keys", "{\"team_id\":\"demo\",\"name\":\"x\",\"scopes\":[\"admin\"]}", "x-api-key", key);
        assertEquals(403, createKey.status(), createKey.body());
        assertEquals(403, http.get("/v1/teams", "x-api-key", key).status());
        assertEquals(403, http.post("/v1/teams", "{\"team_id\":\"evil\"}", "x-api-key", key).status());
        assertEquals(403, http.get("/v1/usage/teams", "x-api-key", key).status());
        Http.Res finops = http.post("/v1/chat/completions", CHAT, "x-api-key", gateway.keys().orElseThrow().finopsKey());
        assertEquals(403, finops.status(), "a finops key may not call models");
    }

    @Test
    void an_admin_creates_a_team_and_key_that_works_at_once_and_stops_after_revocation() throws Exception {
        admin.team("{\"team_id\":\"search\",\"name\":\"Search\",\"cost_center\":\"CC-1042\","
                + "\"limits\":{\"rpm\":60,\"input_tpm\":40000,\"output_tpm\":10000},\"allowed_models\":[\"nova-*\"],"
                + "\"monthly_budget_usd\":\"250.00\"}");
        JsonNode created = admin.key("search", "[\"invoke\"]");
        String key = created.path("api_key").asText();
        assertTrue(key.startsWith("lgw_") && key.length() >= 4 + 43, key.length() + " chars");
        assertTrue(created.path("hint").asText().endsWith(key.substring(key.length() - 4)));

        Http.Res ok = http.post("/v1/chat/completions", CHAT, "x-api-key", key);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("search", ok.json().path("gateway_metadata").path("team_id").asText());
        Http.Res me = http.get("/v1/me", "x-api-key", key);
        assertEquals("search", me.json().path("team_id").asText());
        assertEquals("250.00", me.json().path("monthly_budget_usd").asText());

        Http.Res notAllowed = http.post("/v1/chat/completions", CHAT.replace("nova-micro", "claude-haiku-4-5"), "x-api-key", key);
        assertEquals(403, notAllowed.status());
        assertTrue(notAllowed.error().path("message").asText().contains("claude-haiku-4-5"));

        String keyId = created.path("key_id").asText();
        Http.Res revoked = http.method("DELETE", "/v1/keys/" + keyId, null, "x-api-key", gateway.keys().orElseThrow().adminKey());
        assertEquals(200, revoked.status(), revoked.body());
        long start = System.nanoTime();
        int status;
        do {
            status = http.post("/v1/chat/completions", CHAT, "x-api-key", key).status();
            if (status != 401) {
                Thread.sleep(100);
            }
        } while (status != 401 && System.nanoTime() - start < 30_000_000_000L); // TTL 1 s, a margin for slow machines
        assertEquals(401, status, "a revoked key must stop working within KEY_CACHE_TTL_SECONDS");
    }

    @Test
    void a_key_works_until_it_expires_and_then_gets_401() throws Exception {
        String admin = gateway.keys().orElseThrow().adminKey();
        // a key whose expiry no test run reaches: it must work
        Instant later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        Http.Res longLived = http.post("/v1/keys", "{\"team_id\":\"demo\",\"name\":\"long\",\"scopes\":[\"invoke\"],"
                + "\"expires_at\":\"" + later + "\"}", "x-api-key", admin);
        assertEquals(201, longLived.status(), longLived.body());
        assertEquals(later.toString(), longLived.json().path("expires_at").asText());
        Http.Res works = http.get("/v1/models", "x-api-key", longLived.json().path("api_key").asText());
        assertEquals(200, works.status(), works.body());

        // a key that expires in 5 s, asked until it has expired: an answer that arrived before the expiry must
        // be 200, a request sent after it must be 401 api_key_expired (the gateway runs on this JVM's clock)
        Instant expires = Instant.now().plusSeconds(5);
        Http.Res r = http.post("/v1/keys", "{\"team_id\":\"demo\",\"name\":\"short\",\"scopes\":[\"invoke\"],\"expires_at\":\"" + expires + "\"}",
                "x-api-key", admin);
        assertEquals(201, r.status(), r.body());
        String key = r.json().path("api_key").asText();
        Http.Res afterExpiry = null;
        while (afterExpiry == null) {
            Instant sent = Instant.now();
            Http.Res res = http.get("/v1/models", "x-api-key", key);
            Instant answered = Instant.now();
            if (answered.isBefore(expires)) {
                assertEquals(200, res.status(), "answered before the expiry: " + res.body());
            } else if (sent.isAfter(expires)) {
                afterExpiry = res;
            } else {
                assertTrue(res.status() == 200 || res.status() == 401, res.body()); // in flight at the expiry
            }
            assertTrue(Instant.now().isBefore(expires.plusSeconds(60)), "the expiry never came");
            Thread.sleep(100);
        }
        assertEquals(401, afterExpiry.status(), afterExpiry.body());
        assertEquals("api_key_expired", afterExpiry.error().path("code").asText(), afterExpiry.body());
    }

    @Test
    void rotation_issues_a_new_key_and_the_old_one_stops() {
        JsonNode created = admin.key("demo", "[\"invoke\"]");
        Http.Res rotated = http.post("/v1/keys/" + created.path("key_id").asText() + "/rotate", "",
                "x-api-key", gateway.keys().orElseThrow().adminKey());
        assertEquals(201, rotated.status(), rotated.body());
        String fresh = rotated.json().path("api_key").asText();
        assertEquals(200, http.get("/v1/models", "x-api-key", fresh).status());
        assertEquals(401, http.get("/v1/models", "x-api-key", created.path("api_key").asText()).status());
    }

    @Test
    void no_table_item_holds_a_plaintext_key() {
        JsonNode created = admin.key("demo", "[\"invoke\",\"finops\"]");
        List<String> secrets = List.of(created.path("api_key").asText(), gateway.keys().orElseThrow().invokeKey(),
                gateway.keys().orElseThrow().adminKey(), gateway.keys().orElseThrow().finopsKey());
        for (String table : gateway.dynamoDb().listTables().tableNames()) {
            for (Map<String, AttributeValue> item : gateway.dynamoDb().scanPaginator(b -> b.tableName(table)).items()) {
                String text = item.toString();
                for (String s : secrets) {
                    assertFalse(text.contains(s), "plaintext key in " + table);
                    assertFalse(text.contains(s.substring(4)), "key body in " + table);
                }
            }
        }
    }

    @Test
    void malformed_team_and_key_requests_get_400_naming_the_field() {
        String a = gateway.keys().orElseThrow().adminKey();
        Map<String, String> teamCases = Map.of(
                "{\"team_id\":\"bad id!\"}", "team_id",
                "{\"team_id\":\"t-rpm\",\"limits\":{\"rpm\":-1,\"input_tpm\":1000,\"output_tpm\":1000}}", "limits.rpm",
                "{\"team_id\":\"t-budget\",\"monthly_budget_usd\":\"abc\"}", "monthly_budget_usd",
                "{\"team_id\":\"t-models\",\"allowed_models\":[\"gpt-17\"]}", "allowed_models",
                "{\"team_id\":\"t-cache\",\"cache\":{\"ttl_seconds\":-5}}", "cache.ttl_seconds");
        teamCases.forEach((body, field) -> {
            Http.Res r = http.post("/v1/teams", body, "x-api-key", a);
            assertEquals(400, r.status(), body + " -> " + r.body());
            assertTrue(r.error().path("param").asText().startsWith(field), body + " -> " + r.body());
        });
        Map<String, String> keyCases = Map.of(
                "{\"team_id\":\"demo\",\"name\":\"x\",\"scopes\":[\"root\"]}", "scopes",
                "{\"team_id\":\"demo\",\"name\":\"x\",\"scopes\":[\"invoke\"],\"expires_at\":\"tomorrow\"}", "expires_at",
                "{\"team_id\":\"demo\",\"scopes\":[\"invoke\"]}", "name");
        keyCases.forEach((body, field) -> {
            Http.Res r = http.post("/v1/keys", body, "x-api-key", a);
            assertEquals(400, r.status(), body + " -> " + r.body());
            assertEquals(field, r.error().path("param").asText(), body);
        });
        assertEquals(400, http.post("/v1/teams", "{not json", "x-api-key", a).status());
        assertEquals(404, http.post("/v1/keys", "{\"team_id\":\"nobody\",\"name\":\"x\",\"scopes\":[\"invoke\"]}", "x-api-key", a).status());
    }
}
