package com.llmgateway.gateway.metering.bench;

import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.gateway.metering.Admission;
import com.llmgateway.gateway.metering.AdmissionRequest;
import com.llmgateway.gateway.metering.DynamoDbAdmissionControl;
import com.llmgateway.gateway.metering.DynamoDbUsageRecorder;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.core.testing.LocalDynamoDb;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Benchmark (a program, not a test): what metering adds to one model call against the DynamoDB stand-in,
 * sequentially: admission (round 1) and the ledger (round 2), with and without a budget.
 * Run with {@code scripts/bench-usage.sh metering}.
 */
public final class MeteringBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        LocalDynamoDb db = new LocalDynamoDb();
        Map<String, String> e = new HashMap<>(db.env);
        var ddb = db.client;
        e.putAll(db.createTables("bench-"));
        Env env = new Env(e);
        var admission = DynamoDbAdmissionControl.create(ddb, env);
        var recorder = DynamoDbUsageRecorder.create(ddb, env);
        ModelInfo model = ModelCatalog.load(Map.of()).resolve("nova-micro").orElseThrow();
        System.out.printf("%-10s %-8s %-12s %-12s %-12s %-12s%n", "budget", "calls", "admit_p50", "admit_p95", "record_p50", "record_p95");
        for (String budget : new String[]{null, "1000000"}) {
            Team team = new Team("bench-" + budget, "Bench", "CC", new RateLimits(1_000_000, 1_000_000_000, 1_000_000_000),
                    Map.of(), List.of("*"), budget == null ? null : new BigDecimal(budget), new CachePolicy(true, 60, false), true, null, null);
            CallerContext caller = new CallerContext(team.teamId(), "k", Set.of("invoke"), team);
            double[] admitMs = new double[n];
            double[] recordMs = new double[n];
            for (int i = -200; i < n; i++) { // 200 warm-up calls
                String id = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                Admission a = admission.admit(new AdmissionRequest(id, caller, model, "chat", 120, 256, null));
                long t1 = System.nanoTime();
                TokenUsage u = new TokenUsage(110, 60);
                if (!recorder.record(new Outcome(id, null, caller, "chat", model, u, CostCalculator.cost(model, u),
                        BigDecimal.ZERO, 300, 5, 200, null, false, a))) {
                    throw new IllegalStateException("record failed");
                }
                long t2 = System.nanoTime();
                if (i >= 0) {
                    admitMs[i] = (t1 - t0) / 1e6;
                    recordMs[i] = (t2 - t1) / 1e6;
                }
            }
            Arrays.sort(admitMs);
            Arrays.sort(recordMs);
            System.out.printf("%-10s %-8d %-12.2f %-12.2f %-12.2f %-12.2f%n", budget == null ? "none" : "yes", n,
                    admitMs[n / 2], admitMs[(int) (n * 0.95)], recordMs[n / 2], recordMs[(int) (n * 0.95)]);
        }
        ddb.close();
        db.close();
        System.exit(0); // ends the program whatever thread the SDK leaves behind
    }
}
