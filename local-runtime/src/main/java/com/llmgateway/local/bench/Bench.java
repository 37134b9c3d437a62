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

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * {@code scripts/bench.sh [N]}: the gateway's added latency, side by side with the Portkey gateway.
 * After a warm-up, N rounds one request at a time, interleaved request by request so that every side
 * sees the same machine: a Converse call straight to the Bedrock stand-in, a chat completion through
 * the gateway with {@code no-store}, a new cacheable prompt twice (a true miss: lookup, Bedrock,
 * store; then its hit) and the same chat completion through Portkey to the same stand-in. Prints
 * p50/p90/p95/p99/mean/max of each, what each adds over direct and ours against Portkey's; then
 * cache-miss throughput with 1, 4 and 16 clients for both, with the CPU time per request; then the
 * machine's load. Starts an in-memory local gateway unless {@code --endpoint} names a running one,
 * and Portkey ({@link PortkeyPeer}, installed once into {@code .local/peers/}) unless Node is missing
 * or {@code --no-peer}.
 * <pre>
 *   N                 rounds (default 200)
 *   --endpoint URL    a running gateway (e.g. scripts/run-local.sh); its key from --key or local.json
 *   --key KEY         the invoke key to send as x-api-key
 *   --model NAME      catalog model (default nova-micro)
 *   --warmup W        rounds before measuring (default: until the JIT settles, see warmUp;
 *                     max(50, N/4) against --endpoint)
 *   --load-seconds S  seconds per throughput level and side (default 3; 0 skips throughput)
 *   --no-peer         without Portkey
 * </pre>
 */
