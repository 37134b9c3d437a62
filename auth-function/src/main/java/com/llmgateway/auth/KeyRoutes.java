package com.llmgateway.auth;

import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.RouteDispatcher;

import java.time.Clock;

/** {@code GET/POST /v1/keys}, {@code DELETE /v1/keys/{keyId}}, {@code POST /v1/keys/{keyId}/rotate} (admin). */
final class KeyRoutes {

    private KeyRoutes() {
    }

    static RouteDispatcher.Handler list(KeyService keys) {
        return (request, caller) -> ApiResponse.json(200, AuthJson.list(keys.list(request.query("team_id")), AuthJson::key));
    }

    static RouteDispatcher.Handler create(KeyService keys, Clock clock) {
        return (request, caller) -> secret(ApiResponse.json(201, AuthJson.issued(
                keys.create(KeyRequests.create(Fields.object(request, false), clock.instant())), null)));
    }

    static RouteDispatcher.Handler revoke(KeyService keys) {
        return (request, caller) -> ApiResponse.json(200, AuthJson.key(keys.revoke(request.path("keyId"))));
    }

    static RouteDispatcher.Handler rotate(KeyService keys, Clock clock) {
        return (request, caller) -> secret(ApiResponse.json(201, AuthJson.issued(
                keys.rotate(request.path("keyId"), KeyRequests.rotate(Fields.object(request, true), clock.instant())),
                request.path("keyId"))));
    }

    /** A response that carries a plaintext key: no cache along the way may keep it. */
    private static ApiResponse secret(ApiResponse r) {
        return r.withHeader("cache-control", "no-store");
    }
}
