package com.llmgateway.gateway;

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
import com.llmgateway.gateway.chat.ChatCompletions;
import com.llmgateway.gateway.converse.ConverseService;
import com.llmgateway.gateway.mcp.McpService;
import com.llmgateway.gateway.routes.ChatRoute;
import com.llmgateway.gateway.routes.ConverseRoute;
import com.llmgateway.gateway.routes.EmbeddingsRoute;
import com.llmgateway.gateway.embeddings.EmbeddingRequestParser;
import com.llmgateway.gateway.routes.HealthRoute;
import com.llmgateway.gateway.routes.McpRoutes;
import com.llmgateway.gateway.routes.ModelsRoutes;
import com.llmgateway.gateway.routes.UnknownRoute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * gateway-function: health, the model list, chat completions, the Bedrock Converse passthrough
 * and the MCP server, one route class each, dispatched from {@code routes.json}
 * ({@link RouteDispatcher}: caller and scope from the table, before any route runs).
 */
public final class GatewayHandler implements RequestStreamHandler {

    private final RouteDispatcher routes;
    /** MAX_BODY_BYTES: also the most a compressed request body is decoded to. */
    private final long maxBodyBytes;

    /** SnapStart's hook (held here: CRaC keeps resources weakly); null off Lambda's entry. */
    private final Priming priming;

    /**
     * For the Lambda runtime: the sandbox's clients and settings from the process environment,
     * once, and the SnapStart priming hook ({@link GatewayPriming}).
     */
    public GatewayHandler() {
        this(GatewayWiring.create(startInit()), true);
    }

    /** Lambda's init: logging on this thread while a second one warms the rest ({@link ParallelInit}). */
    private static Env startInit() {
        ParallelInit.begin();
        return Env.system();
    }

    /** With given collaborators: tests, and the local runtime (its own clients and environment). */
    public GatewayHandler(GatewayWiring wiring) {
        this(wiring, false);
    }

    private GatewayHandler(GatewayWiring wiring, boolean snapStart) {
        this.priming = snapStart ? Priming.register("gateway", () -> GatewayPriming.dryRun(Env.system())) : null;
        this.maxBodyBytes = wiring.config().maxBodyBytes();
        McpService mcp = new McpService(wiring.chat(), wiring.models(), wiring.usage(), wiring.config().defaultModel(),
                wiring.config().version(), wiring.clock(), wiring.embeddings());
        this.routes = RouteDispatcher.forFunction("gateway", RouteTable.load())
                .route(new HealthRoute(wiring.config(), wiring.clock()), "GET /health")
                .route(ModelsRoutes.list(wiring.models()), "GET /v1/models")
                .route(ModelsRoutes.get(wiring.models()), "GET /v1/models/{model}")
                .route(new ChatRoute(new ChatCompletions(wiring.chat(), wiring.models().catalog())), "POST /v1/chat/completions", "POST /v1/chat")
                .route(new ConverseRoute(new ConverseService(wiring.chat(), wiring.models().catalog())), "POST /model/{modelId}/converse",
                        "ANY /model/{proxy+}")
                .route(wiring.embeddings() == null ? EmbeddingsRoute.unavailable()
                        : new EmbeddingsRoute(wiring.embeddings(), new EmbeddingRequestParser(wiring.models().catalog())),
                        "POST /v1/embeddings")
                .route(new McpRoutes.Post(mcp), "POST /mcp")
                .route(McpRoutes.get(), "GET /mcp")
                .route(new UnknownRoute(), "$default")
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
        return LambdaHttp.handle(event, context, maxBodyBytes, routes::dispatch);
    }

    /** One request through the routes, the way both entry points run it; a streamed body is returned unwritten. */
    public com.llmgateway.core.http.ApiResponse dispatch(com.llmgateway.core.http.ApiRequest request) {
        return routes.dispatch(request);
    }

    /** MAX_BODY_BYTES. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The route keys served (the table's for "gateway"). */
    public java.util.Set<String> routeKeys() {
        return routes.routeKeys();
    }
}