public final class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Args(int n, URI endpoint, String key, String model, int warmup, int loadSeconds, boolean peer) {
    }

    /** Where the peer is installed, under the repository root (git-ignored, kept between runs). */
    static final Path PEER_DIR = Path.of(".local", "peers", "portkey-" + PortkeyPeer.VERSION);

    /** One side's timings. */
    record Stats(int n, double p50, double p90, double p95, double p99, double mean, double max) {
        static Stats of(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            double mean = Arrays.stream(s).average().orElse(0) / 1e6;
            return new Stats(s.length, pct(s, 50), pct(s, 90), pct(s, 95), pct(s, 99), mean, s.length == 0 ? 0 : s[s.length - 1] / 1e6);
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
            System.err.println("usage: scripts/bench.sh [N] [--endpoint URL] [--key KEY] [--model NAME] [--warmup W]"
                    + " [--load-seconds S] [--no-peer]");
            System.exit(2);
            return;
        }
        // The functions write one EMF metrics document per request to stdout; keep stdout for the report.
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        LocalGateway gw = null;
        BedrockStandIn ownStandIn = null;
        PortkeyPeer peer = null;
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
            if (args.peer()) {
                System.err.println("[bench] starting Portkey " + PortkeyPeer.VERSION + "...");
                peer = PortkeyPeer.start(PEER_DIR.toAbsolutePath(), System.err).orElse(null);
            }
            String runTag = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
            run(new Context(args, gateway, key, bedrock, model, gw, peer, runTag), report);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } finally {
            if (peer != null) {
                peer.close();
            }
            if (ownStandIn != null) {
                ownStandIn.close();
            }
            if (gw != null) {
                gw.close();
            }
        }
        System.exit(0);
    }

    /** What the run and each report section work with. {@code gw} is null with --endpoint; {@code peer} null without Portkey. */
    record Context(Args args, URI gateway, String key, URI bedrock, ModelInfo model, LocalGateway gw, PortkeyPeer peer,
                   String runTag) {
    }

    /** One side's answers: times in nanoseconds and status codes (-1: no answer). */
    static final class Series {
        private long[] nanos = new long[64];
        private int count;
        final Map<Integer, Integer> status = new TreeMap<>();

        synchronized void add(long elapsed, int statusCode) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = elapsed;
            status.merge(statusCode, 1, Integer::sum);
        }

        synchronized Stats stats() {
            return Stats.of(Arrays.copyOf(nanos, count));
        }

        synchronized int count() {
            return count;
        }
    }

    private static void run(Context ctx, PrintStream report) throws Exception {
        Args args = ctx.args();
        String before = loadAverage();
        Requests rq = Requests.of(ctx);
        System.err.printf(Locale.ROOT, "[bench] gateway %s, stand-in %s, model %s, %s, Portkey %s%n", ctx.gateway(), ctx.bedrock(),
                ctx.model().name(), ctx.key() != null ? "x-api-key set" : "no key",
                ctx.peer() != null ? PortkeyPeer.VERSION + " at " + ctx.peer().endpoint() : "not running");
        firstAnswer("the gateway", rq.noStore(), chatBody(ctx.model().name(), 0));
        firstAnswer("the stand-in", rq.converse(), converseBody(0));
        if (rq.portkey() != null) {
            firstAnswer("Portkey", rq.portkey(), chatBody(ctx.model().invokeId(), 0));
        }
        report.println(latencyReport(ctx, rq));
        String afterLatency = loadAverage();
        if (args.loadSeconds() > 0) {
            report.println(throughputReport(ctx, rq));
        }
        for (String section : extraSections(ctx)) {
            report.println(section);
        }
        report.printf(Locale.ROOT, "machine load (/proc/loadavg: 1, 5, 15 min, runnable/threads) on %d CPUs: before %s, after the"
                + " latency rounds %s, at the end %s%n", Runtime.getRuntime().availableProcessors(), before, afterLatency, loadAverage());
    }

    /**
     * Report sections printed after latency and throughput, each a block of text as is: the place
     * for further figures from the same run (the DynamoDB request units and their cost, say). It runs
     * after the measured requests, so whatever it sends is not timed with them.
     */
    static List<String> extraSections(Context ctx) {
        if (ctx.gw() == null) {
            return List.of("cost per million requests: n/a against --endpoint (run scripts/bench-cost.sh for a metered local gateway)");
        }
        // The cost report meters its own in-memory gateway (request units from the DynamoDB stand-in,
        // Lambda time and log bytes per function), so that its counters hold only its own requests.
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        CostReport.print(new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8),
                Math.max(10, Math.min(ctx.args().n(), 100)));
        return List.of(text.toString(java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
    }

    /** The requests each side sends; {@code portkey} is null without the peer. */
    record Requests(HttpRequest.Builder noStore, HttpRequest.Builder cacheable, HttpRequest.Builder converse,
                    HttpRequest.Builder portkey) {
        static Requests of(Context ctx) {
            HttpRequest.Builder noStore = chat(ctx).header("cache-control", "no-store");
            HttpRequest.Builder converse = HttpRequest.newBuilder(ctx.bedrock().resolve("/model/"
                            + URLEncoder.encode(ctx.model().invokeId(), StandardCharsets.UTF_8) + "/converse"))
                    .timeout(Duration.ofSeconds(35))
                    .header("content-type", "application/json")
                    // the stand-in allows bedrock:InvokeModel to the gateway function's key only (iam.json)
                    .header("authorization", "AWS4-HMAC-SHA256 Credential=" + LocalIam.accessKeyOf("gateway")
                            + "/00000000/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=unchecked");
            HttpRequest.Builder portkey = null;
            if (ctx.peer() != null) {
                // Portkey's Bedrock provider: it signs with these keys (the stand-in reads only the key id,
                // the gateway function's, as on the direct side) and calls {custom host}/model/{id}/converse.
                portkey = HttpRequest.newBuilder(ctx.peer().endpoint().resolve("/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(35))
                        .header("content-type", "application/json")
                        .header("x-portkey-provider", "bedrock")
                        .header("x-portkey-custom-host", ctx.bedrock().toString().replaceAll("/+$", ""))
                        .header("x-portkey-aws-access-key-id", LocalIam.accessKeyOf("gateway"))
                        .header("x-portkey-aws-secret-access-key", "bench-dummy-secret")
                        .header("x-portkey-aws-region", "us-east-1");
            }
            return new Requests(noStore, chat(ctx), converse, portkey);
        }

        private static HttpRequest.Builder chat(Context ctx) {
            HttpRequest.Builder b = HttpRequest.newBuilder(ctx.gateway().resolve("/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(35))
                    .header("content-type", "application/json");
            if (ctx.key() != null) {
                b.header("x-api-key", ctx.key());
            }
            return b;
        }
    }

    private static void firstAnswer(String who, HttpRequest.Builder request, String body) throws Exception {
        HttpResponse<String> r = send(request, body);
        if (r.statusCode() != 200) {
            System.err.println("[bench] warning: " + who + " answered " + r.statusCode() + " " + abbreviate(r.body())
                    + "\n[bench] its figures below time that answer, not a completion");
        }
    }

    /**
     * Latency, one request at a time: each round sends a direct Converse, a no-store chat, a new
     * cacheable prompt twice (a true miss, then its hit) and a chat through Portkey, starting each
     * round at the next of these so that no side always follows the same one.
     */
    private static String latencyReport(Context ctx, Requests rq) throws Exception {
        Args args = ctx.args();
        String model = ctx.model().name();
        int units = rq.portkey() != null ? 4 : 3;
        Warmup warmup = warmUp(ctx, rq, units);
        System.err.printf(Locale.ROOT, "[bench] %d measured rounds, one request at a time, interleaved%n", args.n());
        Sides sides = new Sides();
        GcTime gc0 = GcTime.now();
        long wall0 = System.nanoTime();
        for (int round = 0; round < args.n(); round++) {
            round(ctx, rq, warmup.rounds() + round, units, sides);
        }
        GcTime gc = GcTime.now().minus(gc0);
        long roundsMillis = (System.nanoTime() - wall0) / 1_000_000;
        Series direct = sides.direct;
        Series noStore = sides.noStore;
        Series miss = sides.miss;
        Series hit = sides.hit;
        Series portkey = sides.portkey;
        Series self = sides.self;
        Map<String, Integer> cacheSeen = sides.cacheSeen;
        Stats d = direct.stats();
        StringBuilder b = new StringBuilder();
        b.append(warmup.report());
        b.append(String.format(Locale.ROOT, "%nLatency of %d interleaved rounds, one request at a time (model %s, after %d warm-up"
                + " rounds), in ms%n", args.n(), model, warmup.rounds()));
        b.append(String.format(Locale.ROOT, "%-40s %7s %7s %7s %7s %7s %7s %9s %9s%n", "", "p50", "p90", "p95", "p99", "mean", "max",
                "added p50", "added p99"));
        latencyRow(b, "direct   Converse to the stand-in", d, null);
        latencyRow(b, "gateway  cache miss, no-store", noStore.stats(), d);
        latencyRow(b, "gateway  true cache miss (lookup + store)", miss.stats(), d);
        latencyRow(b, "gateway  cache hit (no Bedrock call)", hit.stats(), d);
        if (portkey.count() > 0) {
            latencyRow(b, "Portkey " + PortkeyPeer.VERSION + " OpenAI -> Converse", portkey.stats(), d);
        }
        if (self.count() > 0) {
            latencyRow(b, "x-gateway-overhead-ms (self, no-store)", self.stats(), null);
        }
        if (portkey.count() > 0) {
            double peerAdded = portkey.stats().p50() - d.p50();
            b.append(String.format(Locale.ROOT, "ours / Portkey, added p50: no-store %s, true miss %s, cache hit %s (Portkey adds %.2f ms)%n",
                    ratio(noStore.stats().p50() - d.p50(), peerAdded), ratio(miss.stats().p50() - d.p50(), peerAdded),
                    ratio(hit.stats().p50() - d.p50(), peerAdded), peerAdded));
        }
        b.append(String.format(Locale.ROOT, "status codes: direct %s, no-store %s, miss %s, hit %s%s%n", direct.status, noStore.status,
                miss.status, hit.status, portkey.count() > 0 ? ", Portkey " + portkey.status : ""));
        b.append("x-gateway-cache first/second: ").append(cacheSeen).append('\n');
        b.append(String.format(Locale.ROOT, "this JVM's garbage collections during the rounds: %d, %d ms in all (%.1f%% of %d ms; a"
                + " request that meets one waits for it)%n", gc.count(), gc.millis(), 100.0 * gc.millis() / Math.max(1, roundsMillis),
                roundsMillis));
        b.append(ctx.gw() != null
                ? "setup: gateway in-process (HTTP API stand-in, three handlers, the DynamoDB stand-in in memory) and the Bedrock stand-in"
                + " it calls"
                : "setup: gateway at " + args.endpoint() + "; direct side is a stand-in started by the bench");
        b.append(ctx.peer() != null ? "; Portkey (Node " + nodeVersion() + ") calls the same Bedrock stand-in as the direct side" : "");
        return b.toString();
    }

    /** Each side's timings of one stretch of rounds, and the cache headers the miss/hit pairs saw. */
    static final class Sides {
        final Series direct = new Series();
        final Series noStore = new Series();
        final Series miss = new Series();
        final Series hit = new Series();
        final Series portkey = new Series();
        final Series self = new Series();
        final Map<String, Integer> cacheSeen = new TreeMap<>();
    }

    /** One round: each side once, starting at the round's turn so that no side always follows the same one. */
    private static void round(Context ctx, Requests rq, int round, int units, Sides into) throws Exception {
        String model = ctx.model().name();
        for (int k = 0; k < units; k++) {
            switch ((round + k) % units) {
                case 0 -> timed(rq.converse(), converseBody(round), into.direct);
                case 1 -> {
                    HttpResponse<String> r = timed(rq.noStore(), chatBody(model, round), into.noStore);
                    Optional<String> own = r.headers().firstValue("x-gateway-overhead-ms");
                    if (own.isPresent()) {
                        try {
                            into.self.add((long) (Double.parseDouble(own.get()) * 1e6), r.statusCode());
                        } catch (NumberFormatException ignored) {
                            // not a figure; skip
                        }
                    }
                }
                case 2 -> {
                    String body = chatBody(model, ctx.runTag() + "-" + round);
                    HttpResponse<String> m = timed(rq.cacheable(), body, into.miss);
                    HttpResponse<String> h = timed(rq.cacheable(), body, into.hit);
                    into.cacheSeen.merge(m.headers().firstValue("x-gateway-cache").orElse("none") + "/"
                            + h.headers().firstValue("x-gateway-cache").orElse("none"), 1, Integer::sum);
                }
                default -> timed(rq.portkey(), chatBody(ctx.model().invokeId(), round), into.portkey);
            }
        }
    }

    /** Whether this JVM stops at the C1 tier (-XX:TieredStopAtLevel below 4, from the command line or JAVA_TOOL_OPTIONS). */
    static boolean c1Only() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.matches("-XX:TieredStopAtLevel=[0-3]"));
    }

    /** The warm-up's length and, when it ran to a settled JIT, its course block by block. */
    record Warmup(int rounds, String report) {
    }

    /** Rounds per warm-up block, and the most an automatic warm-up runs before it measures anyway. */
    static final int WARMUP_BLOCK = 200;
    static final int WARMUP_CAP = 6_000;
    /** The warm-up ends once the JIT compilers spent less than this share of the wall time of this many blocks in a row. */
    static final double SETTLED_JIT_SHARE = 0.10;
    static final int SETTLED_BLOCKS = 2;

    /**
     * Warms every side up. A fixed {@code --warmup} runs that many rounds. Otherwise, with the gateway
     * in this JVM, blocks of {@link #WARMUP_BLOCK} rounds run until the JIT compilers took less than
     * {@link #SETTLED_JIT_SHARE} of the wall time of {@link #SETTLED_BLOCKS} blocks in a row (C2 goes on compiling the SDK, Jackson and
     * log4j paths for thousands of requests, and until then the figures measure the compiler as much
     * as the gateway), at most {@link #WARMUP_CAP} rounds; the report prints each block's medians, so
     * the cost of a cold JIT stays in view.
     */
    private static Warmup warmUp(Context ctx, Requests rq, int units) throws Exception {
        Args args = ctx.args();
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean auto = args.warmup() < 0 && ctx.gw() != null && jit != null && jit.isCompilationTimeMonitoringSupported();
        if (!auto) {
            int fixed = args.warmup() >= 0 ? args.warmup() : Math.max(50, args.n() / 4);
            System.err.printf(Locale.ROOT, "[bench] %d warm-up rounds%n", fixed);
            for (int round = 0; round < fixed; round++) {
                round(ctx, rq, round, units, new Sides());
            }
            return new Warmup(fixed, "");
        }
        System.err.printf(Locale.ROOT, "[bench] warming up in blocks of %d rounds until the JIT settles (at most %d rounds)%n",
                WARMUP_BLOCK, WARMUP_CAP);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%nWarm-up, blocks of %d rounds until the JIT compilers take < %.0f%% of the wall time of %d blocks in a row (at most"
                        + " %d rounds); p50 in ms%n%8s %9s %8s %8s %8s %8s %8s%n", WARMUP_BLOCK, SETTLED_JIT_SHARE * 100, SETTLED_BLOCKS, WARMUP_CAP,
                "rounds", "JIT ms", "direct", "no-store", "miss", "hit", "Portkey"));
        int rounds = 0;
        int quiet = 0;
        boolean settled = false;
        while (!settled && rounds < WARMUP_CAP) {
            Sides block = new Sides();
            long jit0 = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < WARMUP_BLOCK; i++) {
                round(ctx, rq, rounds++, units, block);
            }
            long wallMillis = (System.nanoTime() - t0) / 1_000_000;
            long jitMillis = jit.getTotalCompilationTime() - jit0;
            quiet = jitMillis < SETTLED_JIT_SHARE * wallMillis ? quiet + 1 : 0;
            settled = quiet >= SETTLED_BLOCKS;
            b.append(String.format(Locale.ROOT, "%8d %5d %2.0f%% %8.2f %8.2f %8.2f %8.2f %8s%n", rounds, jitMillis,
                    100.0 * jitMillis / Math.max(1, wallMillis), block.direct.stats().p50(), block.noStore.stats().p50(),
                    block.miss.stats().p50(), block.hit.stats().p50(),
                    block.portkey.count() > 0 ? String.format(Locale.ROOT, "%.2f", block.portkey.stats().p50()) : "-"));
        }
        b.append(settled ? "settled after " + rounds + " rounds" : "not settled within " + WARMUP_CAP + " rounds: measuring anyway");
        b.append(String.format(Locale.ROOT, "; the JIT compilers' time so far: %.1f s of CPU. %s%n", jit.getTotalCompilationTime() / 1000.0,
                c1Only()
                        ? "This JVM runs C1 only (TieredStopAtLevel=1), as Lambda's java21 runtime runs the functions by default."
                        : "This JVM runs both JIT tiers; in Lambda (java21) the functions run C1-compiled code only (TieredStopAtLevel=1,"
                        + " the runtime's default), which settles sooner and runs slower: JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1"
                        + " measures that here."));
        return new Warmup(rounds, b.toString());
    }

    /** Seconds of each unmeasured block before a throughput level's measured window. */
    static final int RAMP_SECONDS = 2;

    /**
     * At most this many seconds of unmeasured blocks per level of ours: the blocks go on until the
     * JIT compilers take less than {@link #SETTLED_JIT_SHARE} of one block's wall time (new client
     * threads, the code paths of contention and lock inflation make C2 compile again at each level).
     */
    static final int RAMP_CAP_SECONDS = 20;

    /**
     * Throughput of cache-miss chat completions (a new prompt each, lookup + store) with 1, 4 and 16
     * clients, each level run for ours and then for Portkey, with the CPU time each process spent.
     */
    private static String throughputReport(Context ctx, Requests rq) throws Exception {
        Args args = ctx.args();
        StringBuilder b = new StringBuilder();
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitVisible = ctx.gw() != null && jit != null && jit.isCompilationTimeMonitoringSupported();
        b.append(String.format(Locale.ROOT, "Throughput, cache-miss chat completions (a new prompt each; ours with lookup + store), %d s"
                + " per level and side, each after unmeasured blocks of %d s at that level (ours: until the JIT compilers take < %.0f%%"
                + " of a block's wall time, at most %d s)%n", args.loadSeconds(),
                Math.min(RAMP_SECONDS, args.loadSeconds()), SETTLED_JIT_SHARE * 100, RAMP_CAP_SECONDS));
        b.append(String.format(Locale.ROOT, "%-8s %10s %7s %7s %8s %8s %5s %11s %7s %7s %8s %7s %10s %10s %10s%n", "clients", "ours req/s",
                "p50 ms", "p99 ms", "not 200", "JIT", "GC", "Portkey r/s", "p50 ms", "p99 ms", "not 200", "ratio", "JVM us/rq", "JVM us/rq",
                "node us/rq"));
        b.append(String.format(Locale.ROOT, "%-8s %10s %7s %7s %8s %8s %5s %11s %7s %7s %8s %7s %10s %10s %10s%n", "", "", "", "", "",
                "ramp/run", "run", "", "", "", "", "", "ours", "Portkey's", "Portkey"));
        String model = ctx.model().name();
        for (int clients : new int[]{1, 4, 16}) {
            System.err.printf(Locale.ROOT, "[bench] throughput with %d clients...%n", clients);
            String tag = ctx.runTag() + "-c" + clients + "-";
            // Each side first runs the level unmeasured: its new client threads, pooled connections and
            // handler threads, and the code paths of contention, are not timed as the gateway's.
            int ramp = Math.min(RAMP_SECONDS, args.loadSeconds());
            int rampSeconds = 0;
            AtomicInteger rampSeq = new AtomicInteger();
            while (true) {
                long jit0 = jitVisible ? jit.getTotalCompilationTime() : 0;
                LoadRun r = LoadRun.of(clients, ramp, rq.cacheable(), i -> chatBody(model, tag + "ramp-" + rampSeq.getAndIncrement()), null);
                rampSeconds += ramp;
                boolean quiet = !jitVisible || jit.getTotalCompilationTime() - jit0 < SETTLED_JIT_SHARE * r.wallNanos() / 1e6;
                if (quiet || ramp == 0 || rampSeconds >= RAMP_CAP_SECONDS) {
                    break;
                }
            }
            long jit0 = jitVisible ? jit.getTotalCompilationTime() : 0;
            GcTime gc0 = GcTime.now();
            LoadRun ours = LoadRun.of(clients, args.loadSeconds(), rq.cacheable(), i -> chatBody(model, tag + i), null);
            String gcShare = ctx.gw() == null ? "-" : String.format(Locale.ROOT, "%.0f%%",
                    100.0 * GcTime.now().minus(gc0).millis() / Math.max(1, ours.wallNanos() / 1e6));
            String jitShare = jitVisible ? String.format(Locale.ROOT, "%ds/%.0f%%", rampSeconds,
                    100.0 * (jit.getTotalCompilationTime() - jit0) / Math.max(1, ours.wallNanos() / 1e6)) : "-";
            if (rq.portkey() != null) {
                LoadRun.of(clients, ramp, rq.portkey(), i -> chatBody(ctx.model().invokeId(), tag + "ramp-" + i), ctx.peer());
            }
            LoadRun peer = rq.portkey() == null ? null
                    : LoadRun.of(clients, args.loadSeconds(), rq.portkey(), i -> chatBody(ctx.model().invokeId(), tag + i), ctx.peer());
            Stats o = ours.series().stats();
            Stats p = peer == null ? null : peer.series().stats();
            b.append(String.format(Locale.ROOT, "%-8d %10.0f %7.2f %7.2f %8d %8s %5s %11s %7s %7s %8s %7s %10s %10s %10s%n", clients,
                    ours.perSecond(), o.p50(), o.p99(), ours.notOk(), jitShare, gcShare,
                    peer == null ? "-" : String.format(Locale.ROOT, "%.0f", peer.perSecond()),
                    p == null ? "-" : String.format(Locale.ROOT, "%.2f", p.p50()),
                    p == null ? "-" : String.format(Locale.ROOT, "%.2f", p.p99()),
                    peer == null ? "-" : Integer.toString(peer.notOk()),
                    peer == null || peer.perSecond() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", ours.perSecond() / peer.perSecond()),
                    ctx.gw() != null ? micros(ours.jvmCpuPerRequest()) : "n/a",
                    peer == null ? "-" : micros(peer.jvmCpuPerRequest()),
                    peer == null ? "-" : micros(peer.peerCpuPerRequest())));
        }
        b.append(ctx.gw() != null
                ? "JVM us/rq: this process's CPU time (OperatingSystemMXBean) over the requests answered. Ours: the gateway's three"
                + " handlers, the HTTP API, DynamoDB and Bedrock stand-ins and the bench's client; Portkey's: the Bedrock stand-in and"
                + " the client only, so their difference is about what the local runtime costs beyond Portkey's share. node us/rq:"
                + " Portkey's process (/proc via ProcessHandle). ratio: ours/Portkey req/s. JIT: the unmeasured seconds before the"
                + " level, and the JIT compilers' time during the measured window as a share of its wall time (their CPU is in JVM us/rq). GC:"
                + " the time this JVM's collectors report for the measured window, as a share of its wall time (with the Serial GC of"
                + " the local runtime, all of it pauses that stop every thread).\n"
                : "JVM us/rq: n/a, the gateway runs in another process (--endpoint). ratio: ours/Portkey req/s.\n");
        return b.toString();
    }

    /** One throughput level for one side: its answers, wall time and the CPU the processes spent. */
    record LoadRun(Series series, long wallNanos, long jvmCpuNanos, long peerCpuNanos) {
        static LoadRun of(int clients, int seconds, HttpRequest.Builder request, IntFunction<String> body, PortkeyPeer peer)
                throws InterruptedException {
            Series series = new Series();
            AtomicInteger next = new AtomicInteger();
            long peerCpu0 = peer == null ? 0 : peer.cpuTime().toNanos();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            long deadline = t0 + seconds * 1_000_000_000L;
            Thread[] threads = new Thread[clients];
            for (int c = 0; c < clients; c++) {
                threads[c] = Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                    while (System.nanoTime() < deadline) {
                        String b = body.apply(next.getAndIncrement());
                        long s = System.nanoTime();
                        int status;
                        try {
                            status = send(request, b).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        series.add(System.nanoTime() - s, status);
                    }
                });
            }
            for (Thread t : threads) {
                t.join();
            }
            long wall = System.nanoTime() - t0;
            return new LoadRun(series, wall, processCpuNanos() - cpu0, peer == null ? 0 : peer.cpuTime().toNanos() - peerCpu0);
        }

        double perSecond() {
            return series.count() / (wallNanos / 1e9);
        }

        int notOk() {
            return series.count() - series.status.getOrDefault(200, 0);
        }

        double jvmCpuPerRequest() {
            return series.count() == 0 ? 0 : jvmCpuNanos / 1e3 / series.count();
        }

        double peerCpuPerRequest() {
            return series.count() == 0 ? 0 : peerCpuNanos / 1e3 / series.count();
        }
    }

    /** This JVM's CPU time (user + system, all threads), or -1 where the platform does not say. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static String micros(double us) {
        return us <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", us);
    }

    static String ratio(double ours, double peer) {
        return peer > 0 ? String.format(Locale.ROOT, "%.1fx", ours / peer) : "n/a";
    }

    /** {@code /proc/loadavg} as is (e.g. {@code 1.52 1.10 0.98 3/412 12345}), or n/a off Linux. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return v;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static HttpResponse<String> timed(HttpRequest.Builder request, String body, Series into) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(request, body);
        if (into != null) {
            into.add(System.nanoTime() - t0, r.statusCode());
        }
        return r;
    }

    private static void latencyRow(StringBuilder b, String name, Stats s, Stats direct) {
        b.append(String.format(Locale.ROOT, "%-40s %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %9s %9s%n", name, s.p50(), s.p90(), s.p95(), s.p99(),
                s.mean(), s.max(), direct == null ? "" : String.format(Locale.ROOT, "%+.2f", s.p50() - direct.p50()),
                direct == null ? "" : String.format(Locale.ROOT, "%+.2f", s.p99() - direct.p99())));
    }

    /**
     * The demo team's rate limits would throttle a benchmark: with the admin key the bench raises
     * them on its own in-memory gateway (never on one given with --endpoint).
     */
    private static void liftDemoTeamLimits(URI gateway, DemoKeys keys) {
        String body = "{\"limits\":{\"rpm\":100000,\"input_tpm\":100000000,\"output_tpm\":100000000}}";
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

    /** Every measured request, on every side: the blocking client ({@link RawHttp}), one kept-alive connection per thread. */
    private static HttpResponse<String> send(HttpRequest.Builder request, String body) throws Exception {
        return RawHttp.post(request, body);
    }

    /** A distinct prompt per request, so that no response cache can answer. */
    static String chatBody(String model, int i) {
        return chatBody(model, Integer.toString(i));
    }

    /** A chat completion whose prompt names {@code tag}. */
    static String chatBody(String model, String tag) {
        ObjectNode o = Json.object();
        o.put("model", model);
        o.put("max_tokens", 32);
        o.putArray("messages").addObject().put("role", "user").put("content", "Say hello, request " + tag + ".");
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
        int loadSeconds = 3;
        boolean peer = true;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "--endpoint" -> endpoint = URI.create(value(argv, ++i, a).replaceAll("/+$", ""));
                case "--key" -> key = value(argv, ++i, a);
                case "--model" -> model = value(argv, ++i, a);
                case "--warmup" -> warmup = number(value(argv, ++i, a), a);
                case "--load-seconds" -> loadSeconds = number(value(argv, ++i, a), a);
                case "--no-peer" -> peer = false;
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
        if (loadSeconds < 0) {
            throw new IllegalArgumentException("--load-seconds must not be negative");
        }
        if (warmup != null && warmup < 0) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        return new Args(n, endpoint, key, model, warmup != null ? warmup : -1, loadSeconds, peer);
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

    /** The collections this JVM's collectors counted, and the time they report (GarbageCollectorMXBean), summed over collectors. */
    record GcTime(long count, long millis) {
        static GcTime now() {
            long count = 0;
            long millis = 0;
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new GcTime(count, millis);
        }

        GcTime minus(GcTime earlier) {
            return new GcTime(count - earlier.count, millis - earlier.millis);
        }
    }
}
