package com.llmgateway.usage;

import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.usage.report.Chargeback;
import com.llmgateway.usage.report.ChargebackCsv;
import com.llmgateway.usage.report.UsageService;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code GET /v1/usage} (a team's usage) and {@code GET /v1/usage/teams} (the chargeback report, JSON or CSV). */
final class UsageRoutes {

    private static final Set<String> USAGE_PARAMS = new TreeSet<>(List.of("days", "from", "to", "month", "team_id"));
    private static final Set<String> TEAMS_PARAMS = new TreeSet<>(List.of("month", "days", "from", "to", "format"));

    private UsageRoutes() {
    }

    static RouteDispatcher.Handler team(UsageService service) {
        return (request, caller) -> ApiResponse.json(200, service.teamReport(caller, known(request, "/v1/usage", USAGE_PARAMS)));
    }

    static RouteDispatcher.Handler teams(UsageService service) {
        return (request, caller) -> chargeback(service, request, caller);
    }

    private static ApiResponse chargeback(UsageService service, ApiRequest request, CallerContext caller) {
        Map<String, String> q = known(request, "/v1/usage/teams", TEAMS_PARAMS);
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

    /** The query parameters; a misspelt one must not silently give the default report. */
    private static Map<String, String> known(ApiRequest request, String path, Set<String> known) {
        Map<String, String> q = request.queryParameters();
        for (String name : q.keySet()) {
            if (!known.contains(name)) {
                throw GatewayException.badRequest("Unknown query parameter '" + Echo.cut(name) + "'; " + path + " takes "
                        + String.join(", ", known) + ".", Echo.cut(name));
            }
        }
        return q;
    }
}
