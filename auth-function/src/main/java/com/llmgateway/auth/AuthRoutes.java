package com.llmgateway.auth;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteTable;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The auth-function's HTTP routes. Each first turns the authorizer's verdict into a caller
 * ({@link CallerContext#from}, which throws the 401/403 of a denial) and checks the route's scope
 * again, so a route is safe even if it were wired without the authorizer.
 */
final class AuthRoutes {

    private final RouteTable routes;
    private final TeamService teams;
    private final KeyService keys;
    private final MeService me;
    private final Clock clock;

    AuthRoutes(RouteTable routes, TeamService teams, KeyService keys, MeService me, Clock clock) {
        this.clock = clock;
        this.routes = routes;
        this.teams = teams;
        this.keys = keys;
        this.me = me;
    }

    ApiResponse handle(ApiRequest request) {
        RouteTable.Match match = resolve(request);
        RouteTable.Route route = match.route();
        CallerContext caller = CallerContext.from(request);
        caller.require(route.scope());
        Map<String, String> p = match.pathParameters();
        return switch (route.routeKey()) {
            case "GET /v1/me" -> ApiResponse.json(200, me.me(caller));
            case "GET /v1/teams" -> ApiResponse.json(200, AuthJson.list(teams.list(), AuthJson::team));
            case "POST /v1/teams" -> ApiResponse.json(201, AuthJson.team(teams.create(Fields.object(request, false))));
            case "GET /v1/teams/{teamId}" -> ApiResponse.json(200, AuthJson.team(teams.get(p.get("teamId"))));
            case "PATCH /v1/teams/{teamId}" -> ApiResponse.json(200,
                    AuthJson.team(teams.patch(p.get("teamId"), Fields.object(request, false), caller)));
            case "GET /v1/keys" -> ApiResponse.json(200, AuthJson.list(keys.list(request.query("team_id")), AuthJson::key));
            case "POST /v1/keys" -> secret(ApiResponse.json(201, AuthJson.issued(
                    keys.create(KeyRequests.create(Fields.object(request, false), clock.instant())), null)));
            case "DELETE /v1/keys/{keyId}" -> ApiResponse.json(200, AuthJson.key(keys.revoke(p.get("keyId"))));
            case "POST /v1/keys/{keyId}/rotate" -> secret(ApiResponse.json(201, AuthJson.issued(
                    keys.rotate(p.get("keyId"), KeyRequests.rotate(Fields.object(request, true), clock.instant())),
                    p.get("keyId"))));
            default -> throw unknownRoute(request);
        };
    }

    /** A response that carries a plaintext key: no cache along the way may keep it. */
    private static ApiResponse secret(ApiResponse r) {
        return r.withHeader("cache-control", "no-store");
    }

    /** The route by the event's route key (as HTTP API sends it), else by method and path. */
    private RouteTable.Match resolve(ApiRequest request) {
        Optional<RouteTable.Route> byKey = request.routeKey() == null ? Optional.empty() : routes.byKey(request.routeKey());
        RouteTable.Match match;
        if (byKey.isPresent() && !byKey.get().routeKey().equals("$default")) {
            Map<String, String> params = request.pathParameters();
            if (params.isEmpty() && byKey.get().path().contains("{")) {
                params = routes.match(request.method(), request.rawPath()).map(RouteTable.Match::pathParameters).orElse(Map.of());
            }
            match = new RouteTable.Match(byKey.get(), params);
        } else {
            match = routes.match(request.method(), request.rawPath()).orElseThrow(() -> unknownRoute(request));
        }
        if (!"auth".equals(match.route().function()) || !match.route().authorized()) {
            throw unknownRoute(request);
        }
        return match;
    }

    private static GatewayException unknownRoute(ApiRequest request) {
        return GatewayException.notFound("Unknown route " + request.method() + " " + request.rawPath() + ".", null, "unknown_route");
    }
}
