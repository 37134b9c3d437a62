package com.llmgateway.auth;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.snapstart.CannedHttpClient;
import com.llmgateway.core.snapstart.Priming;
import com.llmgateway.core.store.DynamoDbClients;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * auth-function's SnapStart dry run: its real handler on a throwaway DynamoDB client over a
 * {@link CannedHttpClient} (no key, no team, no usage there) answers an authorizer event through
 * the stream entry (the runtime's event mapping), {@code GET /v1/me} and {@code GET /v1/teams/{id}}.
 * Nothing leaves the JVM; the sandbox's own client and key cache stay as built.
 */
public final class AuthPriming {

    private AuthPriming() {
    }

    public static void dryRun(Env env) {
        dryRun(env, CannedHttpClient.dynamoDb());
    }

    /** The dry run; what each event answered (the authorizer's JSON, then the routes' status codes). */
    public static List<String> dryRun(Env env, CannedHttpClient http) {
        AuthHandler handler = new AuthHandler(AuthWiring.on(DynamoDbClients.onHttpClient(env, http), env, Clock.systemUTC()));
        var context = Priming.context("auth");
        List<String> answers = new ArrayList<>();
        var authorizer = Priming.event("GET", "/v1/models", "GET /v1/models", null, null, null);
        authorizer.getHeaders().put("x-api-key", "lgw_snapstartpriming0000000000000000000000000000");
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(authorizer);
        event.put("type", "REQUEST");
        event.put("routeArn", "arn:aws:execute-api:us-east-1:000000000000:priming/$default/GET/v1/models");
        event.putArray("identitySource").add("lgw_snapstartpriming0000000000000000000000000000");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        answers.add(out.toString(StandardCharsets.UTF_8));
        var admin = Priming.caller(Set.of("admin"));
        answers.add(Integer.toString(handler.routes().handleRequest(
                Priming.event("GET", "/v1/me", "GET /v1/me", null, null, admin), context).getStatusCode()));
        var team = Priming.event("GET", "/v1/teams/" + Priming.TEAM_ID, "GET /v1/teams/{teamId}", null, null, admin);
        team.setPathParameters(java.util.Map.of("teamId", Priming.TEAM_ID));
        answers.add(Integer.toString(handler.routes().handleRequest(team, context).getStatusCode()));
        return answers;
    }
}
