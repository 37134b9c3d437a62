package com.llmgateway.usage.bench;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.usage.UsageData;
import com.llmgateway.usage.UsageEvents;
import com.llmgateway.usage.UsageHandler;
import com.llmgateway.usage.UsageWiring;
import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark (a program, not a test): fills the usage table in the DynamoDB stand-in with 1,000 and then
 * 100,000 requests' worth of ledger items and rollups (BatchWriteItem, not the model path), and
 * prints the 30-day report's latency and the number of items it reads, for both. The report reads
 * rollups only, so both figures should stay flat as the request count grows 100-fold.
 *
 * <p>Run with {@code scripts/bench-usage.sh}.
 */
public final class UsageReportBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final List<String> MODELS = List.of("nova-micro", "claude-haiku-4-5", "claude-sonnet-4-5", "llama3-3-70b");
    private static final int RUNS = 30;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[]{1_000, 100_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (LocalDynamoDb db = new LocalDynamoDb("bench-")) {
            UsageData data = new UsageData(db.client, db.env);
            UsageHandler handler = new UsageHandler(UsageWiring.on(db.client, new Env(db.env), Clock.fixed(NOW, ZoneOffset.UTC)));
            DynamoDbUsageReader reader = new DynamoDbUsageReader(db.client, db.env.get("USAGE_TABLE"));
            System.out.printf("%-10s %-12s %-14s %-12s %-12s %-12s %-10s%n",
                    "requests", "ledger_items", "rollup_items", "items_read", "p50_ms", "p95_ms", "fill_s");
            for (int n : sizes) {
                String teamId = "bench-" + n;
                data.team(teamId, "Bench " + n, "CC-BENCH", "1000");
                long t0 = System.nanoTime();
                int rollups = fill(data, teamId, n);
                double fillSeconds = (System.nanoTime() - t0) / 1e9;
                Team team = new Team(teamId, "Bench " + n, "CC-BENCH", new RateLimits(60, 1000, 1000), Map.of(),
                        List.of("*"), new BigDecimal("1000"), new CachePolicy(true, 60, false), true, null, null);
                var req = UsageEvents.get("/v1/usage", "days=30", Map.of("days", "30"),
                        new CallerContext(teamId, "k", Set.of("invoke"), team));
                long[] ms = new long[RUNS];
                for (int i = -20; i < RUNS; i++) { // twenty warm-up runs (JIT)
                    long s = System.nanoTime();
                    ApiResponse r = UsageEvents.response(handler.handle(req, null));
                    long e = (System.nanoTime() - s) / 1_000_000;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("report failed: " + r.body());
                    }
                    if (i >= 0) {
                        ms[i] = e;
                    }
                }
                Arrays.sort(ms);
                int itemsRead = reader.teamDays(teamId, LocalDate.of(2026, 10, 27), LocalDate.of(2026, 11, 25)).size();
                System.out.printf("%-10d %-12d %-14d %-12d %-12d %-12d %-10.1f%n", n, n, rollups, itemsRead + 1,
                        ms[RUNS / 2], ms[(int) Math.ceil(RUNS * 0.95) - 1], fillSeconds);
            }
            System.out.println("items_read = day rollups of the 30 days (days x models) + the month item (budget).");
        }
        System.exit(0); // ends the program whatever thread the SDK leaves behind
    }

    /** Writes n ledger items spread over the last 30 days and 4 models, plus the rollups that sum them. */
    private static int fill(UsageData data, String teamId, int n) throws Exception {
        Map<String, Counters> days = new HashMap<>();
        Map<YearMonth, Counters> months = new HashMap<>();
        List<Map<String, AttributeValue>> ledger = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LocalDate day = LocalDate.of(2026, 11, 25).minusDays(i % 30);
            String model = MODELS.get((i / 30) % MODELS.size()); // every model on every day
            long in = 200 + i % 500;
            long out = 50 + i % 300;
            BigDecimal cost = BigDecimal.valueOf(in * 3 + out * 15, 6);
            int status = i % 50 == 0 ? 502 : 200;
            String time = day + "T" + String.format("%02d:%02d:%02dZ", i % 24, i % 60, (i / 60) % 60);
            ledger.add(UsageData.ledgerItem("bench-" + teamId + "-" + i, time, teamId, model, in, out, cost, status));
            Counters c = new Counters(1, in, out, 0, 0, cost, BigDecimal.ZERO, 0, status >= 400 ? 1 : 0);
            days.merge(day + "|" + model, c, Counters::plus);
            months.merge(YearMonth.from(day), c, Counters::plus);
        }
        List<Map<String, AttributeValue>> rollups = new ArrayList<>();
        days.forEach((k, c) -> rollups.add(UsageData.dayItem(teamId, LocalDate.parse(k.split("\\|")[0]), k.split("\\|")[1], c)));
        months.forEach((m, c) -> rollups.add(UsageData.monthItem(teamId, m, c, BigDecimal.ZERO)));
        List<Map<String, AttributeValue>> all = new ArrayList<>(ledger);
        all.addAll(rollups);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        int chunk = Math.max(25, (all.size() / 8 / 25 + 1) * 25);
        for (int from = 0; from < all.size(); from += chunk) {
            List<Map<String, AttributeValue>> part = all.subList(from, Math.min(all.size(), from + chunk));
            done.add(pool.submit(() -> data.write(part)));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return rollups.size();
    }
}
