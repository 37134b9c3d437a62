package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unmodified Python SDKs (pinned in src/test/python/requirements.txt): the OpenAI client with
 * the gateway as its base URL, and boto3's bedrock-runtime client pointed at the gateway, each
 * answered and each in the ledger under its own route.
 */
class PythonSdkE2ETest extends GatewayE2E {

    @Test
    void the_openai_python_sdk_and_boto3_call_the_gateway() throws Exception {
        admin.team("{\"team_id\":\"py-sdk\"}");
        String key = admin.invokeKey("py-sdk");
        Sdks.Run r = Sdks.python("smoke.py", Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(), "GATEWAY_KEY", key), 180);
        assertEquals(0, r.exit(), r.toString());
        JsonNode result = r.json();

        JsonNode chat = result.path("chat");
        assertTrue(chat.path("text").asText().contains("Say hello from Python."), r.toString());
        assertTrue(chat.path("prompt_tokens").asInt() > 0, r.toString());
        assertEquals("chat", ledger(chat.path("request_id").asText()).get("route").s());

        JsonNode converse = result.path("converse");
        assertTrue(converse.path("text").asText().contains("Say hello from boto3."), r.toString());
        assertEquals("end_turn", converse.path("stopReason").asText(), r.toString());
        assertEquals("converse", ledger(converse.path("requestId").asText()).get("route").s());
        assertEquals("py-sdk", ledger(converse.path("requestId").asText()).get("team_id").s());

        JsonNode unknown = result.path("unknownModel");
        assertEquals("ResourceNotFoundException", unknown.path("code").asText(), r.toString());
        assertEquals(404, unknown.path("status").asInt(), r.toString());
        assertTrue(unknown.path("message").asText().contains("no-such-model"), r.toString());
    }
}
