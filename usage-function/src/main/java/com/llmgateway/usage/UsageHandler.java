package com.llmgateway.usage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.snapstart.Priming;

import java.util.Set;

/**
 * usage-function: {@code GET /v1/usage} and {@code GET /v1/usage/teams} ({@link UsageRoutes}),
 * and the FinOps dashboard's page and files ({@link DashboardRoutes}), dispatched from
 * {@code routes.json}, which also gives each its scope. Reads rollups only.
 */
public final class UsageHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final RouteDispatcher routes;

    /** SnapStart's hook (held here: CRaC keeps resources weakly); null off Lambda's entry. */
    private final Priming priming;

    /**
     * For the Lambda runtime: the sandbox's DynamoDB client from the process environment, once,
     * and the SnapStart priming hook ({@link UsagePriming}).
     */
    public UsageHandler() {
        this(UsageWiring.create(Env.system()), true);
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

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaHttp.handle(event, context, routes::dispatch);
    }

    /** The route keys served (the table's for "usage"). */
    public Set<String> routeKeys() {
        return routes.routeKeys();
    }
}
