package com.llmgateway.usage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import com.llmgateway.usage.report.Chargeback;
import com.llmgateway.usage.report.ChargebackCsv;
import com.llmgateway.usage.report.UsageService;
import com.llmgateway.usage.store.DynamoDbTeamDirectory;
import com.llmgateway.usage.store.DynamoDbUsageReader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * usage-function: {@code GET /v1/usage} (a team's usage) and {@code GET /v1/usage/teams} (the
 * chargeback report, JSON or CSV). Reads rollups only. Env: USAGE_TABLE, KEYS_TABLE.
 */
public final class UsageHandler implements RequestStreamHandler {

    private final UsageService service;

    public UsageHandler() {
        this(Env.system());
    }

    public UsageHandler(Env env) {
        this(service(DynamoDbClients.create(env), env, Clock.systemUTC()));
    }

    public UsageHandler(UsageService service) {
        this.service = service;
    }

    /** The service on a given client and clock (the local runtime and tests share one client). */
    public static UsageService service(DynamoDbClient ddb, Env env, Clock clock) {
        return new UsageService(new DynamoDbUsageReader(ddb, env.table(Tables.USAGE)),
                new DynamoDbTeamDirectory(ddb, env.table(Tables.KEYS)), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.handle(input, output, context, this::route);
    }

    private static final java.util.Set<String> USAGE_PARAMS = new java.util.TreeSet<>(java.util.List.of("days", "from", "to", "month", "team_id"));
    private static final java.util.Set<String> TEAMS_PARAMS = new java.util.TreeSet<>(java.util.List.of("month", "days", "from", "to", "format"));

    /** One request, as the local runtime and tests call it. */
    public ApiResponse handle(ApiRequest request) {
        return LambdaHttp.respond(request, this::route);
    }

    private ApiResponse route(ApiRequest request) {
        String path = request.rawPath().endsWith("/") && request.rawPath().length() > 1
                ? request.rawPath().substring(0, request.rawPath().length() - 1) : request.rawPath();
        if (!path.equals("/v1/usage") && !path.equals("/v1/usage/teams")) {
            throw GatewayException.notFound("Unknown route " + request.method() + " " + path + ".", null, "unknown_route");
        }
        if (!"GET".equalsIgnoreCase(request.method())) {
            throw GatewayException.methodNotAllowed(path + " accepts GET only.");
        }
        CallerContext caller = CallerContext.from(request);
        Map<String, String> q = request.queryParameters();
        // A misspelt parameter must not silently give the default report.
        java.util.Set<String> known = path.equals("/v1/usage") ? USAGE_PARAMS : TEAMS_PARAMS;
        for (String name : q.keySet()) {
            if (!known.contains(name)) {
                throw GatewayException.badRequest("Unknown query parameter '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                        + "'; " + path + " takes " + String.join(", ", known) + ".", name.length() > 40 ? null : name);
            }
        }
        if (path.equals("/v1/usage")) {
            return ApiResponse.json(200, service.teamReport(caller, q));
        }
        caller.require(CallerContext.FINOPS);
        String format = q.getOrDefault("format", "json").trim().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("csv")) {
            throw GatewayException.badRequest("format must be json or csv.", "format");
        }
        Chargeback report = service.chargeback(caller, q);
        if (format.equals("json")) {
            return ApiResponse.json(200, UsageService.chargebackJson(report));
        }
        String name = "usage-" + (report.period().month() != null ? report.period().month().toString()
                : report.period().start() + "_" + report.period().end()) + ".csv";
        return ApiResponse.text(200, "text/csv; charset=utf-8", ChargebackCsv.render(report))
                .withHeader("content-disposition", "attachment; filename=\"" + name + "\"");
    }
}
