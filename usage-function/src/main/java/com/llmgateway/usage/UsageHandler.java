package com.llmgateway.usage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.LambdaEvents;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.snapstart.ParallelInit;
import com.llmgateway.core.snapstart.Priming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * usage-function: {@code GET /v1/usage} and {@code GET /v1/usage/teams} ({@link UsageRoutes}),
 * and the FinOps dashboard's page and files ({@link DashboardRoutes}), dispatched from
 * {@code routes.json}, which also gives each its scope. Reads rollups only.
 */
public final class UsageHandler implements RequestStreamHandler {

    private final RouteDispatcher routes;

    /** SnapStart's hook (held here: CRaC keeps resources weakly); null off Lambda's entry. */
    private final Priming priming;

    /**
     * For the Lambda runtime: the sandbox's DynamoDB client from the process environment, once,
     * and the SnapStart priming hook ({@link UsagePriming}).
     */
    public UsageHandler() {
        this(UsageWiring.create(startInit()), true);
    }

    /** Lambda's init: logging on this thread while a second one warms the rest ({@link ParallelInit}). */
    private static Env startInit() {
        ParallelInit.begin();
        return Env.system();
    }

    /** With given collaborators: tests, and the local runtime (its own client and environment). */
    public UsageHandler(UsageWiring wiring) {
        this(wiring, false);
    }

    private UsageHandler(UsageWiring wiring, boolean snapStart) {
        this.priming = snapStart ? Priming.register("usage", () -> UsagePriming.dryRun(Env.system())) : null;
        this.routes = RouteDispatcher.forFunction("usage", RouteTable.load())
                .route(UsageRoutes.team(wiring), "GET /v1/usage")
                .route(UsageRoutes.teams(wiring), "GET /v1/usage/teams")
                .route(DashboardRoutes.page(), "GET /dashboard")
                .route(DashboardRoutes.asset(), "GET /dashboard/{asset}")
                .build();
    }

    /**
     * Lambda's entry: the payload-2.0 event read with the functions' own Jackson
     * ({@link LambdaEvents}) rather than the managed runtime's serializer, which a typed handler
     * would make the runtime build on the first invoke (issue 15's cold start).
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaEvents.serveHttp(input, output, context, this::handle);
    }

    /** One event, typed: what the stream entry calls; tests call it directly. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaHttp.handle(event, context, routes::dispatch);
    }

    /** The route keys served (the table's for "usage"). */
    public Set<String> routeKeys() {
        return routes.routeKeys();
    }
}
