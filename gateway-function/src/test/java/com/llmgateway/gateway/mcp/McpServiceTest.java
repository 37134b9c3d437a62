package com.llmgateway.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.testing.InMemoryUsageReader;
import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.DayRollup;
import com.llmgateway.core.usage.MonthUsage;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.chat.TokenEstimator;
import com.llmgateway.gateway.models.ModelsService;
import com.llmgateway.gateway.testing.Callers;
import com.llmgateway.gateway.testing.FakeModelClient;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MCP server's JSON-RPC handling and tools over fakes of the model and metering ports. */
class McpServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    private final FakeModelClient models = new FakeModelClient().answering("Hi agent!", "end_turn", new TokenUsage(12, 20));
    private final RecordingMetering metering = new RecordingMetering();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ChatService chat = new ChatService(models, metering, metering,
            new ResponseCache(new InMemoryResponseCacheStore()), new TokenEstimator(), 1024 * 1024, 3600, clock);
    private static final Counters MONTH_COUNTERS = new Counters(3, 100, 50, 0, 0, new BigDecimal("0.0004"), new BigDecimal("0.0001"), 1, 0);
    private final InMemoryUsageReader usage = new InMemoryUsageReader()
            .month(new MonthUsage(Callers.invoker().teamId(), YearMonth.of(2026, 11), MONTH_COUNTERS, new BigDecimal("0.0005")))
            .day(new DayRollup(Callers.invoker().teamId(), LocalDate.of(2026, 11, 25), "test-model", MONTH_COUNTERS))
            .day(new DayRollup(Callers.invoker().teamId(), LocalDate.of(2026, 11, 26), "after-today", MONTH_COUNTERS));
    private final McpService mcp = new McpService(chat, new ModelsService(TestCatalog.catalog()), usage, "test-model",
            "1.2.3", clock);

    private static ApiRequest post(String body, CallerContext caller, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return new ApiRequest("POST /mcp", "POST", "/mcp", "", h, Map.of(), Map.of(), body, "req-1", "127.0.0.1",
                NOW.toEpochMilli(), caller == null ? Map.of() : caller.toAuthorizerContext());
    }

    private ApiResponse send(String body, String... headers) {
        return mcp.handle(post(body, Callers.invoker(), headers), Callers.invoker(), "req-1");
    }

    private JsonNode rpc(String method, String params) {
        ApiResponse r = send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().get("content-type"));
        return Json.parse(r.body());
    }

    private JsonNode tool(String name, String arguments) {
        JsonNode r = rpc("tools/call", "{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}");
        assertTrue(r.has("result"), r.toString());
        return r.get("result");
    }

    @Test
    void initialize_answers_the_clients_version_when_supported_else_the_newest() {
        for (String v : McpService.PROTOCOL_VERSIONS) {
            ApiResponse r = send("{\"jsonrpc\":\"2.0\",\"id\":\"i\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + v + "\"}}");
            JsonNode result = Json.parse(r.body()).get("result");
            assertEquals(v, result.get("protocolVersion").asText());
            assertEquals(v, r.headers().get("mcp-protocol-version"));
            assertEquals("llm-gateway", result.at("/serverInfo/name").asText());
            assertEquals("1.2.3", result.at("/serverInfo/version").asText());
            assertFalse(result.at("/capabilities/tools/listChanged").asBoolean(true));
            assertFalse(r.headers().containsKey("mcp-session-id"));
        }
        assertEquals("2025-11-25", rpc("initialize", "{\"protocolVersion\":\"2030-01-01\"}").at("/result/protocolVersion").asText());
        assertEquals("2025-11-25", rpc("initialize", null).at("/result/protocolVersion").asText());
    }

    @Test
    void ping_and_tools_list_answer_and_notifications_and_client_responses_get_202() {
        assertTrue(rpc("ping", null).get("result").isEmpty());
        JsonNode tools = rpc("tools/list", "{}").at("/result/tools");
        assertEquals(List.of("generate", "list_models", "get_usage", "compare_models", "chunk_document",
                        "summarize_document", "extract_json", "extract_entities", "recommend_model"),
                java.util.stream.StreamSupport.stream(tools.spliterator(), false).map(t -> t.get("name").asText()).toList());
        tools.forEach(t -> assertEquals("object", t.at("/inputSchema/type").asText()));

        ApiResponse note = send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertEquals(202, note.statusCode());
        assertEquals("", note.body());
        assertEquals(202, send("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}").statusCode());
    }

    @Test
    void protocol_errors_carry_json_rpc_codes() {
        ApiResponse parse = send("{oops");
        assertEquals(400, parse.statusCode());
        assertEquals(-32700, Json.parse(parse.body()).at("/error/code").asInt());

        ApiResponse empty = send("");
        assertEquals(400, empty.statusCode());
        assertEquals(-32600, Json.parse(empty.body()).at("/error/code").asInt());

        ApiResponse emptyBatch = send("[]");
        assertEquals(400, emptyBatch.statusCode());

        ApiResponse nullId = send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");
        assertEquals(400, nullId.statusCode());
        assertEquals(-32600, Json.parse(nullId.body()).at("/error/code").asInt());

        assertEquals(-32601, rpc("prompts/list", null).at("/error/code").asInt());
        assertEquals(-32602, rpc("tools/call", "{\"arguments\":{}}").at("/error/code").asInt());
        assertEquals(-32602, rpc("tools/call", "{\"name\":\"nope\"}").at("/error/code").asInt());
        assertEquals(-32602, rpc("tools/list", "[1]").at("/error/code").asInt());

        ApiResponse version = send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "mcp-protocol-version", "2020-01-01");
        assertEquals(400, version.statusCode());
        ApiResponse known = send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "mcp-protocol-version", "2025-06-18");
        assertEquals(200, known.statusCode());
        assertEquals("2025-06-18", known.headers().get("mcp-protocol-version"));
    }

    @Test
    void a_body_that_is_not_json_rpc_is_one_refused_ledger_record() {
        // The caller and the route's scope (invoke) are the dispatcher's, from routes.json: GatewayHandlerTest checks them.
        ApiResponse r = send("{nope");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(-32700, Json.parse(r.body()).at("/error/code").asInt());
        assertEquals(1, metering.outcomes.size());
        assertEquals("mcp", metering.outcomes.get(0).route());
        assertEquals(400, metering.outcomes.get(0).statusCode());
        assertEquals("req-1", metering.outcomes.get(0).requestId());
    }

    @Test
    void generate_uses_the_default_model_and_gives_each_model_call_its_own_ledger_id_under_route_mcp() {
        JsonNode batch = Json.parse(send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"generate\","
                + "\"arguments\":{\"prompt\":\"one\"}}},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]").body());
        assertEquals(2, batch.size());
        JsonNode first = batch.get(0).at("/result/structuredContent");
        assertEquals("Hi agent!", first.get("content").asText());
        assertEquals("test-model", first.get("model").asText());
        assertEquals("us.test.model-v1:0", first.get("model_id").asText());
        assertEquals(32, first.at("/usage/total_tokens").asLong());
        assertEquals("stop", first.get("finish_reason").asText());
        // 12 in at $0.80/1M + 20 out at $3.20/1M
        assertEquals(0, new BigDecimal("0.0000736").compareTo(new BigDecimal(first.get("cost_usd").asText())));

        ApiResponse second = mcp.handle(post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"generate\",\"arguments\":{\"prompt\":\"two\",\"model\":\"test-claude\",\"max_tokens\":30}}}",
                Callers.invoker()), Callers.invoker(), "req-2");
        assertEquals("test-claude", Json.parse(second.body()).at("/result/structuredContent/model").asText());

        assertEquals(List.of("req-1-1", "req-2-1"), metering.outcomes.stream().map(o -> o.requestId()).toList());
        assertEquals(List.of("mcp", "mcp"), metering.outcomes.stream().map(o -> o.route()).toList());
        assertEquals("test-claude", models.calls.get(1).modelName());
    }

    @Test
    void a_batch_may_hold_one_tool_call_so_it_ends_within_api_gateways_30_seconds() {
        ApiResponse r = send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"generate\","
                + "\"arguments\":{\"prompt\":\"one\"}}},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"generate\",\"arguments\":{\"prompt\":\"two\"}}}]");
        assertEquals(400, r.statusCode());
        assertEquals(-32600, Json.parse(r.body()).at("/error/code").asInt());
        assertTrue(models.calls.isEmpty(), "no model call for a refused batch");
    }

    @Test
    void tool_failures_are_results_with_is_error() {
        JsonNode unknown = tool("generate", "{\"model\":\"gpt-9\",\"prompt\":\"x\"}");
        assertTrue(unknown.get("isError").asBoolean());
        assertTrue(unknown.at("/content/0/text").asText().contains("gpt-9"));

        JsonNode noPrompt = tool("generate", "{\"temperature\":0.5}");
        assertTrue(noPrompt.get("isError").asBoolean());
        assertTrue(noPrompt.at("/content/0/text").asText().startsWith("Invalid arguments for tool 'generate'"));

        JsonNode tooHot = tool("generate", "{\"prompt\":\"x\",\"temperature\":7}");
        assertTrue(tooHot.get("isError").asBoolean());
        assertTrue(tooHot.at("/content/0/text").asText().contains("temperature"));

        JsonNode tooMany = tool("compare_models", "{\"prompt\":\"x\",\"models\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}");
        assertTrue(tooMany.get("isError").asBoolean());

        models.failing(GatewayException.upstream(503, "upstream_unavailable", "Model 'test-model' is not available right now; retry shortly."));
        JsonNode upstream = tool("generate", "{\"prompt\":\"x\"}");
        assertTrue(upstream.get("isError").asBoolean());
        assertEquals("Error 503 (upstream_unavailable): Model 'test-model' is not available right now; retry shortly.",
                upstream.at("/content/0/text").asText());
    }

    @Test
    void get_usage_and_get_stats_report_the_month_with_budget_left() {
        JsonNode u = tool("get_stats", "{}").get("structuredContent");
        assertEquals("2026-11", u.get("month").asText());
        assertEquals(3, u.get("requests").asLong());
        assertEquals(150, u.get("total_tokens").asLong());
        assertEquals("0.0004", u.get("cost_usd").asText()); // Money.format, as in /v1/usage
        assertEquals("0.0001", u.get("cost_saved_usd").asText());
        assertTrue(u.get("budget").isNull()); // Callers' team has no budget
        assertEquals("test-model", u.at("/by_model/0/model").asText());
        assertEquals(1, u.get("by_model").size(), "the month up to today: " + u);
        assertEquals(60, u.at("/rate_limits/requests_per_minute").asLong());
        assertEquals(u, tool("get_usage", "{}").get("structuredContent"));
    }

    @Test
    void list_models_marks_what_the_team_may_use() {
        CallerContext narrow = Callers.invoker(List.of("test-model"));
        JsonNode r = Json.parse(mcp.handle(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"list_models\"}}",
                narrow), narrow, "req-1").body()).at("/result/structuredContent/models");
        assertTrue(r.size() >= 3);
        r.forEach(m -> assertEquals(m.get("id").asText().equals("test-model"), m.get("allowed").asBoolean(), m.toString()));
        JsonNode test = java.util.stream.StreamSupport.stream(r.spliterator(), false)
                .filter(m -> m.get("id").asText().equals("test-model")).findFirst().orElseThrow();
        assertEquals("0.80", test.at("/pricing/input_per_1m_tokens").asText());
        assertEquals(32000, test.get("context_window").asLong());
    }
}
