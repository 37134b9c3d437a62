package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LambdaEventsTest {

    private static final String EVENT = "{\"version\":\"2.0\",\"routeKey\":\"GET /health\",\"rawPath\":\"/health\",\"rawQueryString\":\"a=1\","
            + "\"headers\":{\"accept\":\"*/*\"},\"queryStringParameters\":{\"a\":\"1\"},\"isBase64Encoded\":false,"
            + "\"requestContext\":{\"requestId\":\"r1\",\"routeKey\":\"GET /health\",\"http\":{\"method\":\"GET\",\"path\":\"/health\"}},"
            + "\"somethingNew\":{\"x\":1}}";

    @Test
    void serves_a_payload_v2_event_through_the_stream_entry() throws Exception {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEvents.serveHttp(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), out, null, (event, context) -> {
            seen.set(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("content-type", "application/json"))
                    .withBody("{}").withIsBase64Encoded(false).build();
        });
        assertEquals("GET", seen.get().getRequestContext().getHttp().getMethod());
        assertEquals(Map.of("a", "1"), seen.get().getQueryStringParameters());
        JsonNode written = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(200, written.get("statusCode").asInt());
        assertFalse(written.get("isBase64Encoded").asBoolean());
        assertFalse(written.has("cookies"), "nulls are left out, as the runtime's serializer does");
    }

    @Test
    void answers_an_event_that_is_not_json_with_a_400_in_the_error_shape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEvents.serveHttp(new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)), out, null, (e, c) -> {
            throw new AssertionError("not called");
        });
        JsonNode written = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(400, written.get("statusCode").asInt());
        JsonNode error = Json.MAPPER.readTree(written.get("body").asText()).get("error");
        assertEquals("The request event is not valid JSON.", error.get("message").asText());
        for (String field : new String[]{"message", "type", "param", "code"}) {
            assertEquals(true, error.has(field), field);
        }
    }

    @Test
    void a_round_trip_returns_what_the_stream_entry_wrote() {
        APIGatewayV2HTTPEvent event = LambdaEvents.MAPPER.convertValue(Json.parse(EVENT), APIGatewayV2HTTPEvent.class);
        APIGatewayV2HTTPResponse response = LambdaEvents.roundTrip((in, out, context) -> LambdaEvents.serveHttp(in, out, context,
                (e, c) -> APIGatewayV2HTTPResponse.builder().withStatusCode(204).withBody(e.getRawPath()).build()), event, null);
        assertEquals(204, response.getStatusCode());
        assertEquals("/health", response.getBody());
    }

    @Test
    void the_hand_mapping_reads_http_apis_shape_as_the_bean_mapping_does_and_leaves_other_shapes_to_it() throws Exception {
        String withLambda = EVENT.replace("\"http\":{", "\"authorizer\":{\"lambda\":{\"team_id\":\"t\",\"n\":3,\"x\":1.5,\"scopes\":[\"invoke\"],\"big\":12345678901,\"nested\":{\"ok\":true,\"none\":null}}},"
                + "\"timeEpoch\":1700000000000,\"http\":{");
        for (String json : new String[]{EVENT, withLambda, "{}", "{\"requestContext\":null,\"cookies\":[\"a=1\"],\"body\":\"x\",\"isBase64Encoded\":true}"}) {
            JsonNode tree = Json.parse(json);
            APIGatewayV2HTTPEvent fast = HttpEventMapping.read(tree);
            assertEquals(LambdaEvents.read(tree, APIGatewayV2HTTPEvent.class), fast, json);
        }
        for (String other : new String[]{"[]", "{\"headers\":{\"a\":1}}", "{\"requestContext\":\"\"}", "{\"cookies\":\"a=1\"}",
                "{\"requestContext\":{\"authorizer\":{\"jwt\":{\"claims\":{\"sub\":\"u\"},\"scopes\":[\"s\"]}}}}",
                "{\"isBase64Encoded\":\"true\"}", "{\"requestContext\":{\"timeEpoch\":\"12\"}}"}) {
            JsonNode tree = Json.parse(other);
            assertEquals(null, HttpEventMapping.read(tree), other);
            if (tree.isObject()) {
                assertEquals(LambdaEvents.read(tree, APIGatewayV2HTTPEvent.class), LambdaEvents.readHttp(tree), other);
            }
        }
    }

    @Test
    void the_authorizers_simple_response_is_written_as_the_bean_mapping_does() throws Exception {
        // The authorizer's event type needs joda-time (in the auth jar, not here): local-runtime's
        // LambdaEventsParityTest compares its hand mapping with the runtime's on every fixture.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEvents.write(com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse.builder().withIsAuthorized(true)
                .withContext(Map.of("team_id", "t")).build(), out);
        assertEquals(Json.parse("{\"isAuthorized\":true,\"context\":{\"team_id\":\"t\"}}"), Json.MAPPER.readTree(out.toByteArray()));
    }
}
