package com.llmgateway.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.auth.AuthHandler;
import com.llmgateway.auth.AuthWiring;
import com.llmgateway.auth.DemoKeys;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.GatewayHandler;
import com.llmgateway.gateway.GatewayWiring;
import com.llmgateway.local.LambdaInvoker;
import com.llmgateway.local.LocalGateway;
import com.llmgateway.local.LocalIam;
import com.llmgateway.usage.UsageHandler;
import com.llmgateway.usage.UsageWiring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway itself costs AWS to run, per request: {@code scripts/bench-cost.sh [N]}. Starts an
 * in-memory local gateway whose three functions are wrapped to time each invocation and count the
 * bytes it writes to stdout (its JSON log lines and EMF metrics, which Lambda sends to CloudWatch
 * Logs), sends N cache-miss chats, the same N prompts again (cache hits) and N usage reports
 * ({@code GET /v1/usage}), reads the request units the DynamoDB stand-in metered, and prints units
 * per request and dollars per million requests for DynamoDB on-demand, Lambda (requests and
 * GB-seconds at the Terraform's memory sizes and architecture, at the durations measured here),
 * API Gateway HTTP API and CloudWatch Logs ingestion, from {@code aws-prices.json}.
 *
 * <p>Estimates, said where they are made: Lambda's START/END/REPORT lines and the API's access-log
 * line are rendered from their formats, not captured; the durations are this machine's, not a
 * Lambda sandbox's (whose CPU share at 512–1024 MB is about a third to a half of a core).
 * {@link #print} is what the latency benchmark calls; {@link #main} runs it alone.
 */
public final class CostReport {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final List<String> FUNCTIONS = List.of("gateway", "auth", "usage");

    /** Counts the bytes written to it, and passes them on to {@code sink}. */
    static final class ByteMeter extends OutputStream {
        private final AtomicLong bytes = new AtomicLong();
        private final OutputStream sink;

        ByteMeter(OutputStream sink) {
            this.sink = sink;
        }

        long bytes() {
            return bytes.get();
        }

        @Override
        public void write(int b) throws IOException {
            bytes.incrementAndGet();
            sink.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            bytes.addAndGet(len);
            sink.write(b, off, len);
        }
    }

    /** One phase's invocations: per function, each duration (ns) and the stdout bytes written. */
    static final class Tally {
        final Map<String, List<Long>> nanos = new TreeMap<>();
        final Map<String, Long> logBytes = new TreeMap<>();

        synchronized void record(String function, long ns, long bytes) {
            nanos.computeIfAbsent(function, k -> new ArrayList<>()).add(ns);
            logBytes.merge(function, bytes, Long::sum);
        }

        synchronized int invocations(String function) {
            return nanos.getOrDefault(function, List.of()).size();
        }
    }

    /** A function as Lambda runs it, timed from event bytes in to response bytes out. */
    private static final class Metered implements RequestStreamHandler {
        private final String function;
        private final LambdaInvoker real;
        private final AtomicReference<Tally> tally;
        private final ByteMeter stdout;

        Metered(String function, Object handler, AtomicReference<Tally> tally, ByteMeter stdout) {
            this.function = function;
            this.real = LambdaInvoker.of(handler);
            this.tally = tally;
            this.stdout = stdout;
        }

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            byte[] event = in.readAllBytes();
            long b0 = stdout.bytes();
            long t0 = System.nanoTime();
            byte[] answer = real.invoke(event, context);
            long ns = System.nanoTime() - t0;
            System.out.flush();
            tally.get().record(function, ns, stdout.bytes() - b0);
            out.write(answer);
        }
    }

    /** The Terraform's Lambda settings: architecture and memory per function. */
    record LambdaShape(String architecture, Map<String, Integer> memoryMb) {
        static LambdaShape fromTerraform(Path variablesTf) {
            String tf;
            try {
                tf = Files.readString(variablesTf);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + variablesTf + " (run from the repository root): " + e.getMessage());
            }
            Map<String, Integer> memory = new LinkedHashMap<>();
            for (String f : FUNCTIONS) {
                memory.put(f, Integer.parseInt(terraformDefault(tf, f + "_memory_mb")));
            }
            return new LambdaShape(terraformDefault(tf, "architecture"), memory);
        }

        private static String terraformDefault(String tf, String variable) {
            Matcher m = Pattern.compile("variable\\s+\"" + Pattern.quote(variable) + "\"\\s*\\{.*?\\bdefault\\s*=\\s*\"?([^\"\\s]+)\"?",
                    Pattern.DOTALL).matcher(tf);
            if (!m.find()) {
                throw new IllegalStateException("terraform/variables.tf has no default for " + variable);
            }
            return m.group(1);
        }
    }

    /** One price of aws-prices.json: usd for {@code per} units. */
    record Price(BigDecimal usd, BigDecimal per, String source, String kind, String taken) {
        /** The dollars for {@code units} units. */
        BigDecimal of(BigDecimal units) {
            return usd.multiply(units, MC).divide(per, MC);
        }
    }

    /** aws-prices.json, read from the classpath. */
    static Map<String, Price> prices() {
        try (InputStream in = CostReport.class.getResourceAsStream("/aws-prices.json")) {
            if (in == null) {
                throw new IllegalStateException("aws-prices.json is not on the classpath");
            }
            JsonNode root = Json.MAPPER.readTree(in);
            Map<String, Price> out = new LinkedHashMap<>();
            root.get("prices").properties().forEach(e -> {
                JsonNode p = e.getValue();
                out.put(e.getKey(), new Price(new BigDecimal(p.get("usd").asText()), new BigDecimal(p.get("per").asText()),
                        p.get("source").asText(), p.get("source_kind").asText(), p.get("taken").asText()));
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one kind of request costs, per request. */
    record Scenario(String name, int n, Map<String, Integer> statuses, Map<String, Integer> cacheHeaders,
                    double readUnits, double writeUnits, Map<String, double[]> unitsByTable,
                    Map<String, Double> invocationsPerRequest, Map<String, Double> medianMs,
                    Map<String, Double> billedMsPerInvocation, double capturedLogBytes, double platformLogBytes,
                    double accessLogBytes) {
        double logBytes() {
            return capturedLogBytes + platformLogBytes + accessLogBytes;
        }
    }

    private CostReport() {
    }

    public static void main(String[] argv) {
        int n = 200;
        if (argv.length > 0) {
            try {
                n = Integer.parseInt(argv[0]);
            } catch (NumberFormatException e) {
                n = -1;
            }
        }
        if (n < 1 || argv.length > 1) {
            System.err.println("usage: scripts/bench-cost.sh [N]   (N requests of each kind, default 200)");
            System.exit(2);
        }
        PrintStream report = System.out;
        try {
            print(report, n);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Starts its own in-memory gateway, sends {@code n} requests of each kind after a warm-up, and
     * prints the cost table to {@code report}. Replaces {@code System.out} while it runs (that is
     * where the functions' logs go, as in Lambda) and restores it afterwards.
     */
    public static void print(PrintStream report, int n) {
        Map<String, Price> prices = prices();
        LambdaShape shape = LambdaShape.fromTerraform(Path.of("terraform", "variables.tf"));
        PrintStream previous = System.out;
        ByteMeter stdout = new ByteMeter(OutputStream.nullOutputStream());
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        String logging = Log4j.rebind("INFO");
        AtomicReference<Tally> tally = new AtomicReference<>(new Tally());
        LocalGateway gw = null;
        try {
            gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withEnv(System.getenv())
                    .withFunctions(gatewayEnv -> functions(gatewayEnv, tally, stdout)));
            DemoKeys keys = gw.keys().orElseThrow(() -> new IllegalStateException("the local gateway seeded no demo keys"));
            liftDemoTeamLimits(gw.endpoint(), keys);
            List<Scenario> scenarios = run(gw, keys, n, tally);
            report.print(render(scenarios, prices, shape, logging, n));
        } finally {
            if (gw != null) {
                gw.close();
            }
            System.setOut(previous);
            Log4j.rebind(null);
        }
    }

    private static Map<String, ?> functions(Env gatewayEnv, AtomicReference<Tally> tally, ByteMeter stdout) {
        Env authEnv = functionEnv(gatewayEnv, "auth");
        Env usageEnv = functionEnv(gatewayEnv, "usage");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("gateway", new Metered("gateway", new GatewayHandler(GatewayWiring.create(gatewayEnv)), tally, stdout));
        // also the API's Lambda authorizer (the runtime's default): one auth invocation per authorized request
        f.put("auth", new Metered("auth", new AuthHandler(AuthWiring.create(authEnv)), tally, stdout));
        f.put("usage", new Metered("usage", new UsageHandler(UsageWiring.create(usageEnv)), tally, stdout));
        return f;
    }

    /** The gateway function's environment signed as another function (its own IAM grants apply). */
    private static Env functionEnv(Env gatewayEnv, String function) {
        Map<String, String> e = new LinkedHashMap<>(gatewayEnv.values());
        e.put("AWS_ACCESS_KEY_ID", LocalIam.accessKeyOf(function));
        return new Env(e);
    }

    private static List<Scenario> run(LocalGateway gw, DemoKeys keys, int n, AtomicReference<Tally> tally) {
        URI base = gw.endpoint();
        URI stats = gw.dynamoDbStandIn().endpoint().resolve("/_standin/stats");
        String runId = UUID.randomUUID().toString().substring(0, 8);
        int warmup = Math.max(10, n / 10);
        System.err.printf(Locale.ROOT, "[cost] warm-up: %d of each kind%n", warmup);
        for (int i = 0; i < warmup; i++) {
            String prompt = "Warm-up " + runId + " " + i;
            chat(base, keys.invokeKey(), prompt);
            chat(base, keys.invokeKey(), prompt);
            report(base, keys.invokeKey());
        }
        List<Scenario> out = new ArrayList<>();
        System.err.printf(Locale.ROOT, "[cost] measuring: %d cache misses, %d hits, %d usage reports%n", n, n, n);
        out.add(phase("cache-miss chat", n, stats, tally, i -> chat(base, keys.invokeKey(), "Cost " + runId + " " + i),
                "POST /v1/chat/completions"));
        out.add(phase("cache-hit chat", n, stats, tally, i -> chat(base, keys.invokeKey(), "Cost " + runId + " " + i),
                "POST /v1/chat/completions"));
        out.add(phase("usage report", n, stats, tally, i -> report(base, keys.invokeKey()), "GET /v1/usage"));
        return out;
    }

    private interface Call {
        HttpResponse<String> send(int i);
    }

    private static Scenario phase(String name, int n, URI stats, AtomicReference<Tally> tally, Call call, String routeKey) {
        Tally t = new Tally();
        tally.set(t);
        JsonNode before = consumed(stats);
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> cache = new TreeMap<>();
        long responseBytes = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = call.send(i);
            statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
            r.headers().firstValue("x-gateway-cache").ifPresent(h -> cache.merge(h, 1, Integer::sum));
            responseBytes += r.body().getBytes(StandardCharsets.UTF_8).length;
        }
        JsonNode after = consumed(stats);
        tally.set(new Tally());
        double rru = (after.path("read_units").asDouble() - before.path("read_units").asDouble()) / n;
        double wru = (after.path("write_units").asDouble() - before.path("write_units").asDouble()) / n;
        Map<String, double[]> byTable = new TreeMap<>();
        after.path("by_table").properties().forEach(e -> {
            JsonNode b = before.path("by_table").path(e.getKey());
            double r = (e.getValue().path("read_units").asDouble() - b.path("read_units").asDouble()) / n;
            double w = (e.getValue().path("write_units").asDouble() - b.path("write_units").asDouble()) / n;
            if (r > 0 || w > 0) {
                byTable.put(e.getKey().replaceFirst("^" + LocalGateway.TABLE_PREFIX, ""), new double[] {r, w});
            }
        });
        Map<String, Double> perRequest = new LinkedHashMap<>();
        Map<String, Double> median = new LinkedHashMap<>();
        Map<String, Double> billed = new LinkedHashMap<>();
        long captured = 0;
        int invocations = 0;
        for (String f : FUNCTIONS) {
            List<Long> ns = new ArrayList<>(t.nanos.getOrDefault(f, List.of()));
            if (ns.isEmpty()) {
                continue;
            }
            ns.sort(null);
            perRequest.put(f, ns.size() / (double) n);
            median.put(f, ns.get(ns.size() / 2) / 1e6);
            // Lambda bills each invocation's duration rounded up to the next millisecond
            billed.put(f, ns.stream().mapToLong(x -> (x + 999_999) / 1_000_000).average().orElse(0));
            captured += t.logBytes.getOrDefault(f, 0L);
            invocations += ns.size();
        }
        double platform = invocations * (double) platformLogBytes() / n;
        double access = accessLogBytes(routeKey, responseBytes / Math.max(1, n));
        return new Scenario(name, n, statuses, cache, rru, wru, byTable, perRequest, median, billed,
                captured / (double) n, platform, access);
    }

    // ---- estimates of the log lines not written by our code ----

    /**
     * Lambda's own START, END and REPORT lines per invocation (the Terraform's {@code log_format =
     * "Text"}), rendered with a request id and typical figures.
     */
    static int platformLogBytes() {
        String id = UUID.randomUUID().toString();
        String lines = "START RequestId: " + id + " Version: 7\n"
                + "END RequestId: " + id + "\n"
                + "REPORT RequestId: " + id + "\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\t"
                + "Max Memory Used: 187 MB\t\n";
        return lines.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The API's access-log line, in the JSON format of terraform/api.tf, with this request's figures. */
    static int accessLogBytes(String routeKey, long responseLength) {
        ObjectNode o = Json.object();
        o.put("requestId", "Ab1CdEfGhIjKlMn=");
        o.put("requestTime", "02/Dec/2026:02:30:00 +0000");
        o.put("routeKey", routeKey);
        o.put("status", "200");
        o.put("responseLength", Long.toString(responseLength));
        o.put("responseLatency", "14");
        o.put("integrationLatency", "12");
        o.put("integrationStatus", "200");
        o.put("integrationError", "-");
        o.put("authorizerError", "-");
        o.put("teamId", "demo");
        o.put("keyId", "key_0123456789abcdef");
        o.put("sourceIp", "203.0.113.10");
        o.put("userAgent", "OpenAI/Python 1.54.0");
        return (Json.write(o) + "\n").getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- the report ----

    static String render(List<Scenario> scenarios, Map<String, Price> prices, LambdaShape shape, String logging, int n) {
        Price wru = prices.get("dynamodb_on_demand_write_request_unit");
        Price rru = prices.get("dynamodb_on_demand_read_request_unit");
        Price gbs = prices.get("lambda_duration_" + shape.architecture());
        if (gbs == null) {
            throw new IllegalStateException("aws-prices.json has no Lambda duration price for " + shape.architecture());
        }
        Price lambdaRequests = prices.get("lambda_requests");
        Price api = prices.get("api_gateway_http_api_requests");
        Price logs = prices.get("cloudwatch_logs_ingestion");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nWhat the gateway costs AWS per request (%d of each kind, sequential, in-memory local runtime)%n", n));
        b.append(String.format(Locale.ROOT, "Lambda: %s, memory %s MB (terraform/variables.tf defaults); logs at %s%n",
                shape.architecture(), shape.memoryMb(), logging));
        for (Scenario s : scenarios) {
            b.append(String.format(Locale.ROOT, "%n%s: status %s%s%n", s.name(), s.statuses(),
                    s.cacheHeaders().isEmpty() ? "" : ", x-gateway-cache " + s.cacheHeaders()));
            b.append(String.format(Locale.ROOT, "  DynamoDB  %.2f RRU + %.2f WRU per request%n", s.readUnits(), s.writeUnits()));
            s.unitsByTable().forEach((t, u) -> b.append(String.format(Locale.ROOT, "            %-14s %6.2f RRU %6.2f WRU%n", t, u[0], u[1])));
            BigDecimal gbSeconds = BigDecimal.ZERO;
            BigDecimal invocations = BigDecimal.ZERO;
            for (Map.Entry<String, Double> e : s.invocationsPerRequest().entrySet()) {
                String f = e.getKey();
                BigDecimal mem = BigDecimal.valueOf(shape.memoryMb().get(f)).divide(BigDecimal.valueOf(1024), MC);
                BigDecimal billedSeconds = BigDecimal.valueOf(s.billedMsPerInvocation().get(f)).divide(BigDecimal.valueOf(1000), MC);
                BigDecimal perRequest = BigDecimal.valueOf(e.getValue());
                gbSeconds = gbSeconds.add(mem.multiply(billedSeconds, MC).multiply(perRequest, MC), MC);
                invocations = invocations.add(perRequest, MC);
                b.append(String.format(Locale.ROOT, "  Lambda    %-8s %.2f invocations/request, median %.2f ms, billed %.2f ms (%d MB)%n",
                        f, e.getValue(), s.medianMs().get(f), s.billedMsPerInvocation().get(f), shape.memoryMb().get(f)));
            }
            b.append(String.format(Locale.ROOT, "  Logs      %.0f bytes/request (%.0f written by the functions, captured; ~%.0f Lambda "
                            + "START/END/REPORT and ~%.0f API access log, estimated from their formats)%n",
                    s.logBytes(), s.capturedLogBytes(), s.platformLogBytes(), s.accessLogBytes()));
            BigDecimal ddb = rru.of(BigDecimal.valueOf(s.readUnits())).add(wru.of(BigDecimal.valueOf(s.writeUnits())), MC);
            BigDecimal lambdaReq = lambdaRequests.of(invocations);
            BigDecimal lambdaDur = gbs.of(gbSeconds);
            BigDecimal apiReq = api.of(BigDecimal.ONE);
            BigDecimal log = logs.of(BigDecimal.valueOf(s.logBytes()));
            BigDecimal total = ddb.add(lambdaReq, MC).add(lambdaDur, MC).add(apiReq, MC).add(log, MC);
            b.append("  $ per million requests:\n");
            row(b, "DynamoDB on-demand", ddb);
            row(b, "Lambda requests", lambdaReq);
            row(b, String.format(Locale.ROOT, "Lambda duration (%.5f GB-s)", gbSeconds.doubleValue()), lambdaDur);
            row(b, "API Gateway HTTP API", apiReq);
            row(b, "CloudWatch Logs ingestion", log);
            row(b, "total", total);
        }
        b.append(String.format(Locale.ROOT, "%nAt idle: $0 per hour of requests-driven cost (on-demand tables, no provisioned "
                + "concurrency, SnapStart for Java has no cache charge, HTTP API bills per request). Not counted: storage "
                + "(DynamoDB GB-month, point-in-time recovery, log retention) and the dashboard and alarms, inside "
                + "CloudWatch's free tier for one deployment.%n"));
        b.append("Prices (us-east-1, aws-prices.json):\n");
        prices.forEach((k, p) -> b.append(String.format(Locale.ROOT, "  %-38s $%s per %s  [%s, %s, taken %s]%n", k,
                p.usd().toPlainString(), p.per().toPlainString(), p.kind(), p.source(), p.taken())));
        b.append("Durations are this machine's (JIT-warm, shared CPU), not a Lambda sandbox's; units and log bytes do not depend on the machine.\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String what, BigDecimal perRequest) {
        BigDecimal perMillion = perRequest.multiply(MILLION, MC).setScale(4, RoundingMode.HALF_UP);
        b.append(String.format(Locale.ROOT, "    %-34s %12s%n", what, "$" + perMillion.toPlainString()));
    }

    // ---- requests ----

    private static HttpResponse<String> chat(URI base, String key, String prompt) {
        ObjectNode o = Json.object();
        o.put("model", "nova-micro");
        o.put("max_tokens", 32);
        o.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("content-type", "application/json").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(o))));
    }

    private static HttpResponse<String> report(URI base, String key) {
        return send(HttpRequest.newBuilder(base.resolve("/v1/usage")).header("x-api-key", key).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder r) {
        try {
            return HTTP.send(r.timeout(Duration.ofSeconds(35)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to the local gateway failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode consumed(URI stats) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(stats).GET());
        try {
            return Json.MAPPER.readTree(r.body()).path("consumed_capacity");
        } catch (IOException e) {
            throw new IllegalStateException("the DynamoDB stand-in's stats are not JSON", e);
        }
    }

    /** The demo team's rate limits would refuse the run: raised with the admin key, on this in-memory gateway only. */
    private static void liftDemoTeamLimits(URI gateway, DemoKeys keys) {
        String body = "{\"limits\":{\"rpm\":100000,\"input_tpm\":100000000,\"output_tpm\":100000000}}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(gateway.resolve("/v1/teams/"
                        + URLEncoder.encode(keys.teamId(), StandardCharsets.UTF_8)))
                .header("content-type", "application/json").header("x-api-key", keys.adminKey())
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("could not raise the demo team's limits: " + r.statusCode());
        }
    }

    /**
     * Log4j's console appender holds the {@code System.out} of the moment it was configured; this
     * reconfigures it so that it writes to the current one, at the deployed level (Terraform's
     * {@code log_level} default) when given. Reflective, so that the local runtime needs no
     * compile-time log4j-core. Returns what was done, for the report.
     */
    static final class Log4j {
        private Log4j() {
        }

        static String rebind(String level) {
            try {
                Class<?> logManager = Class.forName("org.apache.logging.log4j.LogManager");
                Object ctx = logManager.getMethod("getContext", boolean.class).invoke(null, false);
                ctx.getClass().getMethod("reconfigure").invoke(ctx);
                if (level != null) {
                    Class<?> levelClass = Class.forName("org.apache.logging.log4j.Level");
                    Object l = levelClass.getMethod("getLevel", String.class).invoke(null, level);
                    Class.forName("org.apache.logging.log4j.core.config.Configurator")
                            .getMethod("setLevel", String.class, levelClass).invoke(null, "com.llmgateway", l);
                }
                return "level " + (level == null ? "as configured" : level) + " (the Terraform's default), captured from stdout";
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "the logging level configured here (log4j could not be rebound: " + e.getClass().getSimpleName()
                        + "; the log bytes may be undercounted)";
            }
        }
    }
}
