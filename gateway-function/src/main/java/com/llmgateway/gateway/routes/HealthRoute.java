package com.llmgateway.gateway.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.GatewayConfig;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** {@code GET /health}: no key needed. */
public final class HealthRoute implements RouteDispatcher.Handler {

    private final GatewayConfig config;
    private final Clock clock;

    public HealthRoute(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallerContext caller) {
        ObjectNode o = Json.object();
        o.put("status", "healthy");
        o.put("service", "llm-gateway");
        o.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        o.put("version", config.version());
        return ApiResponse.json(200, o);
    }
}
