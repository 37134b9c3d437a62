package com.llmgateway.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.auth.DemoKeys;
import com.llmgateway.core.config.DemoTeam;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.local.LocalGateway;
import com.llmgateway.local.LocalIam;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/bench-coldstart.sh [RUNS]}: each deployable jar's cold start, measured as Lambda
 * would see it: a fresh JVM on the shaded jar alone (plus the managed runtime's serialization
 * library and the tiny {@link ColdLaunch} main), the handler's no-argument constructor reading
 * its settings from the process environment, and a real-shaped payload-2.0 event. The stand-ins it
 * needs (DynamoDB, Bedrock, the tables and the demo team's keys) run in this process, as
 * {@link LocalGateway} starts them; the child gets their endpoints by environment variable, the
 * way Terraform gives the functions theirs.
 *
 * <p>For each case and each JVM flag set it prints the median, min and max over RUNS fresh JVMs
 * (runs interleaved flag set by flag set, so that all see the same machine) of: the wall time from
 * spawning the JVM to the first answer, the handler's construction (Lambda's init), the first
 * invoke (and of it the time inside the handler, without the managed runtime's reading of the
 * event and writing of the result), and a second (warm) invoke; with the SnapStart hooks run first (the last flag set), the
 * first invoke is what a restored sandbox would answer. And the machine's load average before and after.
 * <pre>
 *   RUNS            fresh JVMs per case and flag set (default 5)
 *   --jdk DIR       the java to start (default this JVM's)
 *   --baseline DIR  also the jars under DIR (DIR/MODULE/target/MODULE.jar, e.g. a copy of an earlier
 *                   build), run interleaved with this tree's, launch by launch, so that before and
 *                   after see the same machine; printed side by side
 * </pre>
 */
public final class ColdStart {

    /**
     * The flags compared: none; C1 only (what Lambda's java21 runtime sets by default, passed here as
     * JAVA_TOOL_OPTIONS); that plus an AppCDS archive; that with the SnapStart hooks run first.
     */
    enum Flags {
        PLAIN("plain"),
        C1("C1 + Serial GC (Lambda java21 defaults)"),
        C1_APPCDS("C1 + Serial GC + AppCDS archive of this jar"),
        C1_PRIMED("C1 + Serial GC + SnapStart hooks run before the first invoke");

        final String label;

        Flags(String label) {
            this.label = label;
        }
    }

    /**
     * Lambda's java21 runtime stops at C1 by default, and its JVM runs the Serial GC ("Customize Java
     * runtime startup behavior", AWS Lambda developer guide; at 1,024 MB the JVM's own ergonomics
     * would pick it too, while on this machine they pick G1).
     */
    static final String C1_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    record Case(String name, String module, String handler, String event) {
    }

    record Run(long wallNs, long initNs, long primeNs, long firstNs, long handlerNs, long warmNs, String status) {
    }

    private ColdStart() {
    }

    public static void main(String[] argv) throws Exception {
        int runs = 5;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path baseline = null;
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--jdk")) {
                java = Path.of(argv[++i], "bin", "java").toString();
            } else if (argv[i].equals("--baseline")) {
                baseline = Path.of(argv[++i]).toAbsolutePath().normalize();
            } else {
                runs = Integer.parseInt(argv[i]);
            }
        }
        Path root = Path.of(System.getProperty("coldstart.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("coldstart");
        Path launcherDir = copyLauncher(work);
        Path serialization = serializationJar();
        System.out.printf(Locale.ROOT, "cold start, fresh JVM to first answer; %s, %d cores, load %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), load());
        try (LocalGateway gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults())) {
            DemoKeys keys = gw.keys().orElseThrow();
            List<Case> cases = cases(keys);
            List<Path> roots = baseline == null ? List.of(root) : List.of(baseline, root);
            for (Case c : cases) {
                Path event = work.resolve(c.name().replaceAll("[^a-z0-9]+", "-") + ".json");
                Files.writeString(event, c.event());
                Map<String, String> env = childEnv(gw.env(), c.module());
                Map<Path, String> classpaths = new LinkedHashMap<>();
                Map<Path, Path> archives = new LinkedHashMap<>();
                Map<Path, Run> trainings = new LinkedHashMap<>();
                Map<Path, Map<Flags, List<Run>>> results = new LinkedHashMap<>();
                for (Path r : roots) {
                    Path jar = r.resolve(c.module()).resolve("target").resolve(c.module() + ".jar");
                    if (!Files.exists(jar)) {
                        throw new IllegalStateException(jar + " missing: run scripts/mvn.sh -o -DskipTests package");
                    }
                    String cp = jar + File.pathSeparator + serialization + File.pathSeparator + launcherDir;
                    Path archive = work.resolve(c.module() + "-" + roots.indexOf(r) + "-" + event.getFileName() + ".jsa");
                    // The AppCDS archive: one training run that dumps the classes it loaded at exit.
                    trainings.put(r, launch(java, cp, List.of("-XX:ArchiveClassesAtExit=" + archive), C1_OPTIONS, env, c, event));
                    if (!Files.exists(archive)) {
                        throw new IllegalStateException("no AppCDS archive written for " + c.name());
                    }
                    classpaths.put(r, cp);
                    archives.put(r, archive);
                    Map<Flags, List<Run>> byFlags = new LinkedHashMap<>();
                    for (Flags f : Flags.values()) {
                        byFlags.put(f, new ArrayList<>());
                    }
                    results.put(r, byFlags);
                }
                for (int run = 0; run < runs; run++) {
                    for (Flags f : Flags.values()) {
                        for (Path r : run % 2 == 0 ? roots : roots.reversed()) {
                            List<String> jvm = switch (f) {
                                case C1_APPCDS -> List.of("-XX:SharedArchiveFile=" + archives.get(r));
                                case C1_PRIMED -> List.of("-Dcoldlaunch.prime=true");
                                default -> List.of();
                            };
                            results.get(r).get(f).add(launch(java, classpaths.get(r), jvm, f == Flags.PLAIN ? null : C1_OPTIONS, env, c, event));
                        }
                    }
                }
                for (Path r : roots) {
                    Path jar = r.resolve(c.module()).resolve("target").resolve(c.module() + ".jar");
                    System.out.printf(Locale.ROOT, "%n%s  (%s, %.1f MB; first status %s)%s%n", c.name(), c.handler(),
                            Files.size(jar) / 1e6, trainings.get(r).status(), roots.size() > 1 ? "  " + (r.equals(baseline) ? "BASELINE " : "") + r : "");
                    System.out.printf(Locale.ROOT, "  %-64s %26s %12s %9s %13s %15s %8s%n", "flags", "first answer med [min-max]",
                            "init (ctor)", "priming", "first invoke", "(in handler)", "warm");
                    results.get(r).forEach((f, list) -> System.out.printf(Locale.ROOT, "  %-64s %12.0f [%4.0f-%4.0f] ms %9.0f ms %6.0f ms %10.1f ms %12.1f ms %5.1f ms%n",
                            f.label, median(list, Run::wallNs), min(list, Run::wallNs), max(list, Run::wallNs),
                            median(list, Run::initNs), median(list, Run::primeNs), median(list, Run::firstNs), median(list, Run::handlerNs),
                            median(list, Run::warmNs)));
                }
            }
        } finally {
            System.out.printf(Locale.ROOT, "%nload after: %s%n", load());
            deleteTree(work);
        }
    }

    /** Health and a metered chat (gateway), the authorizer's key check (auth), a usage report (usage). */
    static List<Case> cases(DemoKeys keys) {
        Team team = new Team(DemoTeam.teamId(), "Cold", "CC-0", new RateLimits(100_000, 100_000_000, 100_000_000), Map.of(),
                List.of("*"), new BigDecimal("1000.00"), new CachePolicy(true, 3600, false), true, null, null);
        Map<String, String> context = new CallerContext(DemoTeam.teamId(), "key_cold", Set.of("invoke", "finops"), team)
                .toAuthorizerContext();
        String chatBody = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"cold start\"}]}";
        // no-store: every fresh JVM makes the same cache-miss call (lookup skipped, Bedrock called, ledger written).
        ObjectNode chat = event("POST", "/v1/chat/completions", "POST /v1/chat/completions", "", chatBody, context);
        ((ObjectNode) chat.get("headers")).put("cache-control", "no-store");
        ObjectNode health = event("GET", "/health", "GET /health", "", null, null);
        ObjectNode usage = event("GET", "/v1/usage", "GET /v1/usage", "days=7", null, context);
        ObjectNode authorizer = event("GET", "/v1/models", "GET /v1/models", "", null, null);
        authorizer.put("type", "REQUEST");
        authorizer.put("routeArn", "arn:aws:execute-api:us-east-1:000000000000:local/$default/GET/v1/models");
        authorizer.putArray("identitySource").add(keys.invokeKey());
        ((ObjectNode) authorizer.get("headers")).put("x-api-key", keys.invokeKey());
        return List.of(
                new Case("gateway GET /health", "gateway-function", "com.llmgateway.gateway.GatewayHandler", Json.write(health)),
                new Case("gateway POST /v1/chat/completions (no-store)", "gateway-function", "com.llmgateway.gateway.GatewayHandler",
                        Json.write(chat)),
                new Case("auth authorizer (key lookup)", "auth-function", "com.llmgateway.auth.AuthHandler", Json.write(authorizer)),
                new Case("usage GET /v1/usage", "usage-function", "com.llmgateway.usage.UsageHandler", Json.write(usage)));
    }

    static ObjectNode event(String method, String path, String routeKey, String query, String body, Map<String, String> authorizer) {
        ObjectNode e = Json.object();
        e.put("version", "2.0").put("routeKey", routeKey).put("rawPath", path).put("rawQueryString", query);
        ObjectNode h = e.putObject("headers");
        h.put("host", "local.execute-api.us-east-1.amazonaws.com").put("user-agent", "coldstart/1").put("accept", "*/*");
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], p.length > 1 ? p[1] : "");
            }
        }
        if (body != null) {
            h.put("content-type", "application/json").put("content-length", Integer.toString(body.length()));
            e.put("body", body);
        }
        e.put("isBase64Encoded", false);
        ObjectNode rc = e.putObject("requestContext");
        rc.put("accountId", "000000000000").put("apiId", "local").put("domainName", "local.execute-api.us-east-1.amazonaws.com")
                .put("domainPrefix", "local").put("requestId", "cold-" + System.nanoTime()).put("routeKey", routeKey)
                .put("stage", "$default").put("time", "02/Dec/2026:00:00:00 +0000").put("timeEpoch", Instant.now().toEpochMilli());
        rc.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1").put("userAgent", "coldstart/1");
        if (authorizer != null) {
            authorizer.forEach(rc.putObject("authorizer").putObject("lambda")::put);
        }
        return e;
    }

    /** The function's environment as Terraform sets it, with the local stand-ins' endpoints and the function's own key. */
    static Map<String, String> childEnv(Map<String, String> runtimeEnv, String module) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String k : List.of("PATH", "HOME", "LANG", "TMPDIR")) {
            String v = System.getenv(k);
            if (v != null) {
                env.put(k, v);
            }
        }
        env.putAll(runtimeEnv);
        String function = module.replace("-function", "");
        env.put("AWS_ACCESS_KEY_ID", LocalIam.accessKeyOf(function));
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "llmgw-" + function);
        // As terraform/locals.tf sets it (the logs' and metrics' "service").
        env.put("POWERTOOLS_SERVICE_NAME", "llmgw-" + function);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        // EMF: stdout as in Lambda, not a CloudWatch agent socket.
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        return env;
    }

    static Run launch(String java, String cp, List<String> jvmFlags, String toolOptions, Map<String, String> env, Case c, Path event)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", cp, ColdLaunch.class.getName(), c.handler(), event.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (toolOptions != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long wall = -1;
        long init = -1;
        long prime = 0;
        long first = -1;
        long handler = -1;
        long warm = -1;
        String status = "?";
        List<String> other = new ArrayList<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.startsWith("@@cold ")) {
                    wall = System.nanoTime() - t0;
                    Map<String, String> f = fields(line);
                    init = Long.parseLong(f.get("init_ns"));
                    prime = Long.parseLong(f.get("prime_ns"));
                    handler = Long.parseLong(f.get("handler_ns"));
                    first = Long.parseLong(f.get("first_ns"));
                    status = f.get("status");
                } else if (line.startsWith("@@warm ")) {
                    warm = Long.parseLong(fields(line).get("warm_ns"));
                } else if (other.size() < 40 && !line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
                    other.add(line);
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (wall < 0 || warm < 0) {
            throw new IllegalStateException(c.name() + ": the handler did not answer (exit " + p.exitValue() + ")\n"
                    + String.join("\n", other));
        }
        return new Run(wall, init, prime, first, handler, warm, status);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : line.substring(line.indexOf(' ') + 1).split(" ")) {
            String[] kv = part.split("=", 2);
            out.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return out;
    }

    /**
     * The launcher's class file alone in a jar of its own, so that the child loads nothing else of
     * local-runtime (and CDS archives it: it refuses a non-empty directory on the classpath).
     */
    static Path copyLauncher(Path work) throws IOException {
        String name = ColdLaunch.class.getName().replace('.', '/') + ".class";
        Path jar = work.resolve("coldlaunch.jar");
        try (InputStream in = ColdLaunch.class.getClassLoader().getResourceAsStream(name);
             var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /** The managed runtime's serialization library (the runtime's, not the function's): where this JVM loaded it from. */
    static Path serializationJar() throws Exception {
        var src = com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory.class.getProtectionDomain().getCodeSource();
        return Path.of(src.getLocation().toURI());
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double median(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return (v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0) / 1e6;
    }

    private static double min(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        return runs.stream().mapToLong(f).min().orElse(0) / 1e6;
    }

    private static double max(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        return runs.stream().mapToLong(f).max().orElse(0) / 1e6;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
