package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unmodified Python SDKs streaming through the local runtime (src/test/python/streaming.py):
 * the OpenAI SDK's iterator gets its first chunk before the Bedrock stand-in has finished, and
 * boto3's converse_stream parses text, tool use, stop reason, usage and a mid-stream exception.
 */
class PythonSdkStreamingE2ETest extends GatewayE2E {

    @Test
    void the_openai_sdk_and_boto3_stream_through_the_gateway() throws Exception {
        admin.team("{\"team_id\":\"py-stream\"}");
        String key = admin.invokeKey("py-stream");
        Sdks.Run r = Sdks.python("streaming.py", Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(), "GATEWAY_KEY", key,
                "BEDROCK_STANDIN", gateway.bedrock().endpoint().toString()), 180);
        assertEquals(0, r.exit(), r.toString());
        JsonNode result = r.json();

        JsonNode openai = result.path("openai");
        assertTrue(openai.path("first_chunk_before_standin_finished").asBoolean(), r.toString());
        assertTrue(openai.path("text").asText().endsWith("Stream hello from the Python SDK please"), r.toString());
        assertEquals("stop", openai.path("finish_reason").asText(), r.toString());
        Map<String, ?> chat = ledger(openai.path("request_id").asText());
        assertEquals(openai.path("completion_tokens").asText(), ledger(openai.path("request_id").asText()).get("output_tokens").n());
        assertTrue(chat.containsKey("cost_usd"));

        JsonNode text = result.path("converse_stream");
        assertEquals("messageStart", text.path("events").path(0).asText(), r.toString());
        assertTrue(text.path("text").asText().endsWith("Say hello from boto3 streaming."), r.toString());
        assertEquals("end_turn", text.path("stopReason").asText());
        assertTrue(text.path("usage").path("outputTokens").asInt() > 0, r.toString());
        var record = ledger(text.path("requestId").asText());
        assertEquals("converse", record.get("route").s());
        assertEquals(text.path("usage").path("outputTokens").asText(), record.get("output_tokens").n());

        JsonNode tool = result.path("tool_stream");
        assertEquals("get_weather", tool.path("tool").path("name").asText(), r.toString());
        assertEquals("tool_use", tool.path("stopReason").asText());
        assertEquals("example", Json.parse(tool.path("tool_input").asText()).path("city").asText(), r.toString());

        assertTrue(result.path("fault").path("raised").asBoolean(), r.toString());
        assertEquals("internalServerException", result.path("fault").path("code").asText(), r.toString());
    }
}
