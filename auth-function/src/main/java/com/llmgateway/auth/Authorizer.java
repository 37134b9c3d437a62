package com.llmgateway.auth;

import com.llmgateway.core.keys.KeyCache;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.keys.ApiKey;
import com.llmgateway.core.keys.ApiKeyStore;
import com.llmgateway.core.keys.ApiKeys;
import com.llmgateway.core.keys.TeamStore;
import com.llmgateway.core.team.Team;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides who is calling and whether the route lets them: key from the headers, lookup by hash
 * (through the {@link KeyCache}), revocation, expiry, team enabled, and the route's scope from the
 * route table. Throws the 401/403 as a {@link GatewayException}.
 */
final class Authorizer {

    private final ApiKeyStore keys;
    private final TeamStore teams;
    private final KeyCache cache;
    private final RouteTable routes;
    private final Clock clock;

    Authorizer(ApiKeyStore keys, TeamStore teams, KeyCache cache, RouteTable routes, Clock clock) {
        this.keys = keys;
        this.teams = teams;
        this.cache = cache;
        this.routes = routes;
        this.clock = clock;
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

    /** The caller of any key-bearing request, whatever the route. */
    CallerContext authenticate(ApiRequest request) {
        String presented = presentedKey(request);
        if (presented == null) {
            throw new GatewayException(401, "invalid_request_error", "missing_api_key", null,
                    "No API key was provided. Send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'.");
        }
        if (!ApiKeys.isWellFormed(presented)) {
            throw invalidKey();
        }
        String hash = ApiKeys.sha256Hex(presented);
        KeyCache.Lookup found = cache.get(hash, () -> load(hash)).orElseThrow(Authorizer::invalidKey);
        ApiKey key = found.key();
        Instant now = clock.instant();
        if (key.revoked()) {
            throw new GatewayException(401, "invalid_request_error", "api_key_revoked", null,
                    "This API key (" + key.hint() + ") was revoked.");
        }
        if (key.expiredAt(now)) {
            throw new GatewayException(401, "invalid_request_error", "api_key_expired", null,
                    "This API key (" + key.hint() + ") expired at " + key.expiresAt() + ".");
        }
        Team team = found.team();
        if (team == null) {
            throw invalidKey();
        }
        if (!team.enabled()) {
            throw GatewayException.forbidden("Team '" + team.teamId() + "' is disabled.", "team_disabled");
        }
        return new CallerContext(team.teamId(), key.keyId(), key.scopes(), team);
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

    /**
     * The key the request presents: {@code x-api-key} first, else {@code Authorization: Bearer}.
     * Any other Authorization scheme (an AWS SigV4 signature, say) is not a key and is ignored.
     */
    static String presentedKey(ApiRequest request) {
        String xApiKey = request.header("x-api-key");
        if (xApiKey != null && !xApiKey.isBlank()) {
            return xApiKey.trim();
        }
        String authorization = request.header("authorization");
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static GatewayException invalidKey() {
        return GatewayException.unauthorized("Incorrect API key provided.");
    }
}
