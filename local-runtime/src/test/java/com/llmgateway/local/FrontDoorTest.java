package com.llmgateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.http.RouteTable;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API stand-in's front door on the wire: HTTP/1.1 and HTTP/2 with prior knowledge on one
 * port, lower-case response header names, and API Gateway's JSON answers to requests that do not
 * parse. Raw sockets where the bytes matter; OkHttp (on the test classpath through openai-java)
 * for HTTP/2 with prior knowledge, which the JDK's client cannot speak.
 */
class FrontDoorTest {

    private static final String CALLER = "{\"team_id\":\"search\",\"key_id\":\"k1\",\"scopes\":\"invoke\"}";
    /** A function that answers with mixed-case header names. */
    private static final String MIXED_CASE = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\","
            + "\"X-Gateway-Cache\":\"MISS\"},\"body\":\"{}\"}";

    private HttpApiStandIn api;
    private final RecordingHandler gateway = new RecordingHandler(e -> MIXED_CASE);

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private URI start() {
        api = HttpApiStandIn.start(0, RouteTable.load(),
                Map.of("gateway", gateway, "auth", RecordingHandler.ok(), "usage", RecordingHandler.ok()),
                RecordingHandler.allowing(CALLER));
        return api.endpoint();
    }

    private static OkHttpClient h2() {
        return new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
    }

    @Test
    void speaks_http2_with_prior_knowledge_and_http1_on_the_same_port() throws Exception {
        URI base = start();
        try (okhttp3.Response r = h2().newCall(new okhttp3.Request.Builder().url(base.resolve("/health").toString())
                .header("x-api-key", "lgw_x").build()).execute()) {
            assertEquals(Protocol.H2_PRIOR_KNOWLEDGE, r.protocol());
            assertEquals(200, r.code());
            assertEquals("{}", r.body().string());
            assertEquals("MISS", r.header("x-gateway-cache"));
        }
        JsonNode e = gateway.last();
        assertEquals("HTTP/2.0", e.path("requestContext").path("http").path("protocol").asText());
        assertEquals("/health", e.path("rawPath").asText());
        // HTTP/2 carries the host as :authority; HTTP API still hands the function a host header.
        assertEquals("127.0.0.1:" + api.port(), e.path("headers").path("host").asText());
        assertEquals("127.0.0.1", e.path("requestContext").path("domainName").asText());
        assertEquals("lgw_x", e.path("headers").path("x-api-key").asText());

        HttpResponse<String> h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
        assertEquals(200, h1.statusCode());
        assertEquals("HTTP/1.1", gateway.last().path("requestContext").path("http").path("protocol").asText());
    }

    @Test
    void an_http2_post_with_a_body_reaches_the_function_whole() throws Exception {
        URI base = start();
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + "x".repeat(100_000) + "\"}]}]}";
        try (okhttp3.Response r = h2().newCall(new okhttp3.Request.Builder()
                .url(base.resolve("/model/us.amazon.nova-micro-v1%3A0/converse").toString())
                .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build()).execute()) {
            assertEquals(200, r.code());
        }
        JsonNode e = gateway.last();
        assertEquals("POST /model/{modelId}/converse", e.path("routeKey").asText());
        assertEquals("us.amazon.nova-micro-v1:0", e.path("pathParameters").path("modelId").asText());
        assertEquals(body, e.path("body").asText());
    }

    @Test
    void an_h2c_upgrade_request_is_answered_in_http1_as_api_gateway_offers_no_upgrade() throws Exception {
        URI base = start();
        // The JDK client asks for "Upgrade: h2c" on a first cleartext request by default.
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals(200, r.statusCode());
    }

