package com.llmgateway.auth;

import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.RouteDispatcher;

/** {@code GET /v1/me}: the caller's team, scopes, limits and budget left. */
final class MeRoute {

    private MeRoute() {
    }

    static RouteDispatcher.Handler of(MeService me) {
        return (request, caller) -> ApiResponse.json(200, me.me(caller));
    }
}
