package com.llmgateway.auth;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.keys.ApiKeys;
import com.llmgateway.core.keys.DynamoDbApiKeyStore;
import com.llmgateway.core.keys.DynamoDbTeamStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plaintext key is shown once, in the response that makes it: in no table item and no log line. */
class KeySecrecyTest {

    private static LocalDynamoDb ddb;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        ddb = new LocalDynamoDb();
        env = new HashMap<>(ddb.createTables("secrecy-"));
    }

    @AfterAll
    static void stop() throws Exception {
        ddb.close();
    }

    @Test
    void no_plaintext_key_reaches_a_table_item_or_a_log_line() {
        List<String> plaintexts = new ArrayList<>();
        String logs;
        try (LogCapture capture = new LogCapture()) {
            DemoKeys demo = new DemoSeed(new Env(env)).ensure(Optional.empty());
            plaintexts.addAll(List.of(demo.invokeKey(), demo.finopsKey(), demo.adminKey()));
            AuthHarness gw = AuthHarness.of(env);
            String admin = demo.adminKey();

            assertEquals(201, gw.call("POST", "/v1/teams", admin, "{\"team_id\":\"secret-team\"}").status());
            JsonNode created = gw.call("POST", "/v1/keys", admin,
                    "{\"team_id\":\"secret-team\",\"name\":\"ci\",\"scopes\":[\"invoke\"]}").body();
            plaintexts.add(created.path("api_key").asText());
            JsonNode rotated = gw.call("POST", "/v1/keys/" + created.path("key_id").asText() + "/rotate", admin, null).body();
            plaintexts.add(rotated.path("api_key").asText());
            assertEquals(200, gw.call("GET", "/v1/me", rotated.path("api_key").asText(), null).status());
            assertEquals(401, gw.call("GET", "/v1/me", created.path("api_key").asText(), null).status());
            assertEquals(200, gw.call("DELETE", "/v1/keys/" + rotated.path("key_id").asText(), admin, null).status());
            assertEquals(401, gw.call("GET", "/v1/me", Map.of("authorization", "Bearer " + rotated.path("api_key").asText()), null).status());
            assertEquals(404, gw.call("DELETE", "/v1/keys/" + rotated.path("api_key").asText(), admin, null).status());
            logs = capture.text();
        }
        assertEquals(5, plaintexts.stream().distinct().count());
        plaintexts.forEach(p -> assertTrue(ApiKeys.isWellFormed(p)));

        assertTrue(logs.contains("key created"), "the capture saw the key service's log lines:\n" + logs);
        assertTrue(logs.contains("key rotated"));
        assertTrue(logs.contains("denied status=401"));
        for (String p : plaintexts) {
            String secretPart = p.substring(ApiKeys.PREFIX.length());
            assertFalse(logs.contains(secretPart), "a log line carries a plaintext key");
        }

        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (String table : List.of(env.get("KEYS_TABLE"), env.get("USAGE_TABLE"), env.get("RATE_LIMITS_TABLE"), env.get("CACHE_TABLE"))) {
            ddb.client.scanPaginator(b -> b.tableName(table)).items().forEach(items::add);
        }
        assertTrue(items.size() >= 2 * 5 + 2, "the scan saw the key items: " + items.size());
        String everything = items.toString();
        for (String p : plaintexts) {
            assertFalse(everything.contains(p.substring(ApiKeys.PREFIX.length())), "a table item carries a plaintext key");
            assertTrue(everything.contains(ApiKeys.sha256Hex(p)), "the key is stored by its hash");
        }
    }
}
