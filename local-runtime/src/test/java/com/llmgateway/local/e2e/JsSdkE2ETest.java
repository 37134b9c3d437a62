package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14: the unmodified JS AWS SDK ({@code @aws-sdk/client-bedrock-runtime}, pinned in
 * {@code src/test/js/package-lock.json}) with its default request handler, which speaks HTTP/2
 * with prior knowledge to an http:// endpoint, calls Converse through the local runtime and sees
 * Bedrock-shaped errors it can read. The npm project installs with {@code npm ci} on the first run
 * (its node_modules, git-ignored, is kept for later runs while the lock file is unchanged). Skipped
 * only where node or npm is missing; {@code .ci/run} installs both.
 */
class JsSdkE2ETest extends GatewayE2E {

    private static final Path PROJECT = Path.of("src/test/js").toAbsolutePath();
    private static final long INSTALL_TIMEOUT_SECONDS = 600;
    private static final long RUN_TIMEOUT_SECONDS = 180;

    @BeforeAll
    static void installTheSdk() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the JS AWS SDK end-to-end test");
        Path lock = PROJECT.resolve("package-lock.json");
        String lockHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(lock)));
        Path stamp = PROJECT.resolve("node_modules/.installed-lock-sha256");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(lockHash)) {
            return;
        }
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"),
                Map.of(), INSTALL_TIMEOUT_SECONDS);
        if (install.exit() != 0) {
            fail("npm ci in " + PROJECT + " failed (" + install.exit() + "):\n" + install.stderr() + install.stdout());
        }
        Files.writeString(stamp, lockHash + "\n");
    }

    @Test
    void the_js_sdks_default_http2_client_calls_converse_and_reads_bedrock_shaped_errors() throws Exception {
        admin.team("{\"team_id\":\"js-sdk\"}");
        String key = admin.invokeKey("js-sdk");
        Run r = run(List.of("node", "converse.mjs"),
                Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(), "GATEWAY_KEY", key), RUN_TIMEOUT_SECONDS);
        String out = r.stdout().strip();
        assertFalse(out.isEmpty(), "converse.mjs printed nothing; stderr:\n" + r.stderr());
        JsonNode result = Json.parse(out.substring(out.lastIndexOf('\n') + 1));
        assertEquals(0, r.exit(), out + "\n" + r.stderr());

        // The SDK's own default handler, not the HTTP/1.1 NodeHttpHandler workaround.
        assertEquals("NodeHttp2Handler", result.path("requestHandler").asText(), out);

        JsonNode converse = result.path("converse");
        assertTrue(converse.path("ok").asBoolean(), out);
        assertEquals(200, converse.path("status").asInt(), out);
        assertTrue(converse.path("text").asText().contains("What is the capital of France?"), out);
        assertEquals("end_turn", converse.path("stopReason").asText(), out);
        assertTrue(converse.path("usage").path("inputTokens").asInt() > 0, out);
        assertEquals(converse.path("usage").path("inputTokens").asInt() + converse.path("usage").path("outputTokens").asInt(),
                converse.path("usage").path("totalTokens").asInt(), out);

        assertError(result.path("unknownModel"), "ResourceNotFoundException", 404, "no-such-model");
        assertError(result.path("emptyMessages"), "ValidationException", 400, "'messages'");
        assertError(result.path("noKey"), "UnrecognizedClientException", 401, "x-api-key");

        // The HTTP/2 call is one ledger record, under the Converse route, like any other client's.
        String requestId = converse.path("requestId").asText();
        assertFalse(requestId.isEmpty() || requestId.equals("null"), out);
        Map<String, AttributeValue> ledger = gateway.dynamoDb().getItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("REQ#" + requestId), "sk", AttributeValue.fromS("REQ")))).item();
        assertEquals("converse", ledger.get("route").s(), "ledger item REQ#" + requestId);
        assertEquals("js-sdk", ledger.get("team_id").s());
    }

    /** What the SDK shows: the error's name from x-amzn-ErrorType, its status, and a message that says what is wrong. */
    private static void assertError(JsonNode e, String name, int status, String mentions) {
        assertFalse(e.path("ok").asBoolean(), e.toString());
        assertEquals(name, e.path("name").asText(), e.toString());
        assertEquals(status, e.path("status").asInt(), e.toString());
        assertEquals("client", e.path("fault").asText(), e.toString());
        assertTrue(e.path("message").asText().contains(mentions), e.toString());
        assertTrue(e.path("message").asText().length() < 400, e.toString());
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        Path stdout = Files.createTempFile("js-sdk-e2e", ".out");
        Path stderr = Files.createTempFile("js-sdk-e2e", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + read(stderr) + read(stdout));
            }
            return new Run(p.exitValue(), read(stdout), read(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String tool) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
