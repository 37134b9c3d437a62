package com.llmgateway.gateway.routes;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.gateway.mcp.McpService;

import java.util.Map;

/**
 * {@code POST /mcp} (MCP over Streamable HTTP) and {@code GET /mcp} (not offered: 405). A key
 * refused on either is answered as the MCP authorization spec has it ({@link McpService#refused}).
 */
public final class McpRoutes {

    private McpRoutes() {
    }

    /** POST /mcp: the service checks the body's size and encoding itself, so that a refused body is recorded. */
    public static final class Post implements RouteDispatcher.Handler {
        private final McpService mcp;

        public Post(McpService mcp) {
            this.mcp = mcp;
        }

        @Override
        public ApiResponse handle(ApiRequest request, CallerContext caller) {
            return mcp.handle(request, caller, request.requestId());
        }

        @Override
        public ApiResponse refused(ApiRequest request, GatewayException refusal) {
            return McpService.refused(request, refusal);
        }
    }

    public static RouteDispatcher.Handler post(McpService mcp) {
        return new Post(mcp);
    }

    public static RouteDispatcher.Handler get() {
        return new RouteDispatcher.Handler() {
            @Override
            public ApiResponse handle(ApiRequest request, CallerContext caller) {
                throw GatewayException.methodNotAllowed(
                        "The MCP endpoint takes POST (Streamable HTTP without server-sent streams); GET is not offered.")
                        .withHeaders(Map.of("allow", "POST"));
            }

            @Override
            public ApiResponse refused(ApiRequest request, GatewayException refusal) {
                return McpService.refused(request, refusal);
            }
        };
    }
}
