package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: the unmodified JS AWS SDK ({@code @aws-sdk/client-bedrock-runtime}, pinned in
 * {@code src/test/js/package-lock.json}) with its default request handler, which speaks HTTP/2
 * with prior knowledge to an http:// endpoint, calls Converse through the local runtime and sees
 * Bedrock-shaped errors it can read. The npm project installs with {@code npm ci} on the first run
 * (see {@link Sdks}).
 */
class JsSdkE2ETest extends GatewayE2E {

    @BeforeAll
    static void installTheSdk() throws Exception {
        Sdks.npmCi();
    }

    @Test
    void the_js_sdks_default_http2_client_calls_converse_and_reads_bedrock_shaped_errors() throws Exception {
        admin.team("{\"team_id\":\"js-sdk\"}");
        String key = admin.invokeKey("js-sdk");
        Sdks.Run r = Sdks.node("converse.mjs",
                Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(), "GATEWAY_KEY", key), 180);
        JsonNode result = r.json();
        String out = r.stdout();
        assertEquals(0, r.exit(), r.toString());

        // The SDK's own default handler, not the HTTP/1.1 NodeHttpHandler workaround.
        assertEquals("NodeHttp2Handler", result.path("requestHandler").asText(), out);

        JsonNode converse = result.path("converse");
        assertTrue(converse.path("ok").asBoolean(), out);
        assertEquals(200, converse.path("status").asInt(), out);
        assertTrue(converse.path("text").asText().contains("What is the capital of France?"), out);
        assertEquals("end_turn", converse.path("stopReason").asText(), out);
        assertTrue(converse.path("usage").path("inputTokens").asInt() > 0, out);
        assertEquals(converse.path("usage").path("inputTokens").asInt() + converse.path("usage").path("outputTokens").asInt(),
                converse.path("usage").path("totalTokens").asInt(), out);

        assertError(result.path("unknownModel"), "ResourceNotFoundException", 404, "no-such-model");
        assertError(result.path("emptyMessages"), "ValidationException", 400, "'messages'");
        assertError(result.path("noKey"), "UnrecognizedClientException", 401, "x-api-key");

        // The HTTP/2 call is one ledger record, under the Converse route, like any other client's.
        String requestId = converse.path("requestId").asText();
        assertFalse(requestId.isEmpty() || requestId.equals("null"), out);
        Map<String, AttributeValue> ledger = gateway.dynamoDb().getItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("REQ#" + requestId), "sk", AttributeValue.fromS("REQ")))).item();
        assertEquals("converse", ledger.get("route").s(), "ledger item REQ#" + requestId);
        assertEquals("js-sdk", ledger.get("team_id").s());
    }

    /** What the SDK shows: the error's name from x-amzn-ErrorType, its status, and a message that says what is wrong. */
    private static void assertError(JsonNode e, String name, int status, String mentions) {
        assertFalse(e.path("ok").asBoolean(), e.toString());
        assertEquals(name, e.path("name").asText(), e.toString());
        assertEquals(status, e.path("status").asInt(), e.toString());
        assertEquals("client", e.path("fault").asText(), e.toString());
        assertTrue(e.path("message").asText().contains(mentions), e.toString());
        assertTrue(e.path("message").asText().length() < 400, e.toString());
    }

    @Test
    void the_js_sdks_converse_stream_command_reads_text_tool_use_stop_reason_usage_and_exceptions() throws Exception {
        admin.team("{\"team_id\":\"js-stream\"}");
        String key = admin.invokeKey("js-stream");
        Sdks.Run r = Sdks.node("converse-stream.mjs", Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(),
                "GATEWAY_KEY", key, "BEDROCK_STANDIN", gateway.bedrock().endpoint().toString()), 180);
        assertEquals(0, r.exit(), r.toString());
        JsonNode result = r.json();
        JsonNode text = result.path("text");
        assertEquals("messageStart", text.path("events").path(0).asText(), r.toString());
        assertTrue(text.path("text").asText().endsWith("Say hello from the JS SDK stream."), r.toString());
        assertEquals("end_turn", text.path("stopReason").asText());
        assertTrue(text.path("usage").path("outputTokens").asInt() > 0, r.toString());
        JsonNode tool = result.path("tool");
        assertEquals("get_weather", tool.path("tool").path("name").asText(), r.toString());
        assertEquals("{\"city\":\"example\"}", tool.path("toolInput").asText(), r.toString());
        assertEquals("tool_use", tool.path("stopReason").asText());
        assertTrue(result.path("fault").path("raised").asBoolean(), r.toString());
        assertEquals("InternalServerException", result.path("fault").path("name").asText(), r.toString());
    }
}
