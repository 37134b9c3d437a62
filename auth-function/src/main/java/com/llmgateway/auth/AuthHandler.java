package com.llmgateway.auth;

import com.llmgateway.core.keys.KeyCache;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.LambdaEvents;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.snapstart.ParallelInit;
import com.llmgateway.core.snapstart.Priming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * auth-function's Lambda entry point. One Lambda function serves two kinds of event, so that a
 * key's lookup cache is shared by the authorizer and the key routes that revoke it: the HTTP API
 * Lambda authorizer's ({@code "type":"REQUEST"} with a {@code routeArn}), answered by
 * {@link AuthorizerHandler}, and payload-2.0 requests of the team, key and /v1/me routes, answered
 * by {@link AuthRoutesHandler}. Both take and return the {@code aws-lambda-java-events} types;
 * this entry tells the kinds apart and reads each into its type with the runtime's mapping
 * ({@link LambdaEvents}), as the managed runtime would for a handler of that type.
 */
public final class AuthHandler implements RequestStreamHandler {

    private final AuthorizerHandler authorizer;
    private final AuthRoutesHandler routes;

    /** SnapStart's hook (held here: CRaC keeps resources weakly); null off Lambda's entry. */
    private final Priming priming;

    /**
     * For the Lambda runtime: the sandbox's DynamoDB client and settings from the process
     * environment, once, and the SnapStart priming hook ({@link AuthPriming}).
     */
    public AuthHandler() {
        this(AuthWiring.create(startInit()), true);
    }

    /** Lambda's init: logging on this thread while a second one warms the rest ({@link ParallelInit}). */
    private static Env startInit() {
        ParallelInit.begin();
        return Env.system();
    }

    /** With given collaborators: tests, and the local runtime (its own client and environment). */
    public AuthHandler(AuthWiring w) {
        this(w, false);
    }

    private AuthHandler(AuthWiring w, boolean snapStart) {
        this.priming = snapStart ? Priming.register("auth", () -> AuthPriming.dryRun(Env.system())) : null;
        RouteTable table = RouteTable.load();
        KeyCache cache = new KeyCache(w.config().keyCacheTtl(), w.clock());
        this.authorizer = new AuthorizerHandler(new Authorizer(w.keys(), w.teams(), cache, table, w.clock()));
        this.routes = new AuthRoutesHandler(table, new MeService(w.spend(), w.clock()),
                new TeamService(w.teams(), new TeamRequests(w.catalog()), cache, w.clock()),
                new KeyService(w.keys(), w.teams(), cache, w.clock()), w.clock());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event;
        try {
            event = LambdaEvents.MAPPER.readTree(input);
        } catch (JsonProcessingException notJson) {
            LambdaEvents.write(ApiResponse.error(GatewayException.badRequest("The request event is not valid JSON.", null)).toEvent(), output);
            return;
        }
        if (isAuthorizerEvent(event)) {
            LambdaEvents.write(authorizer.handleRequest(LambdaEvents.readAuthorizer(event), context), output);
        } else {
            LambdaEvents.write(routes.handleRequest(LambdaEvents.readHttp(event), context), output);
        }
    }

    /** The authorizer's payload-2.0 event: {@code "type":"REQUEST"} and the {@code routeArn} it authorizes. */
    static boolean isAuthorizerEvent(JsonNode event) {
        return event != null && "REQUEST".equals(event.path("type").asText(null)) && event.hasNonNull("routeArn");
    }

    /** The typed handler of the authorizer's events. */
    public AuthorizerHandler authorizer() {
        return authorizer;
    }

    /** The typed handler of the HTTP routes' events. */
    public AuthRoutesHandler routes() {
        return routes;
    }

    /** The route keys served (the table's for "auth"). */
    public Set<String> routeKeys() {
        return routes.routeKeys();
    }
}
