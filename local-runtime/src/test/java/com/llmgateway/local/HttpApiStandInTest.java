package com.llmgateway.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.http.RouteTables;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpApiStandInTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CALLER = "{\"team_id\":\"search\",\"key_id\":\"k1\",\"scopes\":\"invoke\"}";

    private HttpApiStandIn api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private URI start(RecordingHandler gateway, RequestStreamHandler authorizer) {
        return start(RouteTable.load(), Map.of("gateway", gateway, "auth", RecordingHandler.ok(), "usage", RecordingHandler.ok()), authorizer);
    }

    private URI start(RouteTable routes, Map<String, RequestStreamHandler> functions, RequestStreamHandler authorizer) {
        api = HttpApiStandIn.start(0, routes, functions, authorizer);
        return api.endpoint();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode fixture(String name) throws Exception {
        try (InputStream in = HttpApiStandInTest.class.getResourceAsStream("/events/" + name)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void builds_the_payload_2_0_event_that_http_api_sends() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        URI base = start(gateway, RecordingHandler.allowing(CALLER));
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions?stream=false&tag=a&tag=b%20c"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", "lgw_secret")
                .header("X-Custom", "one")
                .header("X-Custom", "two")
                .header("Cookie", "session=abc; theme=dark")
                .header("User-Agent", "test-agent/1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"nova-micro\"}")));

        assertEquals(200, r.statusCode());
        assertEquals("{\"ok\":true}", r.body());
        JsonNode e = gateway.last();
        assertEquals("2.0", e.path("version").asText());
        assertEquals("POST /v1/chat/completions", e.path("routeKey").asText());
        assertEquals("/v1/chat/completions", e.path("rawPath").asText());
        assertEquals("stream=false&tag=a&tag=b%20c", e.path("rawQueryString").asText());
        assertEquals(List.of("session=abc", "theme=dark"), strings(e.path("cookies")));
        JsonNode h = e.path("headers");
        assertEquals("application/json", h.path("content-type").asText());
        assertEquals("lgw_secret", h.path("x-api-key").asText());
        assertEquals("one,two", h.path("x-custom").asText());
        assertEquals("test-agent/1.0", h.path("user-agent").asText());
        assertTrue(h.has("x-forwarded-for") && h.has("x-forwarded-proto") && h.has("x-amzn-trace-id"));
        assertFalse(h.has("cookie"), "cookies travel in the cookies field, not the headers");
        h.fieldNames().forEachRemaining(n -> assertEquals(n.toLowerCase(), n, "header names are lower-cased"));
        assertEquals("false", e.path("queryStringParameters").path("stream").asText());
        assertEquals("a,b c", e.path("queryStringParameters").path("tag").asText());
        assertFalse(e.has("pathParameters"), "no pathParameters on a route without parameters");
        assertEquals("{\"model\":\"nova-micro\"}", e.path("body").asText());
        assertFalse(e.path("isBase64Encoded").asBoolean());

        JsonNode rc = e.path("requestContext");
        assertEquals(HttpApiEvents.ACCOUNT_ID, rc.path("accountId").asText());
        assertEquals(HttpApiEvents.API_ID, rc.path("apiId").asText());
        assertEquals("127.0.0.1", rc.path("domainName").asText());
        assertEquals("POST", rc.path("http").path("method").asText());
        assertEquals("/v1/chat/completions", rc.path("http").path("path").asText());
        assertEquals("HTTP/1.1", rc.path("http").path("protocol").asText());
        assertEquals("127.0.0.1", rc.path("http").path("sourceIp").asText());
        assertEquals("test-agent/1.0", rc.path("http").path("userAgent").asText());
        assertEquals("POST /v1/chat/completions", rc.path("routeKey").asText());
        assertEquals("$default", rc.path("stage").asText());
        assertTrue(rc.path("time").asText().matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"), rc.path("time").asText());
        assertTrue(Math.abs(System.currentTimeMillis() - rc.path("timeEpoch").asLong()) < 60_000);
        assertEquals(r.headers().firstValue("apigw-requestid").orElseThrow(), rc.path("requestId").asText());

        // Every field of AWS's documented example event is there, and nothing it does not have.
        JsonNode sample = fixture("http-api-v2-request.json");
        Set<String> expected = fieldNames(sample);
        expected.remove("pathParameters");
        assertEquals(expected, fieldNames(e));
        assertEquals(fieldNames(sample.path("requestContext")), fieldNames(rc));
        assertEquals(fieldNames(sample.path("requestContext").path("http")), fieldNames(rc.path("http")));

        // The managed runtime's serialization reads it into the events type the functions take.
        ApiRequest parsed = ApiRequest.from(JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPEvent.class)
                .fromJson(Json.write(e)));
        assertEquals("lgw_secret", parsed.header("X-Api-Key"));
        assertEquals("search", parsed.authorizer().get("team_id"));
        assertEquals(rc.path("requestId").asText(), parsed.requestId());
    }

    @Test
    void passes_decoded_path_parameters_of_the_matched_route() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        URI base = start(gateway, RecordingHandler.allowing(CALLER));

        send(HttpRequest.newBuilder(base.resolve("/v1/models/nova-micro")).GET());
        assertEquals("GET /v1/models/{model}", gateway.last().path("routeKey").asText());
        assertEquals("nova-micro", gateway.last().path("pathParameters").path("model").asText());

        // The AWS SDK percent-encodes the model id; HTTP API hands the function the decoded value.
        send(HttpRequest.newBuilder(base.resolve("/model/us.amazon.nova-micro-v1%3A0/converse"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        JsonNode e = gateway.last();
        assertEquals("POST /model/{modelId}/converse", e.path("routeKey").asText());
        assertEquals("us.amazon.nova-micro-v1:0", e.path("pathParameters").path("modelId").asText());
        assertEquals("/model/us.amazon.nova-micro-v1:0/converse", e.path("rawPath").asText());
        assertEquals("", e.path("rawQueryString").asText());
        assertFalse(e.has("queryStringParameters"));
    }

    @Test
    void base64_encodes_a_body_that_is_not_text() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        URI base = start(gateway, RecordingHandler.allowing(CALLER));
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
        send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("content-type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        JsonNode e = gateway.last();
        assertTrue(e.path("isBase64Encoded").asBoolean());
        assertArrayEquals(bytes, Base64.getDecoder().decode(e.path("body").asText()));

        send(HttpRequest.newBuilder(base.resolve("/health")).GET());
        assertFalse(gateway.last().has("body"), "no body field when the request has none");
        assertFalse(gateway.last().path("isBase64Encoded").asBoolean());
    }

    @Test
    void base64_encodes_a_compressed_or_non_utf8_json_body_so_its_bytes_reach_the_function_intact() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        URI base = start(gateway, RecordingHandler.allowing(CALLER));
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(zipped)) {
            z.write("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] gzip = zipped.toByteArray();
        send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).header("content-type", "application/json")
                .header("content-encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzip)));
        assertTrue(gateway.last().path("isBase64Encoded").asBoolean());
        assertArrayEquals(gzip, Base64.getDecoder().decode(gateway.last().path("body").asText()));

        byte[] latin1 = "{\"a\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
        assertTrue(gateway.last().path("isBase64Encoded").asBoolean());
        assertArrayEquals(latin1, Base64.getDecoder().decode(gateway.last().path("body").asText()));

        send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).header("content-type", "application/json")
                .header("content-encoding", "identity").POST(HttpRequest.BodyPublishers.ofString("{\"a\":\"é\"}")));
        assertFalse(gateway.last().path("isBase64Encoded").asBoolean());
        assertEquals("{\"a\":\"é\"}", gateway.last().path("body").asText());
    }

    @Test
    void a_denial_answers_403_and_never_reaches_the_function() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        RecordingHandler authorizer = RecordingHandler.denying();
        URI base = start(gateway, authorizer);
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(403, r.statusCode());
        assertEquals("{\"message\":\"Forbidden\"}", r.body());
        assertEquals(1, authorizer.events.size());
        assertTrue(gateway.events.isEmpty());
    }

    @Test
    void the_authorizer_gets_the_request_event_and_its_context_reaches_the_function() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        RecordingHandler authorizer = RecordingHandler.allowing(CALLER);
        URI base = start(gateway, authorizer);
        send(HttpRequest.newBuilder(base.resolve("/v1/models/claude-haiku-4-5?x=1"))
                .header("Authorization", "Bearer lgw_abc").GET());

        JsonNode a = authorizer.last();
        assertEquals("2.0", a.path("version").asText());
        assertEquals("REQUEST", a.path("type").asText());
        assertEquals("arn:aws:execute-api:us-east-1:" + HttpApiEvents.ACCOUNT_ID + ":local/$default/GET/v1/models/claude-haiku-4-5",
                a.path("routeArn").asText());
        assertTrue(a.path("identitySource").isArray());
        assertEquals("GET /v1/models/{model}", a.path("routeKey").asText());
        assertEquals("Bearer lgw_abc", a.path("headers").path("authorization").asText());
        assertEquals("claude-haiku-4-5", a.path("pathParameters").path("model").asText());
        assertEquals("1", a.path("queryStringParameters").path("x").asText());
        assertFalse(a.path("requestContext").has("authorizer"));
        JsonNode sample = fixture("http-api-v2-authorizer.json");
        Set<String> expected = fieldNames(sample);
        expected.remove("cookies");
        assertEquals(expected, fieldNames(a));
        assertEquals(fieldNames(sample.path("requestContext")), fieldNames(a.path("requestContext")));
        assertEquals("llmgw-auth", authorizer.contexts.get(0).getFunctionName());

        JsonNode lambda = gateway.last().path("requestContext").path("authorizer").path("lambda");
        assertEquals(Json.parse(CALLER), lambda);
        assertEquals(a.path("requestContext").path("requestId"), gateway.last().path("requestContext").path("requestId"));
        assertEquals("llmgw-gateway", gateway.contexts.get(0).getFunctionName());
        int remaining = gateway.contexts.get(0).getRemainingTimeInMillis();
        assertTrue(remaining > 20_000 && remaining <= 29_000, "remaining " + remaining);
    }

    @Test
    void a_route_without_authorization_skips_the_authorizer() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        RecordingHandler authorizer = RecordingHandler.denying();
        URI base = start(gateway, authorizer);
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/health")).GET());
        assertEquals(200, r.statusCode());
        assertTrue(authorizer.events.isEmpty());
        assertFalse(gateway.last().path("requestContext").has("authorizer"));
    }

    @Test
    void an_authorizer_crash_or_invalid_answer_is_a_500() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        URI base = start(gateway, (in, out, ctx) -> {
            throw new IllegalStateException("boom");
        });
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/v1/me")).GET());
        assertEquals(500, r.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", r.body());
        api.close();

        base = start(gateway, new RecordingHandler(e -> "{\"statusCode\":404,\"body\":\"\"}"));
        r = send(HttpRequest.newBuilder(base.resolve("/v1/me")).GET());
        assertEquals(500, r.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", r.body());
        assertTrue(gateway.events.isEmpty());
    }

    @Test
    void translates_the_function_response_back_to_http() throws Exception {
        RecordingHandler gateway = new RecordingHandler(e -> switch (e.path("rawPath").asText()) {
            case "/plain" -> "{\"hello\":\"world\"}";
            case "/binary" -> "{\"statusCode\":201,\"headers\":{\"content-type\":\"application/octet-stream\",\"x-thing\":\"a\"},"
                    + "\"cookies\":[\"a=1\",\"b=2\"],\"body\":\"" + Base64.getEncoder().encodeToString(new byte[]{1, 2, 3}) + "\",\"isBase64Encoded\":true}";
            case "/crash" -> throw new IllegalStateException("boom");
            default -> "{\"statusCode\":429,\"headers\":{\"retry-after\":\"3\",\"content-type\":\"application/json\"},\"body\":\"{}\"}";
        });
        URI base = start(gateway, RecordingHandler.allowing(CALLER));

        HttpResponse<String> plain = send(HttpRequest.newBuilder(base.resolve("/plain")).GET());
        assertEquals(200, plain.statusCode());
        assertEquals("application/json", plain.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"hello\":\"world\"}", plain.body());

        HttpResponse<byte[]> binary = HTTP.send(HttpRequest.newBuilder(base.resolve("/binary")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(201, binary.statusCode());
        assertArrayEquals(new byte[]{1, 2, 3}, binary.body());
        assertEquals("a", binary.headers().firstValue("x-thing").orElseThrow());
        assertEquals(List.of("a=1", "b=2"), binary.headers().allValues("set-cookie"));

        HttpResponse<String> limited = send(HttpRequest.newBuilder(base.resolve("/limited")).GET());
        assertEquals(429, limited.statusCode());
        assertEquals("3", limited.headers().firstValue("retry-after").orElseThrow());

        HttpResponse<String> crash = send(HttpRequest.newBuilder(base.resolve("/crash")).GET());
        assertEquals(500, crash.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", crash.body());
        assertEquals("$default", gateway.last().path("routeKey").asText());
    }

    @Test
    void a_body_over_10_mb_is_refused_with_413_before_any_function_runs() throws Exception {
        RecordingHandler gateway = RecordingHandler.ok();
        RecordingHandler authorizer = RecordingHandler.allowing(CALLER);
        URI base = start(gateway, authorizer);
        byte[] big = new byte[HttpApiStandIn.MAX_BODY_BYTES + 1];
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertEquals(413, r.statusCode());
        assertEquals("{\"message\":\"Request Entity Too Large\"}", r.body());
        assertTrue(gateway.events.isEmpty());
        assertTrue(authorizer.events.isEmpty());
    }

    @Test
    void an_unmatched_route_without_default_is_404() throws Exception {
        RouteTable routes = RouteTables.parse("{\"routes\":{\"GET /health\":{\"function\":\"gateway\",\"authorized\":false}}}");
        RecordingHandler gateway = RecordingHandler.ok();
        URI base = start(routes, Map.of("gateway", gateway), RecordingHandler.denying());
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/nope")).GET());
        assertEquals(404, r.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", r.body());
        assertEquals(404, send(HttpRequest.newBuilder(base.resolve("/health")).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertTrue(gateway.events.isEmpty());
        assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/health")).GET()).statusCode());
    }

    @Test
    void serves_150_parallel_requests_each_with_its_own_request_id() throws Exception {
        RecordingHandler gateway = new RecordingHandler(e -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return "{\"statusCode\":200,\"body\":\"" + e.path("requestContext").path("requestId").asText() + "\"}";
        });
        URI base = start(gateway, RecordingHandler.allowing(CALLER));
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            all.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/models")).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        Set<String> ids = new HashSet<>();
        for (var f : all) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode());
            assertEquals(r.headers().firstValue("apigw-requestid").orElseThrow(), r.body());
            ids.add(r.body());
        }
        assertEquals(150, ids.size());
        assertNotNull(gateway.last());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
