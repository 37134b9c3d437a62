package com.llmgateway.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.local.LocalGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each shaded jar in a fresh JVM, as Lambda starts it (the cold-start harness's launcher, the jar
 * alone on the classpath): its log lines come out as Powertools' JSON, at the level
 * POWERTOOLS_LOG_LEVEL sets, with the structured arguments as keys, and Log4j's status logger has
 * nothing to say on stderr. The jars carry a curated Log4j plugin cache ({@code LogPluginCacheTest}):
 * a plugin that log4j2.xml or the layout needs and the cache lacks shows here as a status-logger
 * error, or as lines that are not JSON.
 */
class LambdaJarLoggingTest {

    @Test
    void each_jar_logs_powertools_json_lines_and_log4j_does_not_complain(@TempDir Path work) throws Exception {
        Path launcher = ColdStart.copyLauncher(work);
        Path serialization = ColdStart.serializationJar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (LocalGateway gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults())) {
            List<ColdStart.Case> cases = ColdStart.cases(gw.keys().orElseThrow());
            for (ColdStart.Case c : cases) {
                if (c.name().contains("/health")) {
                    continue;
                }
                Path jar = Path.of("..", c.module(), "target", c.module() + ".jar").toAbsolutePath().normalize();
                assertTrue(Files.exists(jar), jar + " missing: run the build through `package` (scripts/test.sh does)");
                Path event = Files.writeString(work.resolve(c.module() + ".json"), c.event());
                Map<String, String> env = ColdStart.childEnv(gw.env(), c.module());
                env.put("POWERTOOLS_LOG_LEVEL", "INFO");
                Path out = work.resolve(c.module() + ".out");
                Path err = work.resolve(c.module() + ".err");
                // The SnapStart hook runs first: every function logs its priming line, then the request's.
                ProcessBuilder pb = new ProcessBuilder(java, "-Dcoldlaunch.prime=true", "-cp",
                        jar + File.pathSeparator + serialization + File.pathSeparator + launcher,
                        ColdLaunch.class.getName(), c.handler(), event.toString());
                pb.environment().clear();
                pb.environment().putAll(env);
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), c.name() + " did not exit");
                assertEquals(0, p.exitValue(), c.name() + ": " + Files.readString(err));

                List<String> stderr = Files.readAllLines(err, StandardCharsets.UTF_8);
                assertTrue(stderr.stream().anyMatch(l -> l.startsWith("@@cold ")), c.name() + ": " + stderr);
                assertFalse(stderr.stream().anyMatch(l -> !l.startsWith("@@")), c.name() + " wrote to stderr: " + stderr);

                List<JsonNode> logs = new ArrayList<>();
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    assertTrue(line.startsWith("{"), c.name() + ": a stdout line that is not JSON: " + line);
                    JsonNode node = Json.parse(line);
                    if (!node.has("_aws")) {
                        logs.add(node);
                    }
                }
                assertTrue(logs.stream().anyMatch(l -> l.path("message").asText().startsWith("snapstart priming done")),
                        c.name() + ": " + logs);
                for (JsonNode l : logs) {
                    assertEquals("INFO", l.path("level").asText(), l.toString());
                    assertTrue(l.has("function_name") && l.has("function_arn") && l.has("service"), l.toString());
                    assertTrue(l.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), l.toString());
                }
                // The request's own line (the launcher's context names its requests cold-...), with the
                // MDC and the structured arguments as top-level keys.
                String expected = switch (c.module()) {
                    case "gateway-function" -> "chat completion";
                    case "usage-function" -> "usage report";
                    default -> null;
                };
                if (expected != null) {
                    JsonNode line = logs.stream().filter(l -> l.path("function_request_id").asText().startsWith("cold-")
                                    && l.path("message").asText().startsWith(expected))
                            .findFirst().orElseThrow(() -> new AssertionError(c.name() + ": no " + expected + " line: " + logs));
                    assertFalse(line.path("request_id").asText().isEmpty(), line.toString());
                    assertFalse(line.path("route").asText().isEmpty(), line.toString());
                    assertEquals(env.get("POWERTOOLS_SERVICE_NAME"), line.path("service").asText(), line.toString());
                    if (c.module().equals("gateway-function")) {
                        assertFalse(line.path("team_id").asText().isEmpty(), line.toString());
                        assertEquals(200, line.path("status").asInt(), line.toString());
                        assertTrue(line.path("output_tokens").asInt() > 0, line.toString());
                    }
                }
            }
        }
    }
}
