package com.llmgateway.usage;

import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.usage.report.Chargeback;
import com.llmgateway.usage.report.ChargebackCsv;
import com.llmgateway.usage.report.FocusCsv;
import com.llmgateway.usage.report.UsageService;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /v1/usage} (a team's usage, JSON or FOCUS) and {@code GET /v1/usage/teams} (the
 * chargeback report, JSON, CSV or FOCUS 1.2 CSV: {@link FocusCsv}).
 */
final class UsageRoutes {

    private static final Set<String> USAGE_PARAMS = new TreeSet<>(List.of("days", "from", "to", "month", "team_id", "format"));
    private static final Set<String> TEAMS_PARAMS = new TreeSet<>(List.of("month", "days", "from", "to", "format"));

    private UsageRoutes() {
    }

    static RouteDispatcher.Handler team(UsageWiring wiring) {
        return (request, caller) -> {
            Map<String, String> q = known(request, "/v1/usage", USAGE_PARAMS);
            String format = format(q, "json", "focus");
            if (format.equals("json")) {
                return ApiResponse.json(200, wiring.service().teamReport(caller, q));
            }
            UsageService.TeamUsage usage = wiring.service().teamUsage(caller, q);
            return focus(usage.asChargeback(), wiring, "usage-" + usage.team().teamId() + "-");
        };
    }

    static RouteDispatcher.Handler teams(UsageWiring wiring) {
        return (request, caller) -> chargeback(wiring, request, caller);
    }

    private static ApiResponse chargeback(UsageWiring wiring, ApiRequest request, CallerContext caller) {
        Map<String, String> q = known(request, "/v1/usage/teams", TEAMS_PARAMS);
        String format = format(q, "json", "csv", "focus");
        Chargeback report = wiring.service().chargeback(caller, q);
        if (format.equals("json")) {
            return ApiResponse.json(200, UsageService.chargebackJson(report));
        }
        if (format.equals("focus")) {
            return focus(report, wiring, "usage-");
        }
        return ApiResponse.text(200, "text/csv; charset=utf-8", ChargebackCsv.render(report))
                .withHeader("content-disposition", "attachment; filename=\"usage-" + periodName(report) + ".csv\"");
    }

    private static ApiResponse focus(Chargeback report, UsageWiring wiring, String prefix) {
        return ApiResponse.text(200, "text/csv; charset=utf-8", FocusCsv.render(report, wiring.catalog()))
                .withHeader("content-disposition", "attachment; filename=\"" + prefix + periodName(report) + "-focus.csv\"");
    }

    private static String periodName(Chargeback report) {
        return report.period().month() != null ? report.period().month().toString()
                : report.period().start() + "_" + report.period().end();
    }

    /** The {@code format} parameter, one of {@code allowed} (the first is the default). */
    private static String format(Map<String, String> q, String... allowed) {
        String format = q.getOrDefault("format", allowed[0]).trim().toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(format)) {
            throw GatewayException.badRequest("format must be " + String.join(" or ", allowed) + ".", "format");
        }
        return format;
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
