package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, request encodings and the MCP edges, over real HTTP through the HTTP API stand-in:
 * gzip bodies are served on every protocol, a body declared in another charset or not valid UTF-8
 * is refused in the route's own error shape (OpenAI, Bedrock, JSON-RPC) and is one ledger record,
 * an oversized or compressed-too-large /mcp body is a JSON-RPC 413, and a refused key on /mcp is
 * the MCP authorization spec's 401 with a {@code WWW-Authenticate} challenge and a JSON-RPC body.
 */
class EncodingsE2ETest extends GatewayE2E {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private static final long MAX_BODY_BYTES = 1_048_576; // MAX_BODY_BYTES' default

    private static String key;

    @BeforeAll
    static void team() {
        admin.team("{\"team_id\":\"encodings-e2e\",\"name\":\"Encodings\",\"cost_center\":\"CC-14\","
                + "\"limits\":{\"rpm\":600,\"input_tpm\":1000000,\"output_tpm\":1000000},\"allowed_models\":[\"*\"]}");
        key = admin.invokeKey("encodings-e2e");
    }

    record Res(int status, HttpResponse<String> raw) {
        JsonNode json() {
            return Json.parse(raw.body());
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static Res post(String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.endpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The one ledger record of the request that this response answered. */
    private static Map<String, AttributeValue> ledger(Res r) {
        String requestId = r.header("x-request-id");
        assertNotNull(requestId, "x-request-id");
        Map<String, AttributeValue> item = gateway.dynamoDb().getItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("REQ#" + requestId), "sk", AttributeValue.fromS("REQ")))).item();
        assertFalse(item == null || item.isEmpty(), "ledger item REQ#" + requestId);
        return item;
    }

    private static void assertRecorded(Res r, String route, int status) {
        Map<String, AttributeValue> item = ledger(r);
        assertEquals(route, item.get("route").s());
        assertEquals(Integer.toString(status), item.get("status_code").n());
    }

    private static JsonNode openAiError(Res r, int status) {
        assertEquals(status, r.status(), r.raw().body());
        JsonNode e = r.json().path("error");
        for (String field : new String[] {"message", "type", "param", "code"}) {
            assertTrue(e.has(field), field + " in " + r.raw().body());
        }
        return e;
    }

    private static final String CHAT = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"Grüße aus Köln\"}],"
            + "\"max_tokens\":20}";
    private static final String CONVERSE = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Grüße aus Köln\"}]}]}";

    @Test
    void a_gzip_chat_body_is_decompressed_and_served_with_its_text_intact() {
        Res r = post("/v1/chat/completions", gzip(utf8(CHAT)), "content-type", "application/json",
                "content-encoding", "gzip", "x-api-key", key, "cache-control", "no-store");
        assertEquals(200, r.status(), r.raw().body());
        assertTrue(r.json().at("/choices/0/message/content").asText().endsWith("Grüße aus Köln"), r.raw().body());
        assertRecorded(r, "chat", 200);
    }

    @Test
    void chat_refuses_a_foreign_charset_415_and_malformed_utf8_400_openai_shaped_and_records_both() {
        Res latin1 = post("/v1/chat/completions", CHAT.getBytes(StandardCharsets.ISO_8859_1),
                "content-type", "application/json; charset=ISO-8859-1", "x-api-key", key);
        JsonNode e = openAiError(latin1, 415);
        assertEquals("unsupported_charset", e.get("code").asText());
        assertTrue(e.get("message").asText().contains("UTF-8"), e.toString());
        assertRecorded(latin1, "chat", 415);

        // the same bytes with no charset declared: not UTF-8, so a 400 rather than "Gr??e"
        Res malformed = post("/v1/chat/completions", CHAT.getBytes(StandardCharsets.ISO_8859_1),
                "content-type", "application/json", "x-api-key", key);
        assertEquals("invalid_utf8", openAiError(malformed, 400).get("code").asText());
        assertRecorded(malformed, "chat", 400);

        Res brotli = post("/v1/chat/completions", utf8(CHAT), "content-type", "application/json",
                "content-encoding", "br", "x-api-key", key);
        assertEquals("unsupported_content_encoding", openAiError(brotli, 415).get("code").asText());
        assertEquals("gzip, deflate", brotli.header("accept-encoding"));
        assertRecorded(brotli, "chat", 415);
    }

