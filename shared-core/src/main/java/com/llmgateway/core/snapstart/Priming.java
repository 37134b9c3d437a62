package com.llmgateway.core.snapstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.observability.RequestMetrics;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SnapStart priming: a {@link Resource} whose {@code beforeCheckpoint} runs a function's dry run
 * once, before Lambda snapshots the initialised sandbox, so that a restored sandbox answers its
 * first request with its classes loaded, Jackson's and the SDK's (de)serializers built and the hot
 * paths compiled. The dry run must not call AWS or write anything: the functions run their real
 * handlers on throwaway SDK clients over a {@link CannedHttpClient}; request metrics are muted
 * meanwhile (a primed request is not a request).
 *
 * <p>A handler's no-argument constructor (the Lambda entry) calls {@link #register} and keeps the
 * returned resource in a field: CRaC's global context holds its resources weakly. On a JVM without
 * CRaC (locally, Lambda without SnapStart) nothing calls it. A failed dry run is logged and never
 * fails the checkpoint: the restored sandbox then only starts colder.
 */
public final class Priming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    /** The team id of the primed requests' caller (never stored: the store is canned). */
    public static final String TEAM_ID = "snapstart-priming";

    private final String function;
    private final Runnable dryRun;

    private Priming(String function, Runnable dryRun) {
        this.function = function;
        this.dryRun = dryRun;
    }

    /** Registers the dry run with CRaC's global context; keep the result reachable. */
    public static Priming register(String function, Runnable dryRun) {
        Priming p = new Priming(function, dryRun);
        Core.getGlobalContext().register(p);
        return p;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the sandbox's clients hold no connection opened before the snapshot
        // (priming never opens one) and read their credentials per request.
    }

    /** Runs the dry run now; false when it failed (logged). */
    public boolean prime() {
        long t0 = System.nanoTime();
        try {
            RequestMetrics.muted(dryRun);
            LOG.info("snapstart priming done function={} ms={}", function, (System.nanoTime() - t0) / 1_000_000);
            return true;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("snapstart priming failed function={} error={}", function, e.getClass().getSimpleName());
            return false;
        }
    }

    /** The authorizer context of a priming caller with these scopes (the team travels in it, as the authorizer puts it). */
    public static Map<String, String> caller(Set<String> scopes) {
        Team team = new Team(TEAM_ID, "SnapStart priming", "none", new RateLimits(1000, 1_000_000, 1_000_000), Map.of(),
                List.of("*"), new BigDecimal("1.00"), new CachePolicy(true, 60, false), true, null, null);
        return new CallerContext(TEAM_ID, "key_priming", scopes, team).toAuthorizerContext();
    }

    /** A real-shaped payload-2.0 event, as HTTP API sends it; {@code authorizer} null for an open route. */
    public static APIGatewayV2HTTPEvent event(String method, String path, String routeKey, Map<String, String> query,
                                              String body, Map<String, String> authorizer) {
        Map<String, String> headers = new HashMap<>(Map.of("host", "priming.execute-api.amazonaws.com",
                "user-agent", "snapstart-priming", "accept", "application/json"));
        if (body != null) {
            headers.put("content-type", "application/json");
            headers.put("content-length", Integer.toString(body.length()));
        }
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").withUserAgent("snapstart-priming").build();
        var rc = APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("snapstart-priming-" + System.nanoTime())
                .withRouteKey(routeKey).withStage("$default").withHttp(http).withTimeEpoch(System.currentTimeMillis());
        if (authorizer != null) {
            rc.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withLambda(new HashMap<>(authorizer)).build());
        }
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(routeKey).withRawPath(path)
                .withRawQueryString(query == null ? "" : String.join("&", query.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()))
                .withQueryStringParameters(query).withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(rc.build()).build();
    }

    /** The Lambda context of a primed invocation; {@link RequestMetrics#coldStart} ignores it. */
    public static com.amazonaws.services.lambda.runtime.Context context(String function) {
        return new LambdaContext(function);
    }

    /** Whether this is a priming invocation's context. */
    public static boolean isPriming(com.amazonaws.services.lambda.runtime.Context context) {
        return context instanceof LambdaContext;
    }

    private record LambdaContext(String function) implements com.amazonaws.services.lambda.runtime.Context {
        @Override public String getAwsRequestId() { return "snapstart-priming"; }
        @Override public String getLogGroupName() { return null; }
        @Override public String getLogStreamName() { return null; }
        @Override public String getFunctionName() { return function; }
        @Override public String getFunctionVersion() { return null; }
        @Override public String getInvokedFunctionArn() { return null; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 0; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
