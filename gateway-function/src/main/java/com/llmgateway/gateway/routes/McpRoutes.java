package com.llmgateway.gateway.routes;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.gateway.mcp.McpService;

import java.util.Map;

/** {@code POST /mcp} (MCP over Streamable HTTP) and {@code GET /mcp} (not offered: 405). */
public final class McpRoutes {

    private McpRoutes() {
    }

    public static RouteDispatcher.Handler post(McpService mcp, long maxBodyBytes) {
        return (request, caller) -> {
            if (request.bodyBytes() > maxBodyBytes) {
                throw GatewayException.payloadTooLarge(maxBodyBytes);
            }
            return mcp.handle(request, request.requestId());
        };
    }

    public static RouteDispatcher.Handler get() {
        return (request, caller) -> {
            throw GatewayException.methodNotAllowed(
                    "The MCP endpoint takes POST (Streamable HTTP without server-sent streams); GET is not offered.")
                    .withHeaders(Map.of("allow", "POST"));
        };
    }
}
