package com.llmgateway.usage;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.LambdaEvents;
import com.llmgateway.core.snapstart.CannedHttpClient;
import com.llmgateway.core.snapstart.Priming;
import com.llmgateway.core.store.DynamoDbClients;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * usage-function's SnapStart dry run: its real handler on a throwaway DynamoDB client over a
 * {@link CannedHttpClient} (no rollups there) answers a team report, the all-teams report and its
 * CSV export. Nothing leaves the JVM; the sandbox's own client stays as built.
 */
public final class UsagePriming {

    private UsagePriming() {
    }

    public static void dryRun(Env env) {
        dryRun(env, CannedHttpClient.dynamoDb());
    }

    /** The dry run; the responses' status codes, in order. */
    public static List<Integer> dryRun(Env env, CannedHttpClient http) {
        UsageHandler handler = new UsageHandler(UsageWiring.on(DynamoDbClients.onHttpClient(env, http), env, Clock.systemUTC()));
        var context = Priming.context("usage");
        var finops = Priming.caller(Set.of("finops"));
        List<Integer> statuses = new ArrayList<>();
        statuses.add(LambdaEvents.roundTrip(handler::handleRequest, Priming.event("GET", "/v1/usage", "GET /v1/usage", Map.of("days", "7"), null, finops),
                context).getStatusCode());
        statuses.add(LambdaEvents.roundTrip(handler::handleRequest, Priming.event("GET", "/v1/usage/teams", "GET /v1/usage/teams", Map.of("days", "30"), null,
                finops), context).getStatusCode());
        statuses.add(LambdaEvents.roundTrip(handler::handleRequest, Priming.event("GET", "/v1/usage/teams", "GET /v1/usage/teams",
                Map.of("format", "csv"), null, finops), context).getStatusCode());
        return statuses;
    }
}
