package com.llmgateway.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.core.http.RouteTable;

import java.util.Set;

/** auth-function's HTTP routes (/v1/me, /v1/teams*, /v1/keys*), dispatched from {@code routes.json}. */
public final class AuthRoutesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final RouteDispatcher routes;

    AuthRoutesHandler(RouteTable table, MeService me, TeamService teams, KeyService keys, java.time.Clock clock) {
        this.routes = RouteDispatcher.forFunction("auth", table)
                .route(MeRoute.of(me), "GET /v1/me")
                .route(TeamRoutes.list(teams), "GET /v1/teams")
                .route(TeamRoutes.create(teams), "POST /v1/teams")
                .route(TeamRoutes.get(teams), "GET /v1/teams/{teamId}")
                .route(TeamRoutes.patch(teams), "PATCH /v1/teams/{teamId}")
                .route(KeyRoutes.list(keys), "GET /v1/keys")
                .route(KeyRoutes.create(keys, clock), "POST /v1/keys")
                .route(KeyRoutes.revoke(keys), "DELETE /v1/keys/{keyId}")
                .route(KeyRoutes.rotate(keys, clock), "POST /v1/keys/{keyId}/rotate")
                .build();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaHttp.handle(event, context, routes::dispatch);
    }

    Set<String> routeKeys() {
        return routes.routeKeys();
    }
}
