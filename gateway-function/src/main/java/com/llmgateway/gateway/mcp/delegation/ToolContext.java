package com.llmgateway.gateway.mcp.delegation;

import com.llmgateway.core.http.CallerContext;

import java.util.function.Supplier;

/**
 * What a delegation tool call knows of its MCP request: the caller, the request ids its model
 * calls take ({@code <request id>-1}, {@code -2}...), and the request's Cache-Control.
 */
public record ToolContext(CallerContext caller, Supplier<String> nextRequestId, String cacheControl) {
}
