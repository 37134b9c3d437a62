package com.llmgateway.core.http;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.team.TeamJson;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the verdict of the Lambda authorizer, carried to the functions in
 * {@code requestContext.authorizer.lambda}. Values are strings (the team travels as its JSON) so
 * the context survives any API Gateway flavour unchanged.
 *
 * <p>HTTP API cannot shape an authorizer's denial (it answers a bare {"message":"Forbidden"}),
 * so the authorizer allows the call through with a denial verdict ({@code deny_status},
 * {@code deny_code}, {@code deny_message}) and {@link #from(ApiRequest)} turns it into the
 * OpenAI-shaped 401/403 before the function does any work.
 */
public record CallerContext(String teamId, String keyId, Set<String> scopes, Team team) {

    public static final String INVOKE = "invoke";
    public static final String FINOPS = "finops";
    public static final String ADMIN = "admin";

    public CallerContext {
        scopes = Set.copyOf(scopes);
    }

    /** True when the key holds the scope; admin holds every scope. */
    public boolean has(String scope) {
        return scopes.contains(ADMIN) || scopes.contains(scope);
    }

    /** "any", "invoke", "finops" or "admin" as in the route table. */
    public boolean satisfies(String routeScope) {
        return routeScope == null || routeScope.equals("any") || has(routeScope);
    }

    public void require(String scope) {
        if (!satisfies(scope)) {
            throw GatewayException.forbidden("This API key lacks the '" + scope + "' scope that this route needs.",
                    "insufficient_scope");
        }
    }

    /** The caller of an authorized route; throws the authorizer's denial as a 401/403. */
    public static CallerContext from(ApiRequest request) {
        Map<String, String> ctx = request.authorizer();
        String denyStatus = ctx.get("deny_status");
        if (denyStatus != null) {
            int status = Integer.parseInt(denyStatus);
            String message = ctx.getOrDefault("deny_message", "Access denied.");
            String type = ctx.get("deny_type");
            if (status == 401) {
                throw new GatewayException(401, type == null ? "invalid_request_error" : type,
                        ctx.getOrDefault("deny_code", "invalid_api_key"), null, message);
            }
            if (status >= 500) {
                // the authorizer could not decide (its store was unavailable): a retryable fault, not a denial
                throw new GatewayException(status, type == null ? "api_error" : type,
                        ctx.getOrDefault("deny_code", "service_unavailable"), null, message, Map.of("retry-after", "1"), null);
            }
            throw new GatewayException(status, type == null ? "permission_denied" : type,
                    ctx.getOrDefault("deny_code", "permission_denied"), null, message);
        }
        String teamId = ctx.get("team_id");
        String teamJson = ctx.get("team");
        if (teamId == null || teamJson == null) {
            throw GatewayException.unauthorized("No valid API key was provided. Send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'.");
        }
        Set<String> scopes = Arrays.stream(ctx.getOrDefault("scopes", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        return new CallerContext(teamId, ctx.get("key_id"), scopes, TeamJson.fromJson(Json.parse(teamJson)));
    }

    /** The authorizer's context for an allowed caller. */
    public Map<String, String> toAuthorizerContext() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("team_id", teamId);
        out.put("key_id", keyId);
        out.put("scopes", String.join(",", scopes));
        out.put("team", Json.write(TeamJson.toJson(team)));
        return out;
    }

    /** The authorizer's context for a denied caller. */
    public static Map<String, String> denial(GatewayException e) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("deny_status", Integer.toString(e.status()));
        out.put("deny_type", e.type());
        out.put("deny_code", e.code() == null ? "" : e.code());
        out.put("deny_message", e.getMessage());
        return out;
    }
}