    @Test
    void a_gzip_bomb_is_a_413_after_at_most_the_body_limit() {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]); // 64 MB of zeros in about 64 KB
        assertTrue(bomb.length < 200_000);
        Res r = post("/v1/chat/completions", bomb, "content-type", "application/json", "content-encoding", "gzip",
                "x-api-key", key);
        JsonNode e = openAiError(r, 413);
        assertEquals("request_too_large", e.get("code").asText());
        assertTrue(e.get("message").asText().contains(Long.toString(MAX_BODY_BYTES)), e.toString());
        assertRecorded(r, "chat", 413);
    }

    @Test
    void converse_serves_gzip_and_answers_a_foreign_charset_as_bedrock_would() {
        Res ok = post("/model/nova-micro/converse", gzip(utf8(CONVERSE)), "content-type", "application/json",
                "content-encoding", "gzip", "x-api-key", key, "cache-control", "no-store");
        assertEquals(200, ok.status(), ok.raw().body());
        assertTrue(ok.json().at("/output/message/content/0/text").asText().endsWith("Grüße aus Köln"), ok.raw().body());

        Res utf16 = post("/model/nova-micro/converse", CONVERSE.getBytes(StandardCharsets.UTF_16),
                "content-type", "application/json; charset=utf-16", "x-api-key", key);
        assertEquals(415, utf16.status());
        assertEquals("ValidationException", utf16.header("x-amzn-ErrorType"));
        assertTrue(utf16.json().get("message").asText().contains("UTF-8"), utf16.raw().body());
        assertRecorded(utf16, "converse", 415);

        Res malformed = post("/model/nova-micro/converse", CONVERSE.getBytes(StandardCharsets.ISO_8859_1),
                "content-type", "application/json", "x-api-key", key);
        assertEquals(400, malformed.status());
        assertEquals("ValidationException", malformed.header("x-amzn-ErrorType"));
        assertRecorded(malformed, "converse", 400);
    }

    @Test
    void mcp_answers_an_oversized_body_and_an_undecodable_one_in_json_rpc_and_records_each() {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        Res gz = post("/mcp", gzip(utf8(ping)), "content-type", "application/json", "content-encoding", "gzip",
                "accept", "application/json, text/event-stream", "x-api-key", key);
        assertEquals(200, gz.status(), gz.raw().body());
        assertEquals(1, gz.json().get("id").asInt());

        byte[] big = new byte[(int) MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        Res tooLarge = post("/mcp", big, "content-type", "application/json", "x-api-key", key);
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.header("content-type").startsWith("application/json"));
        JsonNode rpc = tooLarge.json();
        assertEquals("2.0", rpc.get("jsonrpc").asText());
        assertTrue(rpc.get("id").isNull());
        assertEquals(-32600, rpc.at("/error/code").asInt());
        assertTrue(rpc.at("/error/message").asText().contains(Long.toString(MAX_BODY_BYTES)), rpc.toString());
        assertFalse(rpc.has("error") && rpc.get("error").has("type"), "not OpenAI-shaped: " + rpc);
        assertRecorded(tooLarge, "mcp", 413);

        Res bomb = post("/mcp", gzip(new byte[16 * 1024 * 1024]), "content-type", "application/json",
                "content-encoding", "gzip", "x-api-key", key);
        assertEquals(413, bomb.status());
        assertEquals(-32600, bomb.json().at("/error/code").asInt());
        assertRecorded(bomb, "mcp", 413);

        Res latin1 = post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":\"é\",\"method\":\"ping\"}".getBytes(StandardCharsets.ISO_8859_1),
                "content-type", "application/json", "x-api-key", key);
        assertEquals(400, latin1.status());
        assertEquals(-32700, latin1.json().at("/error/code").asInt());
        assertRecorded(latin1, "mcp", 400);

        Res charset = post("/mcp", utf8(ping), "content-type", "application/json; charset=windows-1252", "x-api-key", key);
        assertEquals(415, charset.status());
        assertEquals(-32700, charset.json().at("/error/code").asInt());
        assertRecorded(charset, "mcp", 415);
    }

    @Test
    void mcp_answers_a_missing_or_bad_key_with_a_bearer_challenge_and_a_json_rpc_error_an_sdk_can_show() {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"e2e\",\"version\":\"1\"}}}";
        Res none = post("/mcp", utf8(init), "content-type", "application/json", "accept", "application/json, text/event-stream");
        assertEquals(401, none.status());
        assertEquals("Bearer realm=\"llm-gateway\"", none.header("www-authenticate"));
        assertTrue(none.header("content-type").startsWith("application/json"));
        JsonNode rpc = none.json();
        assertEquals("2.0", rpc.get("jsonrpc").asText());
        assertTrue(rpc.get("id").isNull());
        assertEquals(-32001, rpc.at("/error/code").asInt());
        assertTrue(rpc.at("/error/message").asText().startsWith("Unauthorized: "), rpc.toString());
        assertTrue(rpc.at("/error/message").asText().contains("x-api-key"), rpc.toString());

        Res bad = post("/mcp", utf8(init), "content-type", "application/json", "authorization", "Bearer lgw_not_a_key_at_all");
        assertEquals(401, bad.status());
        String challenge = bad.header("www-authenticate");
        assertTrue(challenge.startsWith("Bearer realm=\"llm-gateway\", error=\"invalid_token\", error_description=\""), challenge);
        assertEquals(-32001, bad.json().at("/error/code").asInt());
        assertFalse(bad.raw().body().contains("lgw_not_a_key_at_all"), "the key is not echoed");

        Res finops = post("/mcp", utf8(init), "content-type", "application/json",
                "x-api-key", gateway.keys().orElseThrow().finopsKey());
        assertEquals(403, finops.status());
        assertTrue(finops.header("www-authenticate").contains("error=\"insufficient_scope\", scope=\"invoke\""));
        assertEquals(-32003, finops.json().at("/error/code").asInt());
    }
}
