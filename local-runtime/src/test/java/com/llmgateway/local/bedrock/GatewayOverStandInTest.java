package com.llmgateway.local.bedrock;

import java.math.BigDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.gateway.GatewayHandler;
import com.llmgateway.gateway.GatewayWiring;
import com.llmgateway.local.LambdaInvoker;
import com.llmgateway.local.bedrock.BedrockStandIn.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import com.llmgateway.dynamodb.standin.DynamoDbStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GatewayHandler as Lambda builds it (from its environment), calling the stand-in through the real SDK. */
class GatewayOverStandInTest {

    private static DynamoDbStandIn dynamoDb;
    private static DynamoDbClient ddb;
    private static int tablePrefix;
    private BedrockStandIn standIn;
    private GatewayHandler handler;

    @BeforeAll
    static void startDynamoDb() {
        dynamoDb = DynamoDbStandIn.builder().start();
        ddb = DynamoDbClients.create(new Env(Map.of(DynamoDbClients.ENDPOINT, dynamoDb.endpoint().toString())));
    }

    @AfterAll
    static void stopDynamoDb() {
        ddb.close();
        dynamoDb.close();
    }

    @BeforeEach
    void start() {
        standIn = BedrockStandIn.start(0);
        Map<String, String> env = new HashMap<>(Tables.createAll(ddb, "gos" + (++tablePrefix) + "-"));
        env.putAll(Map.of(
                DynamoDbClients.ENDPOINT, dynamoDb.endpoint().toString(),
                "BEDROCK_ENDPOINT", standIn.endpoint().toString(),
                "AWS_REGION", "us-east-1",
                "BEDROCK_TIMEOUT_MS", "5000",
                "BEDROCK_MAX_ATTEMPTS", "2"));
        handler = new GatewayHandler(GatewayWiring.create(new Env(env)));
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private JsonNode chat(String body) throws IOException {
        Team team = new Team("demo", "Demo", "CC-0", new RateLimits(60, 40_000, 10_000), Map.of(), List.of("*"), null,
                new CachePolicy(true, 3600, false), true, null, null);
        CallerContext caller = new CallerContext("demo", "k-demo", Set.of("invoke"), team);
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "POST /v1/chat/completions");
        event.put("rawPath", "/v1/chat/completions");
        event.putObject("headers").put("content-type", "application/json");
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("requestId", "req-standin-1");
        ctx.putObject("http").put("method", "POST").put("path", "/v1/chat/completions");
        ObjectNode lambda = ctx.putObject("authorizer").putObject("lambda");
        caller.toAuthorizerContext().forEach(lambda::put);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.MAPPER.readTree(LambdaInvoker.of(handler).invoke(Json.bytes(event), null));
    }

    @Test
    void completes_a_chat_through_the_sdk_priced_at_the_catalog_prices() throws IOException {
        JsonNode r = chat("{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello there, how are you today?\"}]}");

        assertEquals(200, r.get("statusCode").asInt(), r.toString());
        JsonNode body = Json.parse(r.get("body").asText());
        ModelInfo nova = ModelCatalog.load(Map.of()).resolve("nova-micro").orElseThrow();
        String reply = "Echo from " + nova.invokeId() + ": Hello there, how are you today?";
        assertEquals(reply, body.at("/choices/0/message/content").asText());
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        long in = 4 + 8;
        long out = (reply.length() + 3) / 4;
        assertEquals(in, body.at("/usage/prompt_tokens").asLong());
        assertEquals(out, body.at("/usage/completion_tokens").asLong());
        assertEquals(CostCalculator.cost(nova, new TokenUsage(in, out)), new BigDecimal(body.at("/gateway_metadata/cost_usd").asText()));
        assertEquals(nova.invokeId(), body.at("/gateway_metadata/model_id").asText());
        assertEquals("req-standin-1", r.at("/headers/x-request-id").asText());
        assertEquals("60", r.at("/headers/x-ratelimit-limit-requests").asText());
        assertEquals(1, standIn.requestCount());
    }

    @Test
    void answers_429_with_retry_after_when_bedrock_keeps_throttling() throws IOException {
        standIn.injectFault(Fault.THROTTLE, 2);

        JsonNode r = chat("{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(429, r.get("statusCode").asInt());
        assertEquals("2", r.at("/headers/retry-after").asText());
        JsonNode error = Json.parse(r.get("body").asText()).get("error");
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("nova-micro"));
        assertEquals(2, standIn.requestCount(), "BEDROCK_MAX_ATTEMPTS=2");
    }

    @Test
    void passes_temperatures_above_one_as_one_so_bedrock_accepts_them() throws IOException {
        JsonNode r = chat("{\"model\":\"nova-micro\",\"temperature\":1.8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(200, r.get("statusCode").asInt(), "the stand-in, like Bedrock, refuses temperature > 1");
    }
}
