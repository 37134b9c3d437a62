package com.llmgateway.local.bench;

import com.llmgateway.local.LocalIam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.auth.DemoKeys;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.local.LocalGateway;
import com.llmgateway.local.LocalJson;
import com.llmgateway.local.LocalRuntime;
import com.llmgateway.local.bedrock.BedrockStandIn;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code scripts/bench.sh [N]}: the gateway's added latency. Sends N chat completions to the
 * gateway over HTTP and the same N Converse calls straight to the Bedrock stand-in, one at a time
 * and interleaved (so both see the same machine), after a warm-up, and prints p50, p90, p99 and
 * mean of each and their difference. Starts an in-memory local gateway unless {@code --endpoint}
 * names a running one.
 * <pre>
 *   N                 requests per side (default 200)
 *   --endpoint URL    a running gateway (e.g. scripts/run-local.sh); its key from --key or local.json
 *   --key KEY         the invoke key to send as x-api-key
 *   --model NAME      catalog model (default nova-micro)
 *   --warmup W        requests per side before measuring (default max(50, N/4))
 * </pre>
 */
public final class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Args(int n, URI endpoint, String key, String model, int warmup) {
    }

    /** One side's timings. */
    record Stats(int n, double p50, double p90, double p99, double mean, double max) {
        static Stats of(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            double mean = Arrays.stream(s).average().orElse(0) / 1e6;
            return new Stats(s.length, pct(s, 50), pct(s, 90), pct(s, 99), mean, s.length == 0 ? 0 : s[s.length - 1] / 1e6);
        }

        /** Nearest-rank percentile, in milliseconds. */
        static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }
    }

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: scripts/bench.sh [N] [--endpoint URL] [--key KEY] [--model NAME] [--warmup W]");
            System.exit(2);
            return;
        }
        // The functions write one EMF metrics document per request to stdout; keep stdout for the report.
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        LocalGateway gw = null;
        BedrockStandIn ownStandIn = null;
        try {
            URI gateway;
            URI bedrock;
            String key = args.key();
            Map<String, String> env;
            if (args.endpoint() == null) {
                System.err.println("[bench] starting an in-memory local gateway...");
                gw = LocalGateway.start(LocalGateway.Options.inMemoryDefaults().withEnv(System.getenv()));
                gateway = gw.endpoint();
                bedrock = gw.bedrock().endpoint();
                env = gw.env();
                if (key == null) {
                    key = gw.keys().map(DemoKeys::invokeKey).orElse(null);
                }
                URI base = gateway;
                gw.keys().ifPresent(k -> liftDemoTeamLimits(base, k));
            } else {
                gateway = args.endpoint();
                if (key == null) {
                    String dir = System.getenv().getOrDefault("LOCAL_DATA_DIR", "");
                    key = LocalJson.read(Path.of(dir.isBlank() ? LocalRuntime.DEFAULT_DATA_DIR : dir)).map(DemoKeys::invokeKey).orElse(null);
                }
                // The running gateway's own stand-in lives in its process; an identical one here is the baseline.
                ownStandIn = BedrockStandIn.start(0);
                bedrock = ownStandIn.endpoint();
                env = Map.of();
            }
            ModelInfo model = ModelCatalog.load(env).resolve(args.model())
                    .orElseThrow(() -> new IllegalArgumentException("unknown model " + args.model()));
            run(args, gateway, key, bedrock, model, gw, report);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } finally {
            if (ownStandIn != null) {
                ownStandIn.close();
            }
            if (gw != null) {
                gw.close();
            }
        }
        System.exit(0);
    }

    private static void run(Args args, URI gateway, String key, URI bedrock, ModelInfo model, LocalGateway gw,
                            PrintStream report) throws Exception {
        HttpRequest.Builder chat = HttpRequest.newBuilder(gateway.resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(35))
                .header("content-type", "application/json")
                .header("cache-control", "no-store");
        if (key != null) {
            chat.header("x-api-key", key);
        }
        HttpRequest.Builder converse = HttpRequest.newBuilder(bedrock.resolve("/model/"
                        + URLEncoder.encode(model.invokeId(), StandardCharsets.UTF_8) + "/converse"))
                .timeout(Duration.ofSeconds(35))
                .header("content-type", "application/json")
                // the stand-in allows bedrock:InvokeModel to the gateway function's key only (iam.json)
                .header("authorization", "AWS4-HMAC-SHA256 Credential=" + LocalIam.accessKeyOf("gateway")
                        + "/00000000/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=unchecked");

        System.err.printf(Locale.ROOT, "[bench] gateway %s, stand-in %s, model %s, %s%n", gateway, bedrock, model.name(),
                key != null ? "x-api-key set" : "no key");
        HttpResponse<String> first = send(chat, chatBody(model.name(), 0));
        if (first.statusCode() != 200) {
            System.err.println("[bench] warning: the gateway answered " + first.statusCode() + " " + abbreviate(first.body())
                    + "\n[bench] the figures below time that answer, not a completion");
        }
        HttpResponse<String> firstDirect = send(converse, converseBody(0));
        if (firstDirect.statusCode() != 200) {
            System.err.println("[bench] warning: the stand-in answered " + firstDirect.statusCode() + " " + abbreviate(firstDirect.body())
                    + "\n[bench] the direct figures below time that answer, not a completion");
        }
        System.err.printf(Locale.ROOT, "[bench] warm-up: %d requests per side%n", args.warmup());
        for (int i = 0; i < args.warmup(); i++) {
            send(chat, chatBody(model.name(), i));
            send(converse, converseBody(i));
        }
        System.err.printf(Locale.ROOT, "[bench] measuring: %d requests per side, one at a time, interleaved%n", args.n());
        long[] gwNanos = new long[args.n()];
        long[] directNanos = new long[args.n()];
        Map<Integer, Integer> gwStatus = new TreeMap<>();
        Map<Integer, Integer> directStatus = new TreeMap<>();
        long[] overhead = new long[args.n()];
        int overheadSeen = 0;
        for (int i = 0; i < args.n(); i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> g = send(chat, chatBody(model.name(), args.warmup() + i));
            gwNanos[i] = System.nanoTime() - t0;
            gwStatus.merge(g.statusCode(), 1, Integer::sum);
            Optional<String> self = g.headers().firstValue("x-gateway-overhead-ms");
            if (self.isPresent()) {
                try {
                    overhead[overheadSeen++] = (long) (Double.parseDouble(self.get()) * 1e6);
                } catch (NumberFormatException ignored) {
                    // not a figure; skip
                }
            }
            long t1 = System.nanoTime();
            HttpResponse<String> d = send(converse, converseBody(args.warmup() + i));
            directNanos[i] = System.nanoTime() - t1;
            directStatus.merge(d.statusCode(), 1, Integer::sum);
        }
        Stats g = Stats.of(gwNanos);
        Stats d = Stats.of(directNanos);
        report.println(report(args, model, gw != null, g, d, gwStatus, directStatus,
                overheadSeen > 0 ? Stats.of(Arrays.copyOf(overhead, overheadSeen)) : null));
        report.println(cacheReport(args, gateway, key, model));
    }

    /**
     * The response cache: a miss (a new prompt: lookup, Bedrock, store) next to a hit (the same
     * prompt again, answered from DynamoDB without calling Bedrock).
     */
    private static String cacheReport(Args args, URI gateway, String key, ModelInfo model) throws Exception {
        HttpRequest.Builder cacheable = HttpRequest.newBuilder(gateway.resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(35))
                .header("content-type", "application/json");
        if (key != null) {
            cacheable.header("x-api-key", key);
        }
        long[] miss = new long[args.n()];
        long[] hit = new long[args.n()];
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < args.n(); i++) {
            String body = chatBody(model.name(), 1_000_000 + i);
            long t0 = System.nanoTime();
            HttpResponse<String> m = send(cacheable, body);
            miss[i] = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            HttpResponse<String> h = send(cacheable, body);
            hit[i] = System.nanoTime() - t1;
            seen.merge(m.headers().firstValue("x-gateway-cache").orElse("none") + "/"
                    + h.headers().firstValue("x-gateway-cache").orElse("none"), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Response cache, %d prompts each sent twice, in ms%n", args.n()));
        b.append(String.format(Locale.ROOT, "%-34s %8s %8s %8s %8s %8s%n", "", "p50", "p90", "p99", "mean", "max"));
        row(b, "cache miss (lookup, call, store)", Stats.of(miss));
        row(b, "cache hit (no Bedrock call)", Stats.of(hit));
        b.append("x-gateway-cache first/second: ").append(seen).append('\n');
        return b.toString();
    }

    static String report(Args args, ModelInfo model, boolean inProcess, Stats g, Stats d, Map<Integer, Integer> gwStatus,
                         Map<Integer, Integer> directStatus, Stats selfReported) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nLatency of %d sequential requests per side (model %s, after %d warm-up), in ms%n",
                args.n(), model.name(), args.warmup()));
        b.append(String.format(Locale.ROOT, "%-34s %8s %8s %8s %8s %8s%n", "", "p50", "p90", "p99", "mean", "max"));
        row(b, "gateway  POST /v1/chat/completions", g);
        row(b, "direct   Converse to the stand-in", d);
        b.append(String.format(Locale.ROOT, "%-34s %8.2f %8s %8.2f %8.2f%n", "added by the gateway",
                g.p50() - d.p50(), "", g.p99() - d.p99(), g.mean() - d.mean()));
        if (selfReported != null) {
            row(b, "x-gateway-overhead-ms (self)", selfReported);
        }
        b.append(String.format(Locale.ROOT, "status codes: gateway %s, direct %s%n", gwStatus, directStatus));
        b.append(inProcess
                ? "setup: gateway in-process (HTTP API stand-in, three handlers, the DynamoDB stand-in in memory) and the stand-in it calls"
                : "setup: gateway at " + args.endpoint() + "; direct side is a stand-in started by the bench");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Stats s) {
        b.append(String.format(Locale.ROOT, "%-34s %8.2f %8.2f %8.2f %8.2f %8.2f%n", name, s.p50(), s.p90(), s.p99(), s.mean(), s.max()));
    }

    /**
     * The demo team's rate limits would throttle a benchmark: with the admin key the bench raises
     * them on its own in-memory gateway (never on one given with --endpoint).
     */
    private static void liftDemoTeamLimits(URI gateway, DemoKeys keys) {
        String body = "{\"limits\":{\"rpm\":10000,\"input_tpm\":10000000,\"output_tpm\":10000000}}";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/teams/"
                            + URLEncoder.encode(keys.teamId(), StandardCharsets.UTF_8)))
                    .header("content-type", "application/json")
                    .header("x-api-key", keys.adminKey())
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                System.err.println("[bench] warning: could not raise the demo team's limits (" + r.statusCode() + " "
                        + abbreviate(r.body()) + "); 429s may follow");
            }
        } catch (Exception e) {
            System.err.println("[bench] warning: could not raise the demo team's limits: " + e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String body) throws Exception {
        return HTTP.send(request.copy().POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A distinct prompt per request, so that no response cache can answer. */
    static String chatBody(String model, int i) {
        ObjectNode o = Json.object();
        o.put("model", model);
        o.put("max_tokens", 32);
        o.putArray("messages").addObject().put("role", "user").put("content", "Say hello, request " + i + ".");
        return Json.write(o);
    }

    static String converseBody(int i) {
        ObjectNode o = Json.object();
        o.putArray("messages").addObject().put("role", "user").putArray("content").addObject().put("text", "Say hello, request " + i + ".");
        o.putObject("inferenceConfig").put("maxTokens", 32);
        return Json.write(o);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static Args parse(String[] argv) {
        int n = 200;
        URI endpoint = null;
        String key = null;
        String model = "nova-micro";
        Integer warmup = null;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "--endpoint" -> endpoint = URI.create(value(argv, ++i, a).replaceAll("/+$", ""));
                case "--key" -> key = value(argv, ++i, a);
                case "--model" -> model = value(argv, ++i, a);
                case "--warmup" -> warmup = number(value(argv, ++i, a), a);
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    n = number(a, "N");
                }
            }
        }
        if (n < 1) {
            throw new IllegalArgumentException("N must be at least 1");
        }
        return new Args(n, endpoint, key, model, warmup != null ? warmup : Math.max(50, n / 4));
    }

    private static String value(String[] argv, int i, String option) {
        if (i >= argv.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return argv[i];
    }

    private static int number(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got '" + s + "'");
        }
    }
}
