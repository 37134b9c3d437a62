package com.llmgateway.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.chat.TokenEstimator;
import com.llmgateway.gateway.models.ModelsService;
import com.llmgateway.gateway.testing.FakeModelClient;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request encodings on each of the gateway's protocols, through the handler as HTTP API invokes
 * it: a gzip body is served, an undecodable one is refused in the route's own error shape and is
 * one ledger record; the MCP endpoint answers an oversized body and a refused key in JSON-RPC.
 */
class BodyEncodingHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00.123Z");
    private static final long LIMIT = 64 * 1024;

    private final FakeModelClient models = new FakeModelClient().answering("Hi!", "end_turn", new TokenUsage(12, 20));
    private final RecordingMetering metering = new RecordingMetering();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final GatewayHandler handler = new GatewayHandler(new GatewayWiring(new GatewayConfig(LIMIT, "1.2.3"),
            new ModelsService(TestCatalog.catalog()),
            new ChatService(models, metering, metering, new ResponseCache(new InMemoryResponseCacheStore()),
                    new TokenEstimator(), LIMIT, 3600, clock),
            GatewayWiring.noUsageStore(), clock));

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A fixture with this body (base64, as HTTP API sends a binary one), these headers added, and the invoke scope. */
    private static APIGatewayV2HTTPEvent event(String fixture, byte[] body, String... headers) throws IOException {
        APIGatewayV2HTTPEvent e = GatewayHandlerTest.event(fixture);
        Map<String, String> h = new LinkedHashMap<>(e.getHeaders());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        e.setHeaders(h);
        e.setBody(Base64.getEncoder().encodeToString(body));
        e.setIsBase64Encoded(true);
        e.getRequestContext().getAuthorizer().getLambda().put("scopes", "invoke");
        return e;
    }

    private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent e) {
        return handler.handle(e, null);
    }

    private static final byte[] CHAT = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Grüße\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONVERSE = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Grüße\"}]}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_gzip_chat_body_is_served_as_if_it_were_plain() throws IOException {
        APIGatewayV2HTTPResponse r = invoke(event("chat-completions.json", gzip(CHAT), "content-encoding", "gzip"));
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals(1, models.calls.size());
        assertEquals(1, metering.outcomes.size());
    }

    @Test
    void chat_refuses_undecodable_bodies_openai_shaped_and_records_each_once() throws IOException {
        record Case(byte[] body, String[] headers, int status, String code) {
        }
        Case[] cases = {
            new Case(CHAT, new String[] {"content-encoding", "br"}, 415, "unsupported_content_encoding"),
            new Case(CHAT, new String[] {"content-type", "application/json; charset=ISO-8859-1"}, 415, "unsupported_charset"),
            new Case(new String(CHAT, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1), new String[0], 400, "invalid_utf8"),
            new Case(CHAT, new String[] {"content-encoding", "gzip"}, 400, "invalid_content_encoding"),
            new Case(gzip(new byte[(int) LIMIT + 1]), new String[] {"content-encoding", "gzip"}, 413, "request_too_large"),
        };
        for (Case c : cases) {
            APIGatewayV2HTTPResponse r = invoke(event("chat-completions.json", c.body(), c.headers()));
            assertEquals(c.status(), r.getStatusCode(), r.getBody());
            JsonNode error = Json.parse(r.getBody()).get("error");
            assertEquals(c.code(), error.get("code").asText(), r.getBody());
            assertEquals("invalid_request_error", error.get("type").asText());
            assertTrue(error.has("param"));
        }
        assertEquals("gzip, deflate", invoke(event("chat-completions.json", CHAT, "content-encoding", "br")).getHeaders()
                .get("accept-encoding"));
        assertTrue(models.calls.isEmpty());
        assertEquals(cases.length + 1, metering.outcomes.size());
        assertEquals(415, metering.outcomes.get(0).statusCode());
        assertEquals("chat", metering.outcomes.get(0).route());
        assertEquals(413, metering.outcomes.get(4).statusCode());
    }

    @Test
    void converse_serves_gzip_and_refuses_undecodable_bodies_bedrock_shaped() throws IOException {
        assertEquals(200, invoke(event("converse-finops-key.json", gzip(CONVERSE), "content-encoding", "gzip")).getStatusCode());
        APIGatewayV2HTTPResponse charset = invoke(event("converse-finops-key.json", CONVERSE,
                "content-type", "application/json; charset=utf-16"));
        assertEquals(415, charset.getStatusCode());
        assertEquals("ValidationException", charset.getHeaders().get("x-amzn-ErrorType"));
        assertTrue(Json.parse(charset.getBody()).get("message").asText().contains("UTF-8"), charset.getBody());
        APIGatewayV2HTTPResponse bomb = invoke(event("converse-finops-key.json", gzip(new byte[10_000_000]),
                "content-encoding", "gzip"));
        assertEquals(413, bomb.getStatusCode());
        assertEquals("ValidationException", bomb.getHeaders().get("x-amzn-ErrorType"));
        assertEquals(3, metering.outcomes.size());
        assertEquals("converse", metering.outcomes.get(2).route());
        assertEquals(413, metering.outcomes.get(2).statusCode());
    }

    @Test
    void mcp_serves_gzip_and_answers_refused_bodies_in_json_rpc_recording_each() throws IOException {
        APIGatewayV2HTTPResponse ok = invoke(event("mcp-finops-key.json", gzip(PING), "content-encoding", "gzip"));
        assertEquals(200, ok.getStatusCode(), ok.getBody());
        assertEquals(7, Json.parse(ok.getBody()).get("id").asInt());
        assertEquals(0, metering.outcomes.size()); // a ping is no model call

        APIGatewayV2HTTPResponse big = invoke(event("mcp-finops-key.json", new byte[(int) LIMIT + 1]));
        assertEquals(413, big.getStatusCode());
        assertEquals("application/json", big.getHeaders().get("content-type"));
        JsonNode rpc = Json.parse(big.getBody());
        assertEquals("2.0", rpc.get("jsonrpc").asText());
        assertTrue(rpc.get("id").isNull());
        assertEquals(-32600, rpc.at("/error/code").asInt());
        assertTrue(rpc.at("/error/message").asText().contains(Long.toString(LIMIT)), rpc.toString());
        assertEquals("request_too_large", rpc.at("/error/data/code").asText());

        APIGatewayV2HTTPResponse bomb = invoke(event("mcp-finops-key.json", gzip(new byte[10_000_000]), "content-encoding", "gzip"));
        assertEquals(413, bomb.getStatusCode());
        assertEquals(-32600, Json.parse(bomb.getBody()).at("/error/code").asInt());

        APIGatewayV2HTTPResponse latin1 = invoke(event("mcp-finops-key.json",
                "{\"jsonrpc\":\"2.0\",\"id\":\"é\",\"method\":\"ping\"}".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(400, latin1.getStatusCode());
        assertEquals(-32700, Json.parse(latin1.getBody()).at("/error/code").asInt());

        APIGatewayV2HTTPResponse br = invoke(event("mcp-finops-key.json", PING, "content-encoding", "br"));
        assertEquals(415, br.getStatusCode());
        assertEquals(-32700, Json.parse(br.getBody()).at("/error/code").asInt());
        assertEquals("gzip, deflate", br.getHeaders().get("accept-encoding"));

        assertEquals(4, metering.outcomes.size());
        metering.outcomes.forEach(o -> assertEquals("mcp", o.route()));
        assertEquals(java.util.List.of(413, 413, 400, 415), metering.outcomes.stream().map(o -> o.statusCode()).toList());
    }

    @Test
    void mcp_answers_a_missing_or_bad_key_with_a_bearer_challenge_and_a_json_rpc_body() throws IOException {
        APIGatewayV2HTTPEvent bad = GatewayHandlerTest.event("mcp-finops-key.json");
        bad.getRequestContext().getAuthorizer().setLambda(new LinkedHashMap<>(Map.of("deny_status", "401",
                "deny_type", "invalid_request_error", "deny_code", "invalid_api_key", "deny_message", "Invalid API key.")));
        APIGatewayV2HTTPResponse r = invoke(bad);
        assertEquals(401, r.getStatusCode());
        assertEquals("Bearer realm=\"llm-gateway\", error=\"invalid_token\", error_description=\"Invalid API key.\"",
                r.getHeaders().get("www-authenticate"));
        JsonNode rpc = Json.parse(r.getBody());
        assertEquals(-32001, rpc.at("/error/code").asInt());
        assertEquals("Unauthorized: Invalid API key.", rpc.at("/error/message").asText());
        assertEquals(401, rpc.at("/error/data/status").asInt());

        APIGatewayV2HTTPEvent none = GatewayHandlerTest.event("mcp-finops-key.json");
        Map<String, String> headers = new LinkedHashMap<>(none.getHeaders());
        headers.remove("authorization");
        none.setHeaders(headers);
        none.getRequestContext().getAuthorizer().setLambda(new LinkedHashMap<>(Map.of("deny_status", "401",
                "deny_message", "No valid API key was provided.")));
        APIGatewayV2HTTPResponse missing = invoke(none);
        assertEquals(401, missing.getStatusCode());
        assertEquals("Bearer realm=\"llm-gateway\"", missing.getHeaders().get("www-authenticate"));
        assertTrue(models.calls.isEmpty());
    }
}
