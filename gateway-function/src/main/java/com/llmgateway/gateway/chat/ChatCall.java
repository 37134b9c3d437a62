package com.llmgateway.gateway.chat;

import com.llmgateway.core.http.CallerContext;

import java.util.Objects;

/**
 * What the pipeline knows of a chat request besides its content: who calls, under which request
 * id, from which protocol, with which cache directives.
 *
 * @param route        the ledger's route name: {@link ChatService#ROUTE}, {@link ChatService#CONVERSE_ROUTE}
 *                     or {@link ChatService#MCP_ROUTE}
 * @param cacheControl the request's Cache-Control header, or null
 * @param bodyBytes    the size of the request body as received (checked against the gateway's limit)
 * @param tool         the MCP tool that made the call (the ledger's {@code tool}), or null off MCP
 */
public record ChatCall(CallerContext caller, String requestId, String route, String cacheControl, long bodyBytes,
                       String tool) {

    /** A call made by no MCP tool. */
    public ChatCall(CallerContext caller, String requestId, String route, String cacheControl, long bodyBytes) {
        this(caller, requestId, route, cacheControl, bodyBytes, null);
    }

    public ChatCall {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(route, "route");
    }
}
