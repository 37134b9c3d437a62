package com.llmgateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.auth.DemoKeys;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalGatewayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A stand-in for the auth function's bootstrap: keeps previous keys, else makes new ones. */
    private static final class FakeSeeder implements DemoSeeder {
        final List<Optional<DemoKeys>> calls = new ArrayList<>();
        private final AtomicInteger generation = new AtomicInteger();

        @Override
        public DemoKeys ensure(Optional<DemoKeys> previous) {
            calls.add(previous);
            if (previous.isPresent()) {
                return previous.get();
            }
            int g = generation.incrementAndGet();
            return new DemoKeys("demo", "lgw_invoke_" + g, "lgw_finops_" + g, "lgw_admin_" + g);
        }
    }

    private static LocalGateway.Options persistent(Path dir) {
        return LocalGateway.Options.inMemoryDefaults().withDataDir(dir).withSeeder(null);
    }

    @Test
    void creates_every_table_with_the_key_schema_of_tables_json() {
        try (LocalGateway gw = LocalGateway.start()) {
            for (Tables.TableSpec spec : Tables.all().values()) {
                String name = gw.env().get(spec.envVar());
                String suffix = spec.logicalName().replace('_', '-');
                if (gw.ownsDynamoDb()) {
                    assertEquals(LocalGateway.TABLE_PREFIX + suffix, name);
                } else { // on another engine an in-memory runtime gets tables of its own: llmgw-<run>-keys
                    assertTrue(name.startsWith(LocalGateway.TABLE_PREFIX) && name.endsWith("-" + suffix), name);
                }
                TableDescription t = gw.dynamoDb().describeTable(b -> b.tableName(name)).table();
                List<KeySchemaElement> expected = new ArrayList<>();
                expected.add(KeySchemaElement.builder().attributeName(spec.hashKey()).keyType(KeyType.HASH).build());
                if (spec.rangeKey() != null) {
                    expected.add(KeySchemaElement.builder().attributeName(spec.rangeKey()).keyType(KeyType.RANGE).build());
                }
                assertEquals(expected, t.keySchema(), name);
                assertEquals(spec.indexes().size(), t.globalSecondaryIndexes().size(), name);
                for (var gsi : t.globalSecondaryIndexes()) {
                    Tables.Index idx = spec.indexes().stream().filter(i -> i.name().equals(gsi.indexName())).findFirst().orElseThrow();
                    assertEquals(idx.hashKey(), gsi.keySchema().get(0).attributeName());
                    assertEquals(idx.rangeKey(), gsi.keySchema().size() > 1 ? gsi.keySchema().get(1).attributeName() : null);
                }
                var ttl = gw.dynamoDb().describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
                if (spec.ttlAttribute() != null) {
                    assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus(), name);
                    assertEquals(spec.ttlAttribute(), ttl.attributeName(), name);
                } else {
                    assertNotEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus(), name);
                }
            }
            assertTrue(gw.env().get("DYNAMODB_ENDPOINT").startsWith("http://127.0.0.1:"));
            assertEquals(gw.bedrock().endpoint().toString(), gw.env().get("BEDROCK_ENDPOINT"));
            assertEquals("us-east-1", gw.env().get("AWS_REGION"));
        }
    }

    @Test
    void keeps_table_data_across_a_restart_with_a_data_folder(@TempDir Path dir) {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("TEAM#persist"), "sk", AttributeValue.fromS("META"));
        String table;
        try (LocalGateway gw = LocalGateway.start(persistent(dir))) {
            assumeTrue(gw.ownsDynamoDb(), "the runtime's own stand-in keeps the data folder (not the DynamoDB at DYNAMODB_ENDPOINT)");
            table = gw.env().get("KEYS_TABLE");
            gw.dynamoDb().putItem(b -> b.tableName(table).item(item));
        }
        assertTrue(Files.isDirectory(dir.resolve(LocalGateway.DYNAMODB_DIR)));
        try (LocalGateway gw = LocalGateway.start(persistent(dir))) {
            assertEquals(item, gw.dynamoDb().getItem(b -> b.tableName(table).key(item).consistentRead(true)).item());
        }
        try (LocalGateway gw = LocalGateway.start(persistent(dir).withInMemory(true))) {
            assertFalse(gw.dynamoDb().getItem(b -> b.tableName(table).key(item)).hasItem(), "in memory starts empty");
        }
    }

    @Test
    void writes_local_json_and_reuses_its_keys_after_a_restart(@TempDir Path dir) throws Exception {
        FakeSeeder seeder = new FakeSeeder();
        DemoKeys first;
        try (LocalGateway gw = LocalGateway.start(persistent(dir).withSeeder(env -> seeder))) {
            first = gw.keys().orElseThrow();
            Path file = gw.localJson().orElseThrow();
            assertEquals(dir.resolve("local.json"), file);
            JsonNode json = Json.MAPPER.readTree(file.toFile());
            assertEquals(gw.endpoint().toString(), json.path("endpoint").asText());
            assertEquals("demo", json.path("team_id").asText());
            assertEquals(first.invokeKey(), json.path("keys").path("invoke").asText());
            assertEquals(first.finopsKey(), json.path("keys").path("finops").asText());
            assertEquals(first.adminKey(), json.path("keys").path("admin").asText());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (LocalGateway gw = LocalGateway.start(persistent(dir).withSeeder(env -> seeder))) {
            assertEquals(first, gw.keys().orElseThrow());
            assertEquals(List.of(Optional.empty(), Optional.of(first)), seeder.calls);
            assertEquals(gw.endpoint().toString(), Json.MAPPER.readTree(dir.resolve("local.json").toFile()).path("endpoint").asText());
        }
    }

    @Test
    void in_memory_passes_no_previous_keys_and_still_writes_local_json(@TempDir Path dir) throws Exception {
        FakeSeeder seeder = new FakeSeeder();
        LocalJson.write(dir, java.net.URI.create("http://127.0.0.1:1"), new DemoKeys("demo", "a", "b", "c"));
        try (LocalGateway gw = LocalGateway.start(persistent(dir).withInMemory(true).withSeeder(env -> seeder))) {
            assertTrue(gw.keys().isPresent());
            assertEquals(Optional.of(dir.resolve("local.json")), gw.localJson());
            JsonNode json = Json.MAPPER.readTree(dir.resolve("local.json").toFile());
            assertEquals(gw.endpoint().toString(), json.path("endpoint").asText(), "the new runtime's endpoint");
            assertEquals(gw.keys().orElseThrow().invokeKey(), json.path("keys").path("invoke").asText());
        }
        assertEquals(List.of(Optional.empty()), seeder.calls, "the old local.json is never read back");
        assertFalse(Files.exists(dir.resolve(LocalGateway.DYNAMODB_DIR)));
    }

    @Test
    void without_a_seeder_no_keys_are_made() {
        try (LocalGateway gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withSeeder(null))) {
            assertTrue(gw.keys().isEmpty());
            assertTrue(gw.localJson().isEmpty());
        }
    }

    @Test
    void health_goes_through_the_real_gateway_function() throws Exception {
        try (LocalGateway gw = LocalGateway.start()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gw.endpoint().resolve("/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            assertEquals(r.headers().firstValue("apigw-requestid").orElseThrow(),
                    r.headers().firstValue("x-request-id").orElseThrow(), "the function sees HTTP API's request id");
            assertEquals("healthy", Json.parse(r.body()).path("status").asText());
        }
    }

    @Test
    void a_chat_request_with_the_demo_key_reaches_the_gateway_function_and_completes() throws Exception {
        try (LocalGateway gw = LocalGateway.start()) {
            HttpRequest.Builder req = HttpRequest.newBuilder(gw.endpoint().resolve("/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
            req.header("x-api-key", gw.keys().orElseThrow().invokeKey());
            HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("chat.completion", Json.parse(r.body()).path("object").asText());
            assertTrue(r.headers().firstValue("x-request-id").isPresent(), "answered by the function, not the stand-in");
        }
    }

    @Test
    void a_busy_port_fails_the_start_with_a_message_naming_it() {
        try (LocalGateway first = LocalGateway.start()) {
            int port = first.endpoint().getPort();
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withPort(port)));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void real_bedrock_mode_sets_no_bedrock_endpoint() {
        try (LocalGateway gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withAwsBedrock(true)
                .withEnv(Map.of("BEDROCK_ENDPOINT", "http://stale")))) {
            assertNull(gw.env().get("BEDROCK_ENDPOINT"));
            assertThrows(IllegalStateException.class, gw::bedrock);
        }
    }

    private static HttpResponse<String> get(java.net.URI base, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (key != null) {
            b.header("x-api-key", key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_real_authorizer_admits_the_demo_key_and_denies_others_in_the_openai_shape() throws Exception {
        try (LocalGateway gw = LocalGateway.start()) {
            DemoKeys keys = gw.keys().orElseThrow();
            HttpResponse<String> me = get(gw.endpoint(), "/v1/me", keys.invokeKey());
            assertEquals(200, me.statusCode(), me.body());
            assertEquals(keys.teamId(), Json.parse(me.body()).path("team_id").asText(), me.body());

            for (String key : new String[]{null, "lgw_not_a_real_key"}) {
                HttpResponse<String> denied = get(gw.endpoint(), "/v1/me", key);
                assertEquals(401, denied.statusCode(), denied.body());
                JsonNode error = Json.parse(denied.body()).path("error");
                assertTrue(error.has("message") && error.has("type") && error.has("param") && error.has("code"), denied.body());
            }
            HttpResponse<String> wrongScope = get(gw.endpoint(), "/v1/teams", keys.invokeKey());
            assertEquals(403, wrongScope.statusCode(), wrongScope.body());
        }
    }

    @Test
    void the_seeded_demo_keys_survive_a_restart_and_still_work(@TempDir Path dir) throws Exception {
        LocalGateway.Options options = LocalGateway.Options.inMemoryDefaults().withDataDir(dir);
        DemoKeys first;
        try (LocalGateway gw = LocalGateway.start(options)) {
            first = gw.keys().orElseThrow();
        }
        try (LocalGateway gw = LocalGateway.start(options)) {
            assertEquals(first, gw.keys().orElseThrow());
            assertEquals(200, get(gw.endpoint(), "/v1/me", first.adminKey()).statusCode());
            String file = Files.readString(dir.resolve("local.json"));
            assertTrue(file.contains(first.invokeKey()) && file.contains(first.finopsKey()) && file.contains(first.adminKey()));
        }
    }
}
