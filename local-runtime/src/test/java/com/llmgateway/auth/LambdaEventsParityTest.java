package com.llmgateway.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.http.LambdaEvents;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;
import com.llmgateway.local.HttpApiEvents;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The functions' stream entries read their events with {@link LambdaEvents}, not with the managed
 * runtime's serialization library (3.8 MB it would add to the jar, and ~150 ms of a cold start to
 * build): both must read every event alike, the three functions' fixtures and the events the HTTP
 * API stand-in makes, and write the authorizer's simple response and the HTTP response alike
 * ({@code isAuthorized}, {@code isBase64Encoded}).
 */
class LambdaEventsParityTest {

    @SuppressWarnings("deprecation")
    private static <T> PojoSerializer<T> runtime(Class<T> type) {
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static List<JsonNode> fixtures() throws Exception {
        try (Stream<Path> files = Stream.of("auth-function", "gateway-function", "usage-function")
                .flatMap(m -> list(Path.of("..", m, "src", "test", "resources", "events")))) {
            return files.sorted().map(p -> {
                try {
                    return Json.parse(Files.readString(p).replace("{{API_KEY}}", "lgw_parity"));
                } catch (Exception e) {
                    throw new IllegalStateException(p.toString(), e);
                }
            }).toList();
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).filter(p -> p.toString().endsWith(".json")).toList().stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> standInEvents() {
        RouteTable table = RouteTable.load();
        HttpApiEvents.Incoming in = new HttpApiEvents.Incoming("POST", "/v1/keys/key_1/rotate", "a=1&a=2&b=%20x",
                Map.of("x-api-key", List.of("lgw_parity"), "cookie", List.of("c1=v1; c2=v2"), "content-type", List.of("application/json"),
                        "host", List.of("127.0.0.1:8080")),
                "{\"name\":\"ci\"}".getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1", "AbCdEfGhIjKlMnO=", Instant.now());
        RouteTable.Match match = table.match("POST", "/v1/keys/key_1/rotate").orElseThrow();
        var request = HttpApiEvents.request(in, match);
        HttpApiEvents.attachAuthorizerContext(request, Json.parse("{\"team_id\":\"t\",\"scopes\":\"admin\"}"));
        HttpApiEvents.Incoming binary = new HttpApiEvents.Incoming("GET", "/v1/me", "", Map.of("x-api-key", List.of("k")),
                new byte[]{1, 2, 3}, "127.0.0.1", "HTTP/1.1", "Zz=", Instant.now());
        return List.of(HttpApiEvents.authorizer(in, match), request,
                HttpApiEvents.request(binary, table.match("GET", "/v1/me").orElseThrow()));
    }

    @Test
    void reads_every_fixture_and_stand_in_event_as_the_runtime_does() throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>(fixtures());
        events.addAll(standInEvents());
        assertFalse(events.isEmpty());
        int authorizerEvents = 0;
        for (JsonNode event : events) {
            String json = Json.write(event);
            if (AuthHandler.isAuthorizerEvent(event)) {
                authorizerEvents++;
                APIGatewayV2CustomAuthorizerEvent theirs = runtime(APIGatewayV2CustomAuthorizerEvent.class).fromJson(json);
                assertEquals(theirs, LambdaEvents.read(event, APIGatewayV2CustomAuthorizerEvent.class), json);
                assertEquals(theirs, LambdaEvents.readAuthorizer(event), json);
            } else {
                APIGatewayV2HTTPEvent theirs = runtime(APIGatewayV2HTTPEvent.class).fromJson(json);
                assertEquals(theirs, LambdaEvents.read(event, APIGatewayV2HTTPEvent.class), json);
                // The hand mapping the stream entries take (or its fallback to the bean mapping).
                assertEquals(theirs, LambdaEvents.readHttp(event), json);
            }
        }
        assertFalse(authorizerEvents == 0 || authorizerEvents == events.size(), "both kinds are covered");
    }

    @Test
    void writes_the_responses_as_the_runtime_does() throws Exception {
        for (Object response : List.of(
                SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(Map.of("team_id", "t")).build(),
                SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build(),
                APIGatewayV2HTTPResponse.builder().withStatusCode(201).withHeaders(Map.of("content-type", "application/json"))
                        .withBody("{}").withIsBase64Encoded(false).build(),
                APIGatewayV2HTTPResponse.builder().withStatusCode(200).withMultiValueHeaders(Map.of("x-a", List.of("1", "2")))
                        .withCookies(List.of("c=1; Path=/")).withBody("AAEC").withIsBase64Encoded(true).build(),
                APIGatewayV2HTTPResponse.builder().withStatusCode(204).build())) {
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            LambdaEvents.write(response, ours);
            ByteArrayOutputStream theirs = new ByteArrayOutputStream();
            @SuppressWarnings("unchecked")
            PojoSerializer<Object> writer = (PojoSerializer<Object>) (PojoSerializer<?>) runtime(response.getClass());
            writer.toJson(response, theirs);
            assertEquals(Json.MAPPER.readTree(theirs.toByteArray()), Json.MAPPER.readTree(ours.toByteArray()));
        }
        ByteArrayOutputStream allowed = new ByteArrayOutputStream();
        LambdaEvents.write(SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(Map.of()).build(), allowed);
        assertEquals(true, Json.MAPPER.readTree(allowed.toByteArray()).get("isAuthorized").asBoolean(), "HTTP API reads isAuthorized");
    }
}
