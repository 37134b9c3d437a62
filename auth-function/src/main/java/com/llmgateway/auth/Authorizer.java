package com.llmgateway.auth;

import com.llmgateway.core.keys.KeyCache;
import com.llmgateway.core.keys.KeyCheck;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.keys.ApiKeyStore;
import com.llmgateway.core.keys.TeamStore;

import java.time.Clock;
import java.util.Optional;

/**
 * Decides who is calling and whether the route lets them: key from the headers, lookup by hash
 * (through the {@link KeyCache}), revocation, expiry, team enabled, and the route's scope from the
 * route table. Throws the 401/403 as a {@link GatewayException}.
 */
final class Authorizer {

    private final ApiKeyStore keys;
    private final TeamStore teams;
    private final KeyCheck check;
    private final RouteTable routes;

    Authorizer(ApiKeyStore keys, TeamStore teams, KeyCache cache, RouteTable routes, Clock clock) {
        this.keys = keys;
        this.teams = teams;
        this.check = new KeyCheck(this::load, cache, clock);
        this.routes = routes;
    }

    /** The caller of the request's route; throws 401 (no, unknown, revoked or expired key) or 403. */
    CallerContext authorize(ApiRequest request) {
        CallerContext caller = authenticate(request);
        String scope = routeScope(request.routeKey());
        if (!caller.satisfies(scope)) {
            throw GatewayException.forbidden("This API key lacks the '" + scope + "' scope that "
                    + request.routeKey() + " needs.", "insufficient_scope");
        }
        return caller;
    }

    /** The caller of any key-bearing request, whatever the route: the rules of {@link KeyCheck}. */
    CallerContext authenticate(ApiRequest request) {
        return check.authenticate(request);
    }

    /**
     * The route's scope from the route table; a route the table does not know needs admin
     * (fail closed), and an unauthorized route needs nothing.
     */
    private String routeScope(String routeKey) {
        Optional<RouteTable.Route> route = routeKey == null ? Optional.empty() : routes.byKey(routeKey);
        if (route.isEmpty()) {
            return CallerContext.ADMIN;
        }
        return route.get().authorized() ? route.get().scope() : "any";
    }

    private Optional<KeyCache.Lookup> load(String hash) {
        return keys.findByHash(hash).map(k -> new KeyCache.Lookup(k, teams.get(k.teamId()).orElse(null)));
    }
}
