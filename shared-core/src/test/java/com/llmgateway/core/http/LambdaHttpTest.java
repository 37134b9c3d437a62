package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaHttpTest {

    private static final String EVENT = """
            {"version":"2.0","routeKey":"POST /v1/chat","rawPath":"/v1/chat","rawQueryString":"a=1",
             "headers":{"Content-Type":"application/json","x-api-key":"k"},
             "queryStringParameters":{"a":"1"},
             "requestContext":{"requestId":"req-123","http":{"method":"POST","path":"/v1/chat","sourceIp":"127.0.0.1"},
               "authorizer":{"lambda":{"team_id":"t1"}}},
             "body":"eyJhIjoxfQ==","isBase64Encoded":true}
            """;

    /** In and out as the managed Java runtime does it (aws-lambda-java-serialization). */
    private static JsonNode invoke(String event, Function<ApiRequest, ApiResponse> route) throws Exception {
        APIGatewayV2HTTPEvent in = serializer(APIGatewayV2HTTPEvent.class)
                .fromJson(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
        APIGatewayV2HTTPResponse response = LambdaHttp.handle(in, new FakeContext(), route);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(APIGatewayV2HTTPResponse.class).toJson(response, out);
        return Json.MAPPER.readTree(out.toByteArray());
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
    void parses_the_payload_2_event_and_adds_the_request_id() throws Exception {
        JsonNode res = invoke(EVENT, req -> {
            assertEquals("POST /v1/chat", req.routeKey());
            assertEquals("{\"a\":1}", req.body());
            assertEquals("application/json", req.header("content-type"));
            assertEquals("t1", req.authorizer().get("team_id"));
            assertEquals("1", req.query("a"));
            return ApiResponse.json(200, "{\"ok\":true}");
        });
        assertEquals(200, res.path("statusCode").asInt());
        assertEquals("req-123", res.path("headers").path("x-request-id").asText());
        assertEquals("{\"ok\":true}", res.path("body").asText());
    }

    @Test
    void gateway_errors_become_openai_shaped_bodies_with_all_four_fields() throws Exception {
        JsonNode res = invoke(EVENT, req -> {
            throw GatewayException.badRequest("temperature must be between 0 and 2.", "temperature");
        });
        assertEquals(400, res.path("statusCode").asInt());
        JsonNode err = Json.parse(res.path("body").asText()).path("error");
        assertEquals("temperature must be between 0 and 2.", err.path("message").asText());
        assertEquals("invalid_request_error", err.path("type").asText());
        assertEquals("temperature", err.path("param").asText());
        assertTrue(err.has("code") && err.path("code").isNull());
    }

    @Test
    void unexpected_failures_answer_500_without_internal_details() throws Exception {
        JsonNode res = invoke(EVENT, req -> {
            throw new IllegalStateException("secret internal table name llmgw-keys");
        });
        assertEquals(500, res.path("statusCode").asInt());
        String body = res.path("body").asText();
        assertFalse(body.contains("llmgw-keys"));
        assertFalse(body.contains("IllegalStateException"));
        assertEquals("internal_error", Json.parse(body).path("error").path("code").asText());
    }

    @Test
    void a_body_flagged_base64_that_is_not_is_a_400_when_the_route_reads_it() throws Exception {
        JsonNode res = invoke(EVENT.replace("eyJhIjoxfQ==", "not base64!"), req -> ApiResponse.json(200, req.body()));
        assertEquals(400, res.path("statusCode").asInt());
        assertEquals("invalid_body", Json.parse(res.path("body").asText()).path("error").path("code").asText());
    }

    @Test
    void a_gzip_body_reaches_the_route_decoded_and_a_bomb_is_a_413_at_the_given_limit() throws Exception {
        String gzip = java.util.Base64.getEncoder().encodeToString(RequestBodyTest.gzip("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        String event = EVENT.replace("eyJhIjoxfQ==", gzip).replace("\"x-api-key\"", "\"Content-Encoding\":\"gzip\",\"x-api-key\"");
        JsonNode res = invoke(event, req -> ApiResponse.json(200, req.body()));
        assertEquals(200, res.path("statusCode").asInt());
        assertEquals("{\"a\":1}", res.path("body").asText());

        String bomb = java.util.Base64.getEncoder().encodeToString(RequestBodyTest.gzip(new byte[10_000_000]));
        APIGatewayV2HTTPEvent in = serializer(APIGatewayV2HTTPEvent.class).fromJson(new ByteArrayInputStream(
                EVENT.replace("eyJhIjoxfQ==", bomb).replace("\"x-api-key\"", "\"Content-Encoding\":\"gzip\",\"x-api-key\"")
                        .getBytes(StandardCharsets.UTF_8)));
        APIGatewayV2HTTPResponse out = LambdaHttp.handle(in, new FakeContext(), 1000, req -> ApiResponse.json(200, req.body()));
        assertEquals(413, out.getStatusCode());
        assertEquals("request_too_large", Json.parse(out.getBody()).path("error").path("code").asText());
    }

    @Test
    void the_request_id_is_in_the_logging_context_while_the_route_runs_and_gone_after() throws Exception {
        String[] seen = new String[2];
        JsonNode res = invoke(EVENT, req -> {
            seen[0] = MDC.get("request_id");
            seen[1] = req.requestId();
            return ApiResponse.json(200, "{}");
        });
        assertEquals("req-123", seen[0]);
        assertEquals("req-123", seen[1]);
        assertEquals(null, MDC.get("request_id"));
        assertEquals("req-123", res.path("headers").path("x-request-id").asText());
    }

    @Test
    void an_event_without_a_request_id_gets_one_for_its_logs_and_its_answer() throws Exception {
        String[] seen = new String[1];
        JsonNode res = invoke(EVENT.replace("\"requestId\":\"req-123\",", ""), req -> {
            seen[0] = MDC.get("request_id");
            return ApiResponse.json(200, "{}");
        });
        assertFalse(seen[0] == null || seen[0].isEmpty());
        assertEquals(seen[0], res.path("headers").path("x-request-id").asText());
    }

    static final class FakeContext implements Context {
        public String getAwsRequestId() { return "aws-req-1"; }
        public String getLogGroupName() { return "/aws/lambda/test"; }
        public String getLogStreamName() { return "stream"; }
        public String getFunctionName() { return "test-function"; }
        public String getFunctionVersion() { return "$LATEST"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:test-function"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 29000; }
        public int getMemoryLimitInMB() { return 512; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { System.err.print(message); }
                public void log(byte[] message) { System.err.write(message, 0, message.length); }
            };
        }
    }
}
