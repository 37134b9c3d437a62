package com.llmgateway.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interim authorizer for the local runtime while no key bootstrap is wired (see
 * {@link LocalGateway.Options#seeder()}): it lets every request through as the fixed team
 * {@code demo} holding every scope, in the simple-response shape of an HTTP API authorizer.
 * Never deployed; the real authorizer is the auth function.
 */
public final class DemoTeamAuthorizer implements RequestStreamHandler {

    public static final String TEAM_ID = "demo";

    private final byte[] answer;

    public DemoTeamAuthorizer() {
        String now = Instant.now().toString();
        Team team = new Team(TEAM_ID, "Demo team", "CC-DEMO", new RateLimits(100_000, 100_000_000, 100_000_000),
                Map.of(), List.of("*"), null, new CachePolicy(true, 3600, false), true, now, now);
        CallerContext caller = new CallerContext(TEAM_ID, "local-demo",
                Set.of(CallerContext.INVOKE, CallerContext.FINOPS, CallerContext.ADMIN), team);
        ObjectNode out = Json.object();
        out.put("isAuthorized", true);
        ObjectNode ctx = out.putObject("context");
        caller.toAuthorizerContext().forEach(ctx::put);
        this.answer = Json.bytes(out);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(answer);
        output.flush();
    }
}
