package com.llmgateway.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import com.llmgateway.core.usage.UsageReader;
import com.llmgateway.gateway.bedrock.BedrockConfig;
import com.llmgateway.gateway.cache.CacheConfig;
import com.llmgateway.gateway.cache.DynamoDbResponseCache;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.metering.DynamoDbAdmissionControl;
import com.llmgateway.gateway.metering.DynamoDbUsageRecorder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import com.llmgateway.gateway.bedrock.BedrockModelClient;
import com.llmgateway.gateway.chat.ChatCompletions;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.chat.TokenEstimator;
import com.llmgateway.gateway.converse.ConverseService;
import com.llmgateway.gateway.mcp.McpService;
import com.llmgateway.gateway.metering.MeteringConfig;
import com.llmgateway.gateway.models.ModelsService;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * gateway-function: health, the model list, chat completions, the Bedrock Converse passthrough
 * ({@link ConverseService}) and the MCP server ({@link McpService}). Dispatches on the HTTP API
 * route key; authorized routes first turn the authorizer's verdict into a {@link CallerContext}
 * (a 401/403 when the authorizer denied the key) and check the route's scope.
 */
public final class GatewayHandler implements RequestStreamHandler {

    private final GatewayConfig config;
    private final ModelsService models;
    private final ChatCompletions chat;
    private final ConverseService converse;
    private final McpService mcp;
    private final Clock clock;

    /** For the Lambda runtime: everything from the process environment, built once per sandbox. */
    public GatewayHandler() {
        this(Env.system());
    }

    public GatewayHandler(Env env) {
        this(GatewayConfig.from(env), ModelCatalog.load(env.values()), env, Clock.systemUTC());
    }

    private GatewayHandler(GatewayConfig config, ModelCatalog catalog, Env env, Clock clock) {
        this(config, catalog, env, DynamoDbClients.create(env), CacheConfig.from(env), clock);
    }

    private GatewayHandler(GatewayConfig config, ModelCatalog catalog, Env env, DynamoDbClient ddb,
                           CacheConfig cacheConfig, Clock clock) {
        this(config, new ModelsService(catalog), new ChatService(
                BedrockModelClient.create(BedrockConfig.from(env)),
                DynamoDbAdmissionControl.create(ddb, env), DynamoDbUsageRecorder.create(ddb, env),
                new ResponseCache(new DynamoDbResponseCache(ddb, cacheConfig.tableName())),
                new TokenEstimator(), config.maxBodyBytes(), cacheConfig.defaultTtlSeconds(), clock),
                new DynamoDbUsageReader(ddb, MeteringConfig.from(env).usageTable()), clock);
    }

    /** For tests: the collaborators, with fakes of the ports where wanted (get_usage answers 503). */
    GatewayHandler(GatewayConfig config, ModelsService models, ChatService chat, Clock clock) {
        this(config, models, chat, UsageReader.unavailable(), clock);
    }

    GatewayHandler(GatewayConfig config, ModelsService models, ChatService chat, UsageReader usage, Clock clock) {
        this.config = config;
        this.models = models;
        this.chat = new ChatCompletions(chat, models.catalog());
        this.converse = new ConverseService(chat, models.catalog());
        this.mcp = new McpService(chat, models, usage, config.defaultModel(), config.version(), clock);
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaHttp.handle(input, output, context, this::route);
    }

    ApiResponse route(ApiRequest request) {
        String routeKey = request.routeKey() == null ? "$default" : request.routeKey();
        return switch (routeKey) {
            case "GET /health" -> ApiResponse.json(200, health());
            case "GET /v1/models" -> {
                CallerContext.from(request);
                yield ApiResponse.json(200, models.list());
            }
            case "GET /v1/models/{model}" -> {
                CallerContext.from(request);
                yield ApiResponse.json(200, models.get(String.valueOf(request.path("model"))));
            }
            case "POST /v1/chat/completions", "POST /v1/chat" -> {
                CallerContext caller = CallerContext.from(request);
                caller.require(CallerContext.INVOKE);
                yield chat.complete(request.body(), caller, requestId(request), request.header("cache-control"));
            }
            case "POST /model/{modelId}/converse" -> converse.converse(request, requestId(request));
            case "POST /mcp" -> {
                if (request.bodyBytes() > config.maxBodyBytes()) {
                    CallerContext.from(request);
                    throw GatewayException.payloadTooLarge(config.maxBodyBytes());
                }
                yield mcp.handle(request, requestId(request));
            }
            case "GET /mcp" -> {
                CallerContext.from(request);
                throw GatewayException.methodNotAllowed(
                    "The MCP endpoint takes POST (Streamable HTTP without server-sent streams); GET is not offered.")
                    .withHeaders(Map.of("allow", "POST"));
            }
            default -> {
                // Every route but /health needs a key, unknown ones included: a caller without one
                // learns nothing about which paths exist.
                CallerContext.from(request);
                throw GatewayException.notFound("Unknown route " + request.method() + " " + request.rawPath()
                        + ". See GET /v1/models and POST /v1/chat/completions.", null, "unknown_route");
            }
        };
    }

    private ObjectNode health() {
        ObjectNode o = Json.object();
        o.put("status", "healthy");
        o.put("service", "llm-gateway");
        o.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        o.put("version", config.version());
        return o;
    }

    /** HTTP API's request id; LambdaHttp has put it (or one it made up) in the MDC. */
    private static String requestId(ApiRequest request) {
        if (!request.requestId().isEmpty()) {
            return request.requestId();
        }
        String fromMdc = MDC.get("request_id");
        return fromMdc != null ? fromMdc : UUID.randomUUID().toString();
    }
}
