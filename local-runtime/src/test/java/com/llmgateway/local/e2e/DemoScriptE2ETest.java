package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.auth.DemoKeys;
import com.llmgateway.local.LocalGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 7: {@code scripts/demo.sh --no-pause} runs every step against the local runtime and passes,
 * twice in a row (the burst team is reused), without printing a key in full. Needs bash, curl and
 * jq on the machine: CI installs them, and without them this test fails rather than skips.
 */
class DemoScriptE2ETest {

    private static final List<String> HEADINGS = List.of(
            "Step 1/11: What is running",
            "Step 2/11: Health",
            "Step 3/11: Authentication",
            "Step 4/11: Models and prices",
            "Step 5/11: A live chat completion",
            "Step 6/11: The same request again: a cache hit",
            "Step 7/11: A burst that hits the rate limit",
            "Step 8/11: The team's usage and cost by model",
            "Step 9/11: FinOps chargeback across teams (CSV)",
            "Step 10/11: An embedding and its cost",
            "Step 11/11: An agent delegates a summary to a cheap model (MCP)");
    private static final long TIMEOUT_SECONDS = 120;

    private static Path repo;

    @BeforeAll
    static void toolsArePresent() throws Exception {
        repo = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(repo.resolve("scripts/demo.sh")), "no scripts/demo.sh under " + repo);
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("bash", "curl", "jq")) {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            fail("the demo script needs " + String.join(", ", missing) + " on PATH; install them "
                    + "(Debian/Ubuntu: apt-get install -y " + String.join(" ", missing) + "; .ci/run does this)");
        }
    }

    record Run(int exit, String output) {
    }

    private static Run demo(Path dataDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/demo.sh"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // only this test's runtime: no endpoint or keys from the developer's shell
        pb.environment().keySet().removeIf(name -> name.startsWith("LLMGW_") || name.equals("DEMO_MODEL"));
        pb.environment().put("LOCAL_DATA_DIR", dataDir.toString());
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(output lost: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(5_000);
            fail("demo.sh did not finish in " + TIMEOUT_SECONDS + " s; output so far:\n"
                    + (out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8)));
        }
        reader.join(10_000);
        return new Run(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    @Test
    void every_step_passes_twice_in_a_row_and_no_key_is_printed_in_full(@TempDir Path dataDir) throws Exception {
        try (LocalGateway gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withDataDir(dataDir))) {
            assertTrue(gw.localJson().isPresent(), "the runtime wrote no local.json");
            DemoKeys keys = gw.keys().orElseThrow();
            long delegatedCalls = 0;
            long delegatedHits = 0;
            for (int round = 1; round <= 2; round++) {
                Run run = demo(dataDir, "--no-pause", "--endpoint", gw.endpoint().toString());
                assertEquals(0, run.exit(), "round " + round + ", demo.sh output:\n" + run.output());
                for (String heading : HEADINGS) {
                    assertTrue(run.output().contains(heading), "round " + round + ": no '" + heading + "' in:\n" + run.output());
                }
                assertTrue(run.output().contains("demo: all 11 steps passed"), run.output());
                assertTrue(run.output().contains("x-gateway-cache: HIT"), run.output());
                assertTrue(run.output().contains("retry-after:"), run.output());
                assertTrue(run.output().contains("period_start,period_end,team_id"), run.output());
                java.util.regex.Matcher calls = java.util.regex.Pattern.compile("(\\d+) model calls on ").matcher(run.output());
                java.util.regex.Matcher hits = java.util.regex.Pattern.compile(", (\\d+) cache hits").matcher(run.output());
                assertTrue(calls.find() && hits.find(), run.output());
                delegatedCalls += Long.parseLong(calls.group(1));
                delegatedHits += Long.parseLong(hits.group(1));
                for (String key : List.of(keys.invokeKey(), keys.finopsKey(), keys.adminKey())) {
                    assertFalse(run.output().contains(key.substring(4)), "a key was printed in full");
                }
                assertTrue(run.output().contains("lgw_…" + keys.invokeKey().substring(keys.invokeKey().length() - 4)),
                        "the invoke key is not shown masked");
            }

            // what the demo did is really there: the burst team at 5 rpm, its keys revoked afterwards
            Http http = new Http(gw.endpoint());
            Http.Res team = http.get("/v1/teams/demo-burst", "x-api-key", keys.adminKey());
            assertEquals(200, team.status(), team.body());
            assertEquals(5, team.json().path("limits").path("rpm").asInt());
            Http.Res burstKeys = http.get("/v1/keys?team_id=demo-burst", "x-api-key", keys.adminKey());
            assertEquals(200, burstKeys.status(), burstKeys.body());
            assertEquals(2, burstKeys.json().path("data").size(), burstKeys.body());
            for (JsonNode k : burstKeys.json().path("data")) {
                assertFalse(k.path("revoked_at").isNull(), "a burst key was left active: " + k);
            }
            Http.Res usage = http.get("/v1/usage?days=2", "x-api-key", keys.invokeKey());
            // per round: the live chat call, its cache hit and one embedding; and step 11's delegated
            // model calls (each its own ledger record)
            assertEquals(6 + delegatedCalls, usage.json().path("summary").path("total_requests").asLong(), usage.body());
            assertEquals(2 + delegatedHits, usage.json().path("summary").path("cache_hits").asLong(), usage.body());
            boolean embeddings = false;
            for (JsonNode m : usage.json().path("by_model")) {
                if (m.path("model").asText().equals("titan-embed-text-v2")) {
                    embeddings = true;
                    assertEquals(2, m.path("requests").asLong(), usage.body());
                }
            }
            assertTrue(embeddings, "the demo's embeddings are in the usage report by model: " + usage.body());
        }
    }

    @Test
    void without_a_local_runtime_it_says_to_start_one(@TempDir Path empty) throws Exception {
        Run run = demo(empty, "--no-pause");
        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("start scripts/run-local.sh first"), run.output());
    }

    @Test
    void an_unreachable_endpoint_fails_naming_the_step(@TempDir Path dataDir) throws Exception {
        Files.writeString(dataDir.resolve("local.json"), """
                {"endpoint":"http://127.0.0.1:1","team_id":"demo",
                 "keys":{"invoke":"lgw_%s","finops":"lgw_%s","admin":"lgw_%s"}}
                """.formatted("i".repeat(43), "f".repeat(43), "a".repeat(43)));
        // port 1 on loopback: nothing listens there
        Run run = demo(dataDir, "--no-pause", "--endpoint", "http://127.0.0.1:1");
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("step 1 (What is running) failed"), run.output());
        assertTrue(run.output().contains("cannot reach http://127.0.0.1:1"), run.output());
        assertFalse(run.output().contains("i".repeat(43)), "a key was printed in full");
    }
}
