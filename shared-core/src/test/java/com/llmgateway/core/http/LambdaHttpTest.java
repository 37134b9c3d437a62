package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

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

    private static JsonNode invoke(String event, Function<ApiRequest, ApiResponse> route) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaHttp.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, new FakeContext(), route);
        return Json.MAPPER.readTree(out.toByteArray());
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
    void an_event_that_is_not_json_is_a_400() throws Exception {
        JsonNode res = invoke("{not json", req -> ApiResponse.json(200, "{}"));
        assertEquals(400, res.path("statusCode").asInt());
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
