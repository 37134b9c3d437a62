package com.llmgateway.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.keys.ApiKeyStore;
import com.llmgateway.core.keys.DynamoDbApiKeyStore;
import com.llmgateway.core.keys.DynamoDbTeamStore;
import com.llmgateway.core.keys.TeamStore;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import com.llmgateway.core.usage.UsageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * auth-function: the HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses) and the
 * team, key and /v1/me routes.
 *
 * <p>An event with {@code "type":"REQUEST"} and a {@code routeArn} is an authorizer call. HTTP API
 * cannot shape an authorizer's denial, so the answer is always {@code isAuthorized: true} with a
 * context: the caller ({@link CallerContext#toAuthorizerContext()}) or the denial
 * ({@link CallerContext#denial}: 401 no, unknown, revoked or expired key; 403 missing scope or
 * disabled team; 503 when the key store cannot be read). Every function starts with
 * {@link CallerContext#from}, which throws the denial as an OpenAI-shaped error. Only an event that
 * cannot be read at all gets {@code isAuthorized: false}.
 */
public final class AuthHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

    private final Authorizer authorizer;
    private final AuthRoutes routes;

    public AuthHandler() {
        this(Env.system());
    }

    /** Wired for real DynamoDB: KEYS_TABLE, USAGE_TABLE, DYNAMODB_ENDPOINT, KEY_CACHE_TTL_SECONDS, MODEL_CATALOG_OVERRIDES. */
    public AuthHandler(Env env) {
        this(AuthConfig.from(env), DynamoDbClients.create(env), ModelCatalog.load(env.values()), Clock.systemUTC());
    }

    AuthHandler(AuthConfig config, DynamoDbClient ddb, ModelCatalog catalog, Clock clock) {
        this(config, ddb, DynamoDbClients.enhanced(ddb), catalog, clock);
    }

    /** The key and team stores share the sandbox's one enhanced client. */
    private AuthHandler(AuthConfig config, DynamoDbClient ddb, DynamoDbEnhancedClient enhanced, ModelCatalog catalog, Clock clock) {
        this(new DynamoDbApiKeyStore(ddb, enhanced, config.keysTable()), new DynamoDbTeamStore(enhanced, config.keysTable()),
                new DynamoDbUsageReader(ddb, config.usageTable()), catalog, config, clock);
    }

    AuthHandler(ApiKeyStore keys, TeamStore teams, UsageReader spend, ModelCatalog catalog, AuthConfig config, Clock clock) {
        RouteTable table = RouteTable.load();
        KeyCache cache = new KeyCache(config.keyCacheTtl(), clock);
        this.authorizer = new Authorizer(keys, teams, cache, table, clock);
        this.routes = new AuthRoutes(table,
                new TeamService(teams, new TeamRequests(catalog), cache, clock),
                new KeyService(keys, teams, cache, clock),
                new MeService(spend, clock), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        JsonNode tree = null;
        try {
            tree = Json.MAPPER.readTree(event);
        } catch (JsonProcessingException notJson) {
            // LambdaHttp answers it with a 400
        }
        if (tree != null && isAuthorizerEvent(tree)) {
            JsonNode authorizerEvent = tree;
            ObjectNode verdict = PowertoolsLogging.withLogging(context, () -> authorize(authorizerEvent));
            output.write(Json.bytes(verdict));
            output.flush();
            return;
        }
        LambdaHttp.handle(new ByteArrayInputStream(event), output, context, routes::handle);
    }

    static boolean isAuthorizerEvent(JsonNode event) {
        return "REQUEST".equals(event.path("type").asText(null)) && event.hasNonNull("routeArn");
    }

    /** The simple response of the Lambda authorizer (payload 2.0) for one authorizer event. */
    public ObjectNode authorize(JsonNode event) {
        ObjectNode out = Json.object();
        ApiRequest request;
        try {
            request = ApiRequest.fromEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("authorizer event unreadable: {}", e.getClass().getSimpleName());
            out.put("isAuthorized", false);
            return out;
        }
        MDC.put("request_id", request.requestId());
        MDC.put("route", String.valueOf(request.routeKey()));
        Map<String, String> context;
        try {
            CallerContext caller = authorizer.authorize(request);
            context = caller.toAuthorizerContext();
            LOG.debug("authorized team_id={} key_id={}", caller.teamId(), caller.keyId());
        } catch (GatewayException e) {
            context = CallerContext.denial(e);
            if (e.status() >= 500) {
                LOG.warn("authorizer could not decide status={} code={} cause={}", e.status(), e.code(), com.llmgateway.core.http.LambdaHttp.describe(e.getCause()));
            } else {
                LOG.info("denied status={} code={}", e.status(), e.code());
            }
        } catch (RuntimeException e) {
            LOG.error("authorizer failed", e);
            context = CallerContext.denial(new GatewayException(503, "api_error", "service_unavailable", null,
                    "The gateway could not check the API key; retry shortly."));
        } finally {
            MDC.remove("request_id");
            MDC.remove("route");
        }
        out.put("isAuthorized", true);
        ObjectNode ctx = out.putObject("context");
        context.forEach(ctx::put);
        return out;
    }
}
