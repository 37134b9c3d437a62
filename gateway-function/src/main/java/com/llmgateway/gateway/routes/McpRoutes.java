package com.llmgateway.gateway.routes;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.gateway.mcp.McpService;

import java.util.Map;

/** {@code POST /mcp} (MCP over Streamable HTTP) and {@code GET /mcp} (not offered: 405). */
public final class McpRoutes {

    private McpRoutes() {
    }

    /** POST /mcp: the service checks the body's size itself, so that a refused body is recorded. */
    public static RouteDispatcher.Handler post(McpService mcp) {
        return (request, caller) -> mcp.handle(request, caller, request.requestId());
    }

    public static RouteDispatcher.Handler get() {
        return (request, caller) -> {
            throw GatewayException.methodNotAllowed(
                    "The MCP endpoint takes POST (Streamable HTTP without server-sent streams); GET is not offered.")
                    .withHeaders(Map.of("allow", "POST"));
        };
    }
}