    @Test
    void response_header_names_are_lower_case_on_http1_jettys_own_included() throws Exception {
        start();
        Raw r = raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status());
        List<String> names = r.headerNames();
        assertTrue(names.containsAll(List.of("content-type", "x-gateway-cache", "content-length", "date", "apigw-requestid")),
                names.toString());
        names.forEach(n -> assertEquals(n.toLowerCase(), n, "header name on the wire: " + n));
        assertFalse(names.contains("server"), "no server banner");
    }

    @Test
    void a_malformed_percent_escape_is_a_json_400_that_never_reaches_the_function() throws Exception {
        start();
        for (String path : List.of("/v1/models/%zz", "/v1/models/abc%", "/v1/models/%4", "/model/a%G1/converse")) {
            Raw r = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertEquals(400, r.status(), path);
            assertEquals("{\"message\":\"Bad Request\"}", r.body(), path);
            assertEquals("application/json", r.header("content-type"), path);
            assertFalse(r.header("apigw-requestid").isEmpty(), path);
        }
        assertTrue(gateway.events.isEmpty());
    }

    @Test
    void a_request_that_does_not_parse_is_a_json_400() throws Exception {
        start();
        for (String request : List.of(
                "GARBAGE\r\n\r\n",
                "GET /health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n",
                "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ten\r\n\r\n",
                "GET /hea lth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) {
            Raw r = raw(request);
            assertEquals(400, r.status(), request);
            assertEquals("{\"message\":\"Bad Request\"}", r.body(), request);
            r.headerNames().forEach(n -> assertEquals(n.toLowerCase(), n));
        }
        assertTrue(gateway.events.isEmpty());
    }

    @Test
    void request_line_and_header_values_over_10240_bytes_are_a_json_431_on_both_protocols() throws Exception {
        URI base = start();
        String big = "a".repeat(HttpApiStandIn.MAX_HEADER_BYTES);
        Raw r = raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nx-big: " + big + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, r.status());
        assertEquals("{\"message\":\"Request Header Fields Too Large\"}", r.body());

        // Far over the limit: refused while parsing, same answer.
        r = raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nx-big: " + big.repeat(4) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, r.status());
        assertEquals("{\"message\":\"Request Header Fields Too Large\"}", r.body());

        try (okhttp3.Response h2 = h2().newCall(new okhttp3.Request.Builder().url(base.resolve("/health").toString())
                .header("x-big", big).build()).execute()) {
            assertEquals(Protocol.H2_PRIOR_KNOWLEDGE, h2.protocol());
            assertEquals(431, h2.code());
            assertEquals("{\"message\":\"Request Header Fields Too Large\"}", h2.body().string());
        }
        assertTrue(gateway.events.isEmpty());

        // Just under the limit passes.
        String fits = "a".repeat(HttpApiStandIn.MAX_HEADER_BYTES - 200);
        assertEquals(200, raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nx-big: " + fits + "\r\nConnection: close\r\n\r\n").status());
    }

    @Test
    void an_encoded_slash_in_the_path_is_not_refused_by_the_front_door() throws Exception {
        start();
        // The AWS SDKs send an ARN model id with '/' as %2F; Jetty alone would call it ambiguous and answer 400.
        Raw r = raw("POST /model/arn%3Aaws%3Abedrock%3Aus-east-1%3A000000000000%3Ainference-profile%2Fus.amazon.nova-micro-v1%3A0/converse"
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertNotEquals(400, r.status(), r.body());
        assertTrue(r.body().startsWith("{"), r.body());
    }

    @Test
    void the_path_is_percent_decoded_once_as_utf8_and_a_malformed_escape_is_refused() {
        assertEquals("/v1/models/nova-micro", HttpApiStandIn.decodePath("/v1/models/nova-micro"));
        assertEquals("/model/us.amazon.nova-micro-v1:0/converse", HttpApiStandIn.decodePath("/model/us.amazon.nova-micro-v1%3A0/converse"));
        assertEquals("/v1/models/caf\u00e9 x+y", HttpApiStandIn.decodePath("/v1/models/caf%C3%A9%20x+y"));
        assertEquals("/v1/models/%41", HttpApiStandIn.decodePath("/v1/models/%2541"), "decoded once, not twice");
        assertEquals("/", HttpApiStandIn.decodePath(""));
        for (String bad : List.of("/%", "/%4", "/%zz", "/a%G1", "/%%41")) {
            assertEquals(null, HttpApiStandIn.decodePath(bad), bad);
        }
    }

    @Test
    void close_releases_the_port() throws Exception {
        start();
        int port = api.port();
        api.close();
        api = null;
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }

    /** An HTTP/1.1 answer as bytes on the wire. */
    private record Raw(int status, List<String[]> headers, String body) {
        List<String> headerNames() {
            List<String> out = new ArrayList<>();
            headers.forEach(h -> out.add(h[0]));
            return out;
        }

        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse("");
        }
    }

    /** Sends these bytes and reads one answer (up to its content-length, or to the close). */
    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the header: " + head);
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            List<String[]> headers = new ArrayList<>();
            int length = -1;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String[] h = {lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()};
                headers.add(h);
                if (h[0].equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(h[1]);
                }
            }
            byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            return new Raw(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }
}
