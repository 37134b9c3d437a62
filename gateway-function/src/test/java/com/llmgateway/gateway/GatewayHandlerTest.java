package com.llmgateway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.chat.TokenEstimator;
import com.llmgateway.gateway.models.ModelsService;
import com.llmgateway.gateway.testing.FakeModelClient;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.llmgateway.core.http.RouteTable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler driven by payload-2.0 events as HTTP API sends them (fixtures under events/). */
class GatewayHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00.123Z");

    private final FakeModelClient models = new FakeModelClient().answering("Hi!", "end_turn", new TokenUsage(12, 20));
    private final RecordingMetering metering = new RecordingMetering();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final GatewayHandler handler = new GatewayHandler(new GatewayWiring(new GatewayConfig(1024 * 1024, "1.2.3"),
            new ModelsService(TestCatalog.catalog()),
            new ChatService(models, metering, metering,
            new ResponseCache(new InMemoryResponseCacheStore()), new TokenEstimator(), 1024 * 1024, 3600, clock),
            GatewayWiring.noUsageStore(), clock));

    /** A fixture as the managed Java runtime hands it over: deserialized by aws-lambda-java-serialization. */
    static APIGatewayV2HTTPEvent event(String fixture) throws IOException {
        try (InputStream in = fixture(fixture)) {
            return serializer(APIGatewayV2HTTPEvent.class)
                    .fromJson(in);
        }
    }

    /** The payload-2.0 response for a fixture, as the runtime serializes it for HTTP API. */
    private JsonNode invoke(String fixture) throws IOException {
        return invokeRaw(fixture, "application/json");
    }

    private JsonNode invokeRaw(String fixture, String contentType) throws IOException {
        APIGatewayV2HTTPResponse result = handler.handle(event(fixture), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(APIGatewayV2HTTPResponse.class)
                .toJson(result, out);
        JsonNode response = Json.MAPPER.readTree(out.toByteArray());
        assertFalse(response.get("isBase64Encoded").asBoolean());
        assertEquals(contentType, response.at("/headers/content-type").asText());
        return response;
    }

    private static InputStream fixture(String name) {
        InputStream in = GatewayHandlerTest.class.getResourceAsStream("/events/" + name);
        assertNotNull(in, name);
        return in;
    }

    private static JsonNode body(JsonNode response) {
        return Json.parse(response.get("body").asText());
    }

    private static void assertOpenAiError(JsonNode response, int status, String code) {
        assertEquals(status, response.get("statusCode").asInt());
        JsonNode error = body(response).get("error");
        assertNotNull(error, response.toString());
        List<String> fields = new java.util.ArrayList<>();
        error.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("message", "type", "param", "code"), fields);
        assertEquals(code, error.get("code").asText(null));
    }

    /**
     * The managed Java runtime's serializer for an event type: its own mixins for the event types
     * it lists, its plain Jackson factory for the others (the payload-2.0 types among them).
     */
    @SuppressWarnings("deprecation")
    static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(type);
    }

    @Test
    void fixtures_carry_the_authorizer_context_as_caller_context_writes_it() throws IOException {
        ApiRequest request = ApiRequest.from(event("chat-completions.json"));
        CallerContext caller = CallerContext.from(request);

        assertEquals(request.authorizer(), caller.toAuthorizerContext());
        assertEquals("search", caller.teamId());
        assertEquals(new BigDecimal("250.00"), caller.team().monthlyBudgetUsd());
    }

    @Test
    void health_answers_without_a_key() throws IOException {
        JsonNode r = invoke("health.json");

        assertEquals(200, r.get("statusCode").asInt());
        assertEquals(Json.parse("{\"status\":\"healthy\",\"service\":\"llm-gateway\",\"timestamp\":\"2026-11-25T09:00:00.123Z\",\"version\":\"1.2.3\"}"),
                body(r));
        assertEquals("Vx1aXmPLvHcEJKw=", r.at("/headers/x-request-id").asText());
    }

    @Test
    void lists_models_in_openai_list_shape_for_any_valid_key() throws IOException {
        JsonNode r = invoke("models-list.json");

        assertEquals(200, r.get("statusCode").asInt());
        JsonNode b = body(r);
        assertEquals("list", b.get("object").asText());
        assertEquals(TestCatalog.catalog().models().size(), b.get("data").size());
        JsonNode test = null;
        for (JsonNode m : b.get("data")) {
            assertEquals("model", m.get("object").asText());
            if (m.get("id").asText().equals("test-model")) {
                test = m;
            }
        }
        assertNotNull(test);
        assertEquals("0.0008", test.at("/pricing/input_per_1k_tokens").asText());
        assertEquals("3.20", test.at("/pricing/output_per_1m_tokens").asText());
    }

    @Test
    void refuses_the_model_list_when_the_authorizer_denied_the_key() throws IOException {
        assertOpenAiError(invoke("models-list-no-key.json"), 401, "invalid_api_key");
    }

    @Test
    void gets_one_model_by_a_superseded_name() throws IOException {
        JsonNode r = invoke("model-get-alias.json");

        assertEquals(200, r.get("statusCode").asInt());
        assertEquals("test-nosys", body(r).get("id").asText());
        assertEquals("legacy-nosys", body(r).get("resolved_from").asText());
    }

    @Test
    void answers_404_with_a_hint_for_an_unknown_model() throws IOException {
        JsonNode r = invoke("model-get-unknown.json");

        assertOpenAiError(r, 404, "model_not_found");
        assertTrue(body(r).at("/error/message").asText().contains("/v1/models"));
    }

    @Test
    void completes_a_chat_on_both_chat_routes() throws IOException {
        boolean first = true;
        for (String fixture : List.of("chat-completions.json", "chat.json", "chat-completions-base64.json")) {
            JsonNode r = invoke(fixture);
            // The three fixtures carry the same request: the first calls the model, the others are cache hits.
            String cost = first ? "0.0000736" : "0";

            assertEquals(200, r.get("statusCode").asInt(), fixture);
            JsonNode b = body(r);
            assertEquals("chat.completion", b.get("object").asText());
            assertEquals("Hi!", b.at("/choices/0/message/content").asText());
            assertEquals("Vx1aXmPLvHcEJKw=", b.at("/gateway_metadata/request_id").asText());
            assertEquals("search", b.at("/gateway_metadata/team_id").asText());
            assertEquals(0, new BigDecimal(cost).compareTo(new BigDecimal(b.at("/gateway_metadata/cost_usd").asText())));
            assertEquals(cost, r.at("/headers/x-gateway-cost-usd").asText());
            assertEquals(first ? "MISS" : "HIT", r.at("/headers/x-gateway-cache").asText());
            assertEquals("Vx1aXmPLvHcEJKw=", r.at("/headers/x-request-id").asText());
            assertEquals("10", r.at("/headers/x-ratelimit-limit-requests").asText());
            first = false;
        }
        assertEquals(1, models.calls.size());
        assertEquals(3, metering.outcomes.size());
        assertEquals("k-7f3a9c", metering.outcomes.get(0).caller().keyId());
    }

    @Test
    void admin_keys_may_invoke() throws IOException {
        assertEquals(200, invoke("chat-admin-key.json").get("statusCode").asInt());
    }

    @Test
    void refuses_chat_to_a_key_without_the_invoke_scope() throws IOException {
        assertOpenAiError(invoke("chat-finops-key.json"), 403, "insufficient_scope");
        assertTrue(models.calls.isEmpty());
    }

    @Test
    void refuses_chat_when_the_authorizer_denied_the_key() throws IOException {
        assertOpenAiError(invoke("chat-bad-key.json"), 401, "invalid_api_key");
        assertTrue(metering.outcomes.isEmpty());
    }

    @Test
    void refuses_a_model_the_team_may_not_use() throws IOException {
        JsonNode r = invoke("chat-model-not-allowed.json");

        assertOpenAiError(r, 403, "model_not_allowed");
        assertEquals("model", body(r).at("/error/param").asText());
    }

    @Test
    void rejects_a_malformed_chat_body_with_400_naming_the_param() throws IOException {
        JsonNode r = invoke("chat-malformed.json");

        assertOpenAiError(r, 400, "invalid_type");
        assertEquals("temperature", body(r).at("/error/param").asText());
    }

    @Test
    void answers_405_to_get_on_the_mcp_endpoint() throws IOException {
        JsonNode r = invoke("mcp-get.json");

        assertOpenAiError(r, 405, "method_not_allowed");
        assertEquals("POST", r.at("/headers/allow").asText());
    }

    @Test
    void answers_404_in_openai_shape_for_an_unknown_route() throws IOException {
        assertOpenAiError(invoke("unknown-route.json"), 404, "unknown_route");
    }

    @Test
    void serves_exactly_the_routes_that_routes_json_gives_the_gateway() {
        assertEquals(RouteTable.load().routeKeysOf("gateway"), handler.routeKeys());
    }

    @Test
    void refuses_converse_to_a_key_without_the_invoke_scope_in_bedrock_shape() throws IOException {
        JsonNode r = invokeRaw("converse-finops-key.json", "application/json");

        assertEquals(403, r.get("statusCode").asInt());
        assertEquals("AccessDeniedException", r.at("/headers/x-amzn-ErrorType").asText());
        assertTrue(body(r).get("message").asText().contains("'invoke'"), r.toString());
        assertEquals("Vx1aXmPLvHcEJKw=", r.at("/headers/x-request-id").asText());
        assertTrue(models.calls.isEmpty());
        assertTrue(metering.outcomes.isEmpty());
    }

    @Test
    void refuses_mcp_to_a_key_without_the_invoke_scope_as_the_mcp_authorization_spec_has_it() throws IOException {
        JsonNode r = invoke("mcp-finops-key.json");
        assertEquals(403, r.get("statusCode").asInt());
        assertTrue(r.at("/headers/www-authenticate").asText().startsWith(
                "Bearer realm=\"llm-gateway\", error=\"insufficient_scope\", scope=\"invoke\""), r.toString());
        JsonNode error = body(r);
        assertEquals("2.0", error.get("jsonrpc").asText());
        assertTrue(error.get("id").isNull());
        assertEquals(-32003, error.at("/error/code").asInt());
        assertTrue(error.at("/error/message").asText().contains("'invoke'"), error.toString());
        assertTrue(models.calls.isEmpty());
    }
}
