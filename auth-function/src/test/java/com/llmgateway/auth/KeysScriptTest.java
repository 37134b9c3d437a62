package com.llmgateway.auth;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** scripts/keys.sh over real HTTP, against the auth function behind a minimal stand-in for HTTP API. */
class KeysScriptTest {

    private static LocalDynamoDb ddb;
    private static HttpServer http;
    private static DemoKeys demo;
    private static String endpoint;
    private static final Path SCRIPT = Path.of("..", "scripts", "keys.sh").toAbsolutePath().normalize();

    @BeforeAll
    static void start() throws Exception {
        ddb = new LocalDynamoDb();
        Map<String, String> env = new HashMap<>(ddb.createTables("script-"));
        demo = new DemoSeed(new Env(env)).ensure(Optional.empty());
        AuthHarness gw = AuthHarness.of(env);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> forward(gw, exchange));
        http.start();
        endpoint = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private static void forward(AuthHarness gw, HttpExchange ex) throws IOException {
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        headers.keySet().retainAll(List.of("x-api-key", "authorization", "content-type"));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        AuthHarness.Response r = gw.call(ex.getRequestMethod(), target, headers, body.isEmpty() ? null : body);
        byte[] out = Json.bytes(r.body());
        ex.getResponseHeaders().add("content-type", "application/json");
        ex.sendResponseHeaders(r.status(), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @AfterAll
    static void stop() throws Exception {
        http.stop(0);
        ddb.close();
    }

    private record Run(int exit, String out, String err) {
        JsonNode json() {
            return Json.parse(out);
        }
    }

    private static Run keys(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LLMGW_ENDPOINT", endpoint);
        pb.environment().put("LLMGW_ADMIN_KEY", demo.adminKey());
        Path err = Files.createTempFile("keys", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String errText = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, errText);
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void the_cli_creates_a_team_and_a_key_lists_rotates_and_revokes() throws Exception {
        assumeTrue(onPath("curl") && onPath("jq"), "curl and jq are needed");

        Run team = keys("create-team", "cli-team", "--name", "CLI", "--cost-center", "CC-77", "--rpm", "30",
                "--budget", "50.00", "--models", "claude-*,nova-micro");
        assertEquals(0, team.exit(), team.err());
        assertEquals("CLI", team.json().path("name").asText());
        assertEquals(30, team.json().path("limits").path("rpm").asInt());
        assertEquals("50.00", team.json().path("monthly_budget_usd").asText());
        assertEquals("[\"claude-*\",\"nova-micro\"]", team.json().path("allowed_models").toString());

        String expires = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Run key = keys("create-key", "cli-team", "ci", "--scopes", "invoke,finops", "--expires", expires);
        assertEquals(0, key.exit(), key.err());
        assertEquals(expires, key.json().path("expires_at").asText());
        String keyId = key.json().path("key_id").asText();
        assertTrue(key.json().path("api_key").asText().startsWith("lgw_"));

        Run list = keys("list-keys", "cli-team");
        assertEquals(0, list.exit(), list.err());
        assertEquals(keyId, list.json().path("data").get(0).path("key_id").asText());
        assertFalse(list.out().contains(key.json().path("api_key").asText()));

        Run rotated = keys("rotate", keyId);
        assertEquals(0, rotated.exit(), rotated.err());
        assertEquals(keyId, rotated.json().path("rotated_from").asText());

        Run revoked = keys("revoke", rotated.json().path("key_id").asText());
        assertEquals(0, revoked.exit(), revoked.err());
        assertFalse(revoked.json().path("revoked_at").isNull());

        Run patched = keys("update-team", "cli-team", "{\"limits\":{\"rpm\":45}}");
        assertEquals(45, patched.json().path("limits").path("rpm").asInt());
        assertEquals(0, keys("list-teams").exit());
    }

    @Test
    void the_cli_reports_a_gateway_error_with_its_field_and_a_failing_exit_code() throws Exception {
        assumeTrue(onPath("curl") && onPath("jq"), "curl and jq are needed");
        Run bad = keys("create-team", "Bad Id");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("HTTP 400") && bad.err().contains("param: team_id"), bad.err());
        Run missing = keys("revoke", "key_0000000000000000");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("HTTP 404"), missing.err());
    }
}
