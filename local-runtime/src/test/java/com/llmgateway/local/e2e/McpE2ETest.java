package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: the gateway as an MCP server at POST /mcp, driven by the official MCP Java SDK client
 * over Streamable HTTP, and by raw HTTP for what a well-behaved client never sends.
 */
class McpE2ETest extends GatewayE2E {


    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult r) {
        assertNotNull(r.structuredContent(), "structuredContent of " + r);
        return (Map<String, Object>) r.structuredContent();
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    private static BigDecimal decimal(Object o) {
        return new BigDecimal(String.valueOf(o));
    }

    @Test
    void the_sdk_initializes_and_lists_the_four_tools_with_schemas() {
        try (McpSyncClient client = mcpClient(gateway.keys().orElseThrow().invokeKey())) {
            McpSchema.InitializeResult init = client.getCurrentInitializationResult();
            assertEquals("2025-11-25", init.protocolVersion()); // the SDK's newest, which the gateway speaks
            assertEquals("llm-gateway", init.serverInfo().name());
            assertNotNull(init.capabilities().tools());
            client.ping();

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertEquals(Set.of("generate", "list_models", "get_usage", "compare_models", "chunk_document",
                            "summarize_document", "extract_json", "extract_entities", "recommend_model", "embed"),
                    tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet()));
            for (McpSchema.Tool t : tools) {
                assertEquals("object", t.inputSchema().get("type"), t.name());
                assertNotNull(t.outputSchema(), t.name());
                assertFalse(t.description().isBlank());
            }
            McpSchema.Tool compare = tools.stream().filter(t -> t.name().equals("compare_models")).findFirst().orElseThrow();
            assertEquals(List.of("models"), compare.inputSchema().get("required"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void generate_answers_with_content_usage_cost_and_is_one_ledger_record_under_route_mcp() {
        try (McpSyncClient client = mcpClient(gateway.keys().orElseThrow().invokeKey())) {
            McpSchema.CallToolResult r;
            long before = System.nanoTime();
            gateway.bedrock().setLatencyMillis(150); // a model call that takes a known time
            try {
                r = call(client, "generate", Map.of("prompt", "Hello from an agent", "max_tokens", 100));
            } finally {
                gateway.bedrock().setLatencyMillis(0);
            }
            long wholeCallMs = (System.nanoTime() - before) / 1_000_000;
            assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            Map<String, Object> s = structured(r);
            assertEquals("Echo from amazon.nova-micro-v1:0: Hello from an agent", s.get("content"));
            assertEquals("nova-micro", s.get("model"));
            assertEquals("amazon.nova-micro-v1:0", s.get("model_id"));
            assertEquals("stop", s.get("finish_reason"));
            assertEquals(false, s.get("cached"));
            Map<String, Object> usage = (Map<String, Object>) s.get("usage");
            long in = ((Number) usage.get("input_tokens")).longValue();
            long out = ((Number) usage.get("output_tokens")).longValue();
            assertTrue(in > 0 && out > 0);
            assertEquals(in + out, ((Number) usage.get("total_tokens")).longValue());
            assertTrue(decimal(s.get("cost_usd")).signum() > 0);
            long latency = ((Number) s.get("latency_ms")).longValue();
            assertTrue(latency >= 150 && latency <= wholeCallMs, "latency_ms " + latency + " of a " + wholeCallMs
                    + " ms tool call whose model took 150 ms");
            // the text block carries the same result as JSON, for clients that ignore structuredContent
            assertEquals(s.get("content"), Json.parse(text(r)).path("content").asText());

            Map<String, AttributeValue> item = ledger((String) s.get("request_id"));
            assertEquals("mcp", item.get("route").s());
            assertEquals(0, decimal(s.get("cost_usd")).compareTo(new BigDecimal(item.get("cost_usd").n())));
            assertEquals(Long.toString(latency), item.get("latency_ms").n(), "the ledger holds the latency the agent saw");

            McpSchema.CallToolResult chat = call(client, "generate", Map.of("model", "claude-haiku-4-5", "system", "Be brief.",
                    "messages", List.of(Map.of("role", "user", "content", "First"), Map.of("role", "assistant", "content", "Ok"),
                            Map.of("role", "user", "content", "Second turn")), "temperature", 0.3));
            assertFalse(Boolean.TRUE.equals(chat.isError()), text(chat));
            assertTrue(((String) structured(chat).get("content")).endsWith(": Second turn"));
            assertEquals("claude-haiku-4-5", structured(chat).get("model"));
        }
    }

    @Test
    void a_misspelt_argument_is_refused_by_name_and_recorded_once() {
        admin.team("{\"team_id\":\"mcp-strict\"}");
        String key = admin.invokeKey("mcp-strict");
        try (McpSyncClient client = mcpClient(key)) {
            McpSchema.CallToolResult generate = call(client, "generate", Map.of("prompt", "Hi", "temprature", 0.2));
            assertTrue(Boolean.TRUE.equals(generate.isError()), text(generate));
            assertTrue(text(generate).contains("unknown argument 'temprature'"), text(generate));
            assertTrue(text(generate).contains("temperature"), "the error lists the arguments the tool takes: " + text(generate));

            McpSchema.CallToolResult recommend = call(client, "recommend_model", Map.of("expected_input_tokens", 2000));
            assertTrue(Boolean.TRUE.equals(recommend.isError()), text(recommend));
            assertTrue(text(recommend).contains("unknown argument 'expected_input_tokens'"), text(recommend));
            assertTrue(text(recommend).contains("input_tokens"), text(recommend));

            for (McpSchema.Tool t : client.listTools().tools()) {
                assertEquals(false, t.inputSchema().get("additionalProperties"), t.name() + " declares additionalProperties false");
            }
        }
        Http.Res usage = http.get("/v1/usage?days=1", "x-api-key", key);
        assertEquals(2, usage.json().path("summary").path("total_requests").asLong(), "one refusal record per call: " + usage.body());
        assertEquals(2, usage.json().path("summary").path("errors").asLong(), usage.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void list_models_gives_prices_context_windows_capabilities_and_what_the_team_may_use() {
        admin.team("{\"team_id\":\"mcp-nova-only\",\"allowed_models\":[\"nova-*\"]}");
        try (McpSyncClient client = mcpClient(admin.invokeKey("mcp-nova-only"))) {
            McpSchema.CallToolResult r = call(client, "list_models", Map.of());
            assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            List<Map<String, Object>> models = (List<Map<String, Object>>) structured(r).get("models");
            assertTrue(models.size() >= 2);
            Map<String, Object> nova = models.stream().filter(m -> m.get("id").equals("nova-micro")).findFirst().orElseThrow();
            assertEquals(true, nova.get("allowed"));
            assertTrue(decimal(((Map<String, Object>) nova.get("pricing")).get("input_per_1m_tokens")).signum() > 0);
            assertTrue(((Number) nova.get("context_window")).longValue() > 0);
            assertNotNull(nova.get("capabilities"));
            Map<String, Object> haiku = models.stream().filter(m -> m.get("id").equals("claude-haiku-4-5")).findFirst().orElseThrow();
            assertEquals(false, haiku.get("allowed"));
            assertEquals("nova-micro", structured(r).get("default_model"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void get_usage_and_its_get_stats_alias_report_month_to_date_spend_and_budget_left() {
        // get_usage reports the gateway's current month (this JVM's clock). Should a month end while the calls
        // run, they run again with a new team, and a second month end cannot come within seconds.
        String team = null;
        Map<String, Object> first = null;
        Map<String, Object> again = null;
        Map<String, Map<String, Object>> reports = new LinkedHashMap<>();
        for (int attempt = 1; team == null; attempt++) {
            YearMonth month = YearMonth.now(ZoneOffset.UTC);
            String id = attempt == 1 ? "mcp-usage" : "mcp-usage-" + attempt;
            admin.team("{\"team_id\":\"" + id + "\",\"monthly_budget_usd\":\"10.00\"}");
            try (McpSyncClient client = mcpClient(admin.invokeKey(id))) {
                first = structured(call(client, "generate", Map.of("prompt", "Spend a little")));
                again = structured(call(client, "generate", Map.of("prompt", "Spend a little")));
                for (String tool : List.of("get_usage", "get_stats")) {
                    McpSchema.CallToolResult r = call(client, tool, Map.of());
                    assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
                    reports.put(tool, structured(r));
                }
            }
            if (YearMonth.now(ZoneOffset.UTC).equals(month)) {
                team = id;
            }
            assertTrue(attempt < 3, "a month ended during each of " + attempt + " attempts");
        }
        assertEquals(true, again.get("cached"));
        BigDecimal cost = decimal(first.get("cost_usd"));

        for (Map<String, Object> u : reports.values()) {
            assertEquals(team, u.get("team_id"));
            assertEquals(2L, ((Number) u.get("requests")).longValue());
            assertEquals(1L, ((Number) u.get("cache_hits")).longValue());
            assertEquals(0, cost.compareTo(decimal(u.get("cost_usd"))));
            assertEquals(0, cost.compareTo(decimal(u.get("cost_saved_usd"))));
            assertTrue(((Number) u.get("total_tokens")).longValue() > 0);
            Map<String, Object> budget = (Map<String, Object>) u.get("budget");
            assertEquals(0, new BigDecimal("10.00").compareTo(decimal(budget.get("monthly_budget_usd"))));
            assertEquals(0, new BigDecimal("10.00").subtract(cost).compareTo(decimal(budget.get("remaining_usd"))));
            List<Map<String, Object>> byModel = (List<Map<String, Object>>) u.get("by_model");
            assertEquals("nova-micro", byModel.get(0).get("model"));
            assertEquals(2L, ((Number) byModel.get(0).get("requests")).longValue());
        }
        assertEquals(List.of("get_usage", "get_stats"), List.copyOf(reports.keySet()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void compare_models_runs_each_model_with_cost_and_latency_and_names_the_cheapest() {
        admin.team("{\"team_id\":\"mcp-compare\"}");
        try (McpSyncClient client = mcpClient(admin.invokeKey("mcp-compare"))) {
            McpSchema.CallToolResult r = call(client, "compare_models", Map.of("prompt", "Which model is cheapest?",
                    "models", List.of("claude-haiku-4-5", "nova-micro", "no-such-model"), "max_tokens", 50));
            assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            Map<String, Object> s = structured(r);
            List<Map<String, Object>> results = (List<Map<String, Object>>) s.get("results");
            assertEquals(List.of("claude-haiku-4-5", "nova-micro", "no-such-model"), results.stream().map(m -> m.get("model")).toList());
            for (Map<String, Object> ok : results.subList(0, 2)) {
                assertNull(ok.get("error"));
                assertTrue(decimal(ok.get("cost_usd")).signum() > 0);
                assertTrue(((String) ok.get("content")).endsWith(": Which model is cheapest?"));
                assertEquals("mcp", ledger((String) ok.get("request_id")).get("route").s());
            }
            assertNotNull(results.get(0).get("request_id"));
            assertFalse(results.get(0).get("request_id").equals(results.get(1).get("request_id")));
            Map<String, Object> error = (Map<String, Object>) results.get(2).get("error");
            assertEquals(404, ((Number) error.get("status")).intValue());
            assertTrue(((String) error.get("message")).contains("no-such-model"));
            assertEquals("nova-micro", ((Map<String, Object>) s.get("cheapest")).get("model"));
            assertEquals(0, decimal(results.get(0).get("cost_usd")).add(decimal(results.get(1).get("cost_usd")))
                    .compareTo(decimal(s.get("total_cost_usd"))));
        }
    }

    @Test
    void failures_are_tool_results_with_is_error_and_a_clear_message() {
        admin.team("{\"team_id\":\"mcp-errors\",\"limits\":{\"rpm\":1,\"input_tpm\":100000,\"output_tpm\":100000}}");
        admin.team("{\"team_id\":\"mcp-broke\",\"monthly_budget_usd\":\"0.000001\"}");
        try (McpSyncClient client = mcpClient(admin.invokeKey("mcp-errors"))) {
            McpSchema.CallToolResult unknown = call(client, "generate", Map.of("model", "no-such-model", "prompt", "Hi"));
            assertEquals(Boolean.TRUE, unknown.isError());
            assertTrue(text(unknown).contains("no-such-model") && text(unknown).contains("404"), text(unknown));

            McpSchema.CallToolResult badArgs = call(client, "generate", Map.of("max_tokens", 10));
            assertEquals(Boolean.TRUE, badArgs.isError());
            assertTrue(text(badArgs).contains("'prompt'"), text(badArgs));

            call(client, "generate", Map.of("prompt", "one"));
            McpSchema.CallToolResult limited = call(client, "generate", Map.of("prompt", "two"));
            assertEquals(Boolean.TRUE, limited.isError(), text(limited));
            assertTrue(text(limited).contains("429") && text(limited).contains("Rate limit"), text(limited));
        }
        try (McpSyncClient client = mcpClient(admin.invokeKey("mcp-broke"))) {
            McpSchema.CallToolResult broke = call(client, "generate", Map.of("prompt", "Too expensive"));
            assertEquals(Boolean.TRUE, broke.isError());
            assertTrue(text(broke).contains("budget"), text(broke));
        }
    }

    @Test
    void an_unknown_tool_is_a_json_rpc_invalid_params_error_for_the_sdk() {
        try (McpSyncClient client = mcpClient(gateway.keys().orElseThrow().invokeKey())) {
            McpError e = assertThrows(McpError.class, () -> call(client, "no_such_tool", Map.of()));
            assertEquals(-32602, e.getJsonRpcError().code());
            assertTrue(e.getJsonRpcError().message().contains("no_such_tool"));
        }
    }

    // ---- raw HTTP -------------------------------------------------------------------------------

    private static Http.Res post(String body, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "x-api-key";
        all[1] = gateway.keys().orElseThrow().invokeKey();
        all[2] = "accept";
        all[3] = "application/json, text/event-stream";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return http.post("/mcp", body, all);
    }

    @Test
    void malformed_json_is_a_400_parse_error_and_a_message_without_method_a_400_invalid_request() {
        Http.Res r = post("{\"jsonrpc\":\"2.0\",\"id\":1,");
        assertEquals(400, r.status());
        assertEquals(-32700, r.json().at("/error/code").asInt());
        assertTrue(r.json().get("id").isNull());

        Http.Res noMethod = post("{\"jsonrpc\":\"2.0\",\"id\":7}");
        assertEquals(400, noMethod.status());
        assertEquals(-32600, noMethod.json().at("/error/code").asInt());
        assertEquals(7, noMethod.json().get("id").asInt());

        Http.Res wrongVersion = post("{\"jsonrpc\":\"1.0\",\"id\":8,\"method\":\"ping\"}");
        assertEquals(400, wrongVersion.status());
        assertEquals(-32600, wrongVersion.json().at("/error/code").asInt());
    }

    @Test
    void an_unknown_method_and_an_unknown_tool_are_json_rpc_errors_with_http_200() {
        Http.Res method = post("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"resources/list\"}");
        assertEquals(200, method.status());
        assertEquals("application/json", method.header("content-type"));
        assertEquals(-32601, method.json().at("/error/code").asInt());
        assertEquals("a", method.json().get("id").asText());

        Http.Res tool = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}");
        assertEquals(200, tool.status());
        assertEquals(-32602, tool.json().at("/error/code").asInt());
        assertTrue(tool.json().at("/error/message").asText().contains("nope"));
    }

    @Test
    void initialize_negotiates_the_version_and_notifications_get_202_with_no_body() {
        Http.Res old = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2024-11-05\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertEquals(200, old.status());
        assertEquals("2024-11-05", old.json().at("/result/protocolVersion").asText());
        assertEquals(false, old.json().at("/result/capabilities/tools/listChanged").asBoolean(true));
        assertNull(old.header("mcp-session-id"));

        Http.Res future = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2099-01-01\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertEquals("2025-11-25", future.json().at("/result/protocolVersion").asText());

        Http.Res note = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "mcp-protocol-version", "2025-06-18");
        assertEquals(202, note.status());
        assertEquals("", note.body());

        Http.Res badVersion = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}", "mcp-protocol-version", "1999-01-01");
        assertEquals(400, badVersion.status());
        assertTrue(badVersion.json().at("/error/message").asText().contains("MCP-Protocol-Version"));
    }

    @Test
    void a_batch_answers_its_requests_and_skips_its_notifications() {
        Http.Res r = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}]");
        assertEquals(200, r.status());
        JsonNode answers = r.json();
        assertEquals(2, answers.size());
        assertTrue(answers.get(0).get("result").isObject());
        assertEquals(10, answers.get(1).at("/result/tools").size()); // 4 tools, the 5 delegation tools (issue 18) and embed (issue 17)
    }

    @Test
    void get_is_405_a_missing_key_401_a_bearer_key_works_and_a_key_without_invoke_is_403() {
        assertEquals(401, http.get("/mcp", "accept", "text/event-stream").status());
        Http.Res get = http.get("/mcp", "accept", "text/event-stream", "x-api-key", gateway.keys().orElseThrow().invokeKey());
        assertEquals(405, get.status());
        assertEquals("POST", get.header("allow"));

        Http.Res noKey = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(401, noKey.status());
        // issue 14: the MCP authorization spec's challenge and a JSON-RPC error, not an OpenAI body
        assertEquals("Bearer realm=\"llm-gateway\"", noKey.header("www-authenticate"));
        assertEquals(-32001, noKey.json().at("/error/code").asInt(), noKey.body());

        Http.Res bearer = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "authorization", "Bearer " + gateway.keys().orElseThrow().invokeKey());
        assertEquals(200, bearer.status(), bearer.body());

        Http.Res finops = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "x-api-key", gateway.keys().orElseThrow().finopsKey());
        assertEquals(403, finops.status());
        assertTrue(finops.header("www-authenticate").contains("error=\"insufficient_scope\""), finops.header("www-authenticate"));
        assertEquals(-32003, finops.json().at("/error/code").asInt(), finops.body());
    }
}
