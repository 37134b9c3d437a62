package com.llmgateway.gateway.routes;

import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;

/**
 * {@code $default}: every path no route matches. The route is authorized, so a caller without a
 * key learns nothing about which paths exist; with one, an OpenAI-shaped 404.
 */
public final class UnknownRoute implements RouteDispatcher.Handler {

    @Override
    public ApiResponse handle(ApiRequest request, CallerContext caller) {
        throw RouteDispatcher.unknownRoute(request, "See GET /v1/models and POST /v1/chat/completions.");
    }
}
