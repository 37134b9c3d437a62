package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: OpenAI chat completions, the Bedrock Converse passthrough and the MCP generate tool
 * are three protocols in front of one pipeline. The same prompt costs the same tokens and money
 * on each and leaves the same ledger record (but for its route), and a body refused while being
 * parsed is recorded on every protocol.
 */
class OnePipelineE2ETest extends GatewayE2E {

    private static final List<String> SAME_FIELDS = List.of("team_id", "model", "model_id", "input_tokens",
            "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "cost_saved_usd", "status_code", "cached");


    private static String mcpCall(String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"generate\",\"arguments\":"
                + arguments + "}}";
    }

    private static Http.Res mcp(String key, String arguments) {
        return http.post("/mcp", mcpCall(arguments), "x-api-key", key, "accept", "application/json, text/event-stream",
                "mcp-protocol-version", "2025-11-25", "cache-control", "no-store");
    }

    @Test
    void the_same_prompt_gives_the_same_tokens_cost_and_ledger_record_on_all_three_protocols() {
        admin.team("{\"team_id\":\"one-pipeline\"}");
        String key = admin.invokeKey("one-pipeline");
        String prompt = "How far is the Moon? " + UUID.randomUUID();

        Http.Res chat = http.post("/v1/chat/completions", "{\"model\":\"nova-micro\",\"max_tokens\":50,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}", "x-api-key", key, "cache-control", "no-store");
        Http.Res converse = http.post("/model/nova-micro/converse", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"text\":\"" + prompt + "\"}]}],\"inferenceConfig\":{\"maxTokens\":50}}",
                "x-api-key", key, "cache-control", "no-store");
        Http.Res mcp = mcp(key, "{\"prompt\":\"" + prompt + "\",\"model\":\"nova-micro\",\"max_tokens\":50}");
        assertEquals(200, chat.status(), chat.body());
        assertEquals(200, converse.status(), converse.body());
        assertEquals(200, mcp.status(), mcp.body());

        JsonNode c = chat.json();
        JsonNode b = converse.json();
        JsonNode m = mcp.json().path("result").path("structuredContent");
        assertFalse(mcp.json().path("result").path("isError").asBoolean(), mcp.body());

        assertEquals(c.at("/choices/0/message/content").asText(), b.at("/output/message/content/0/text").asText());
        assertEquals(c.at("/choices/0/message/content").asText(), m.path("content").asText());
        long input = c.at("/usage/prompt_tokens").asLong();
        long output = c.at("/usage/completion_tokens").asLong();
        assertTrue(input > 0 && output > 0, chat.body());
        assertEquals(input, b.at("/usage/inputTokens").asLong(), converse.body());
        assertEquals(output, b.at("/usage/outputTokens").asLong(), converse.body());
        assertEquals(input, m.at("/usage/input_tokens").asLong(), mcp.body());
        assertEquals(output, m.at("/usage/output_tokens").asLong(), mcp.body());
        BigDecimal cost = new BigDecimal(chat.header("x-gateway-cost-usd"));
        assertTrue(cost.signum() > 0, chat.body());
        assertEquals(0, cost.compareTo(new BigDecimal(c.at("/gateway_metadata/cost_usd").asText())));
        assertEquals(0, cost.compareTo(new BigDecimal(converse.header("x-gateway-cost-usd"))));
        assertEquals(0, cost.compareTo(new BigDecimal(m.path("cost_usd").asText())), mcp.body());

        Map<String, AttributeValue> viaChat = ledger(chat.header("x-request-id"));
        Map<String, AttributeValue> viaConverse = ledger(converse.header("x-request-id"));
        Map<String, AttributeValue> viaMcp = ledger(m.path("request_id").asText());
        for (String field : SAME_FIELDS) {
            assertEquals(viaChat.get(field), viaConverse.get(field), field);
            assertEquals(viaChat.get(field), viaMcp.get(field), field);
        }
        assertEquals("chat", viaChat.get("route").s());
        assertEquals("converse", viaConverse.get("route").s());
        assertEquals("mcp", viaMcp.get("route").s());
        assertEquals(Long.toString(input), viaChat.get("input_tokens").n());
    }

    @Test
    void a_body_refused_while_parsing_is_one_ledger_record_on_every_protocol() {
        admin.team("{\"team_id\":\"refused-bodies\"}");
        String key = admin.invokeKey("refused-bodies");

        Http.Res chat = http.post("/v1/chat/completions", "{\"model\": \"nova-micro\", \"messages\": [", "x-api-key", key);
        assertEquals(400, chat.status(), chat.body());
        assertEquals("invalid_json", chat.error().path("code").asText());
        assertEquals("400", ledger(chat.header("x-request-id")).get("status_code").n());

        Http.Res notJson = http.post("/model/nova-micro/converse", "{\"messages\": [", "x-api-key", key);
        assertEquals(400, notJson.status(), notJson.body());
        assertEquals("ValidationException", notJson.header("x-amzn-ErrorType"));
        Map<String, AttributeValue> refused = ledger(notJson.header("x-request-id"));
        assertEquals("400", refused.get("status_code").n());
        assertEquals("converse", refused.get("route").s());

        Http.Res image = http.post("/model/nova-micro/converse", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"AA==\"}}}]}]}", "x-api-key", key);
        assertEquals(400, image.status(), image.body());
        assertEquals("400", ledger(image.header("x-request-id")).get("status_code").n());

        Http.Res badArgs = mcp(key, "{\"max_tokens\":10}");
        assertEquals(200, badArgs.status(), badArgs.body());
        JsonNode result = badArgs.json().path("result");
        assertTrue(result.path("isError").asBoolean(), badArgs.body());
        assertTrue(result.at("/content/0/text").asText().startsWith("Invalid arguments for tool 'generate'"), badArgs.body());
        Map<String, AttributeValue> mcpRecord = ledger(badArgs.header("x-request-id") + "-1");
        assertEquals("400", mcpRecord.get("status_code").n());
        assertEquals("mcp", mcpRecord.get("route").s());

        Http.Res usage = http.get("/v1/usage?days=1", "x-api-key", key);
        assertEquals(200, usage.status(), usage.body());
        assertEquals(4, Json.parse(usage.body()).path("summary").path("total_requests").asLong(), usage.body());
    }
}
