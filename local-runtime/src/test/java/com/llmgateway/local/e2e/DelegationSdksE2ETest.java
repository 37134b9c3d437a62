package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: the Python MCP SDK ({@code mcp}, src/test/python/mcp_delegation.py) and the TypeScript
 * MCP SDK ({@code @modelcontextprotocol/sdk}, src/test/js/mcp.mjs) list and call every tool of
 * /mcp; the TypeScript SDK also checks each structured result against the tool's output schema.
 */
class DelegationSdksE2ETest extends GatewayE2E {

    static final Set<String> ALL_TOOLS = Set.of("generate", "list_models", "get_usage", "compare_models",
            "chunk_document", "summarize_document", "extract_json", "extract_entities", "recommend_model");

    private static String key(String team) {
        admin.team("{\"team_id\":\"" + team + "\",\"limits\":{\"rpm\":10000,\"input_tpm\":100000000,\"output_tpm\":10000000}}");
        return admin.invokeKey(team);
    }

    @Test
    void the_python_mcp_sdk_lists_and_calls_every_tool() throws Exception {
        String key = key("py-mcp");
        Sdks.Run run = Sdks.python("mcp_delegation.py", Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(),
                "GATEWAY_KEY", key), 240);
        assertEquals(0, run.exit(), run.toString());
        check(run.json(), run);
    }

    @Test
    void the_typescript_mcp_sdk_lists_and_calls_every_tool_and_checks_the_output_schemas() throws Exception {
        String key = key("ts-mcp");
        Sdks.Run run = Sdks.node("mcp.mjs", Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(), "GATEWAY_KEY", key), 240);
        assertEquals(0, run.exit(), run.toString());
        check(run.json(), run);
    }

    private static void check(JsonNode out, Sdks.Run run) {
        Set<String> listed = new HashSet<>();
        out.path("tools").forEach(t -> listed.add(t.asText()));
        assertTrue(listed.containsAll(ALL_TOOLS), listed.toString());
        for (String tool : ALL_TOOLS) {
            JsonNode r = out.path("results").path(tool);
            assertFalse(r.path("isError").asBoolean(true), tool + ": " + r + "\n" + run);
            assertTrue(r.path("structuredContent").isObject(), tool + ": " + r);
        }
        JsonNode summary = out.path("results").path("summarize_document").path("structuredContent");
        assertTrue(summary.path("complete").asBoolean(), summary.toString());
        assertTrue(summary.path("chunks").asInt() > 1, summary.toString());
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode id : summary.path("request_ids")) {
            Map<String, AttributeValue> item = ledger(id.asText());
            assertEquals("summarize_document", item.get("tool").s());
            sum = sum.add(new BigDecimal(item.get("cost_usd").n()));
        }
        assertEquals(0, sum.compareTo(new BigDecimal(summary.path("cost_usd").asText())), "cost = the ledger's sum");
        assertEquals(summary.path("chunks").asInt() + 1, summary.path("request_ids").size());

        JsonNode extracted = out.path("results").path("extract_json").path("structuredContent");
        assertTrue(extracted.path("object").path("name").isTextual() && extracted.path("object").path("age").isInt(),
                extracted.toString());

        JsonNode recommended = out.path("results").path("recommend_model").path("structuredContent").path("models");
        assertTrue(recommended.size() > 1);
        for (int i = 1; i < recommended.size(); i++) {
            assertTrue(new BigDecimal(recommended.get(i - 1).path("estimated_cost_usd").asText())
                    .compareTo(new BigDecimal(recommended.get(i).path("estimated_cost_usd").asText())) <= 0, recommended.toString());
        }
        JsonNode entities = out.path("results").path("extract_entities").path("structuredContent").path("entities");
        assertTrue(entities.size() >= 3, entities.toString());
    }
}
