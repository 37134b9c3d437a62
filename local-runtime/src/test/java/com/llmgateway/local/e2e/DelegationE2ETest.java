package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ToolSchemas;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: the delegation tools over MCP (Java SDK client), each model call one ledger record
 * naming its tool, against the Bedrock stand-in's deterministic answers to their prompts.
 */
class DelegationE2ETest extends GatewayE2E {

    static final Set<String> TOOLS = Set.of("chunk_document", "summarize_document", "extract_json", "extract_entities",
            "recommend_model");

    /** A deterministic document of {@code paragraphs} paragraphs of about 600 characters (150 tokens) each. */
    static String document(int paragraphs) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= paragraphs; i++) {
            b.append("Station ").append(i).append(" measured ").append(i * 7).append(" units on day ").append(i)
                    .append(". ");
            for (int k = 0; k < 6; k++) {
                b.append("The readings stayed within the expected range and the crew logged them for review. ");
            }
            b.append("\n\n");
        }
        return b.toString();
    }

    private static String team(String id, String budget) {
        admin.team("{\"team_id\":\"" + id + "\",\"limits\":{\"rpm\":10000,\"input_tpm\":100000000,\"output_tpm\":10000000}"
                + (budget == null ? "" : ",\"monthly_budget_usd\":\"" + budget + "\"") + "}");
        return admin.invokeKey(id);
    }

    private static JsonNode call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + ": " + text(r));
        assertNotNull(r.structuredContent(), tool);
        return Json.MAPPER.valueToTree(r.structuredContent());
    }

    private static McpSchema.CallToolResult raw(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    /** The sum of the ledger's cost_usd over the tool's request ids, each checked to name the tool. */
    private static BigDecimal ledgerCost(JsonNode result, String tool) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode id : result.path("request_ids")) {
            Map<String, AttributeValue> item = ledger(id.asText());
            assertEquals("mcp", item.get("route").s());
            assertEquals(tool, item.get("tool").s(), id.asText());
            sum = sum.add(new BigDecimal(item.get("cost_usd").n()));
        }
        return sum;
    }

    @Test
    void the_sdk_lists_every_delegation_tool_with_schemas_and_chunk_document_is_one_record_at_no_cost() {
        String key = team("deleg-list", null);
        try (McpSyncClient client = mcpClient(key)) {
            List<McpSchema.Tool> tools = client.listTools().tools();
            Map<String, McpSchema.Tool> byName = tools.stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
            for (String name : TOOLS) {
                McpSchema.Tool t = byName.get(name);
                assertNotNull(t, name);
                assertEquals("object", t.inputSchema().get("type"), name);
                assertNotNull(t.outputSchema(), name);
                assertTrue(ToolSchemas.problem(Json.MAPPER.valueToTree(t.outputSchema())).isEmpty(), name);
                assertTrue(ToolSchemas.problem(Json.MAPPER.valueToTree(t.inputSchema())).isEmpty(), name);
            }

            String text = "First paragraph. It has two sentences.\n\nSecond paragraph here!\n\nThird one? Yes.";
            JsonNode paragraphs = call(client, "chunk_document", Map.of("text", text, "by", "paragraphs"));
            assertEquals(3, paragraphs.path("count").asInt());
            JsonNode sentences = call(client, "chunk_document", Map.of("text", text, "by", "sentences"));
            assertEquals(5, sentences.path("count").asInt(), sentences.toString());
            String doc = document(40);
            JsonNode tokens = call(client, "chunk_document", Map.of("text", doc, "max_tokens", 500, "overlap", 50));
            assertTrue(tokens.path("count").asInt() > 10);
            int previousEnd = -1;
            for (JsonNode c : tokens.path("chunks")) {
                assertEquals(doc.substring(c.path("start").asInt(), c.path("end").asInt()), c.path("text").asText());
                assertTrue(c.path("tokens").asInt() <= 500);
                assertEquals((c.path("text").asText().length() + 3) / 4, c.path("tokens").asInt(), "ASCII: ceil(chars/4)");
                if (previousEnd >= 0) {
                    assertTrue(c.path("start").asInt() < previousEnd, "chunks overlap");
                }
                previousEnd = c.path("end").asInt();
            }
            assertEquals("0.00", tokens.path("cost_usd").asText());
            assertEquals(0, tokens.path("model_calls").asInt());

            // a pure tool call is one ledger record at cost 0, named after the tool
            List<Map<String, AttributeValue>> records = teamRecords("deleg-list");
            assertEquals(3, records.stream().filter(r -> "chunk_document".equals(s(r, "tool"))).count(), records.toString());
            records.forEach(r -> assertEquals(0, new BigDecimal(r.get("cost_usd").n()).signum()));
            records.forEach(r -> assertEquals("200", r.get("status_code").n()));
        }
    }

    @Test
    void a_long_document_is_map_reduced_and_its_cost_is_the_sum_of_its_calls_in_the_ledger() {
        String key = team("deleg-sum", null);
        String doc = document(200); // about 30,000 tokens: 8 chunks of up to 4000
        try (McpSyncClient client = mcpClient(key)) {
            long started = System.nanoTime();
            JsonNode r = call(client, "summarize_document", Map.of("text", doc, "format", "bullets", "target_words", 60));
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            assertTrue(seconds < 30, "took " + seconds + " s");
            assertTrue(r.path("complete").asBoolean(), r.toString());
            assertTrue(r.path("stopped").isNull());
            assertTrue(r.path("map_reduce").asBoolean());
            int chunks = r.path("chunks").asInt();
            assertTrue(chunks >= 6, r.toString());
            assertEquals("nova-micro", r.path("model").asText(), "the cheapest active model");
            assertTrue(r.path("summary").asText().startsWith("- Station 1 measured 7 units on day 1."), r.path("summary").asText());
            assertTrue(r.path("summary").asText().split(" ").length <= 60 + 20);
            assertEquals(r.path("plan").path("model_calls").asInt(), r.path("model_calls").asInt());
            assertEquals(chunks + 1, r.path("model_calls").asInt(), "one merge call holds every chunk summary");
            assertEquals(chunks, r.path("chunk_summaries").size());
            BigDecimal cost = new BigDecimal(r.path("cost_usd").asText());
            assertTrue(cost.signum() > 0);
            assertEquals(0, cost.compareTo(ledgerCost(r, "summarize_document")), "cost_usd is the ledger's sum");
            assertEquals(r.path("usage").path("input_tokens").asLong() + r.path("usage").path("output_tokens").asLong(),
                    r.path("usage").path("total_tokens").asLong());

            // a short one is a single call
            JsonNode one = call(client, "summarize_document", Map.of("text", document(2)));
            assertEquals(1, one.path("chunks").asInt());
            assertEquals(1, one.path("model_calls").asInt());
            assertEquals("Station 1 measured 7 units on day 1. Station 2 measured 14 units on day 2.", one.path("summary").asText());

            // too long for the 30 s limit: refused before any model call, with the bound
            McpSchema.CallToolResult tooLong = raw(client, "summarize_document", Map.of("text", document(800)));
            assertTrue(Boolean.TRUE.equals(tooLong.isError()));
            assertTrue(text(tooLong).contains("24 s"), text(tooLong));
            assertTrue(text(tooLong).contains("chunk_document"), text(tooLong));
        }
    }

    @Test
    void a_budget_that_runs_out_mid_document_stops_the_summary_with_the_chunk_summaries_so_far() {
        // claude-haiku-4-5 at 1.10/5.50 USD per 1M: each chunk call reserves about 0.0065 USD
        String key = team("deleg-budget", "0.02");
        try (McpSyncClient client = mcpClient(key)) {
            JsonNode r = call(client, "summarize_document", Map.of("text", document(200), "model", "claude-haiku-4-5"));
            assertFalse(r.path("complete").asBoolean(), r.toString());
            assertTrue(r.path("summary").isNull());
            JsonNode stopped = r.path("stopped");
            assertEquals("budget", stopped.path("reason").asText(), stopped.toString());
            assertEquals("budget_exceeded", stopped.path("code").asText());
            assertTrue(stopped.path("note").asText().startsWith("Stopped after "), stopped.toString());
            int done = 0;
            for (JsonNode c : r.path("chunk_summaries")) {
                done += c.path("summary").isNull() ? 0 : 1;
            }
            assertTrue(done >= 1 && done < r.path("chunks").asInt(), r.toString());
            assertEquals(done, stopped.path("completed").asInt());
            BigDecimal cost = new BigDecimal(r.path("cost_usd").asText());
            assertEquals(0, cost.compareTo(ledgerCost(r, "summarize_document")));
            assertTrue(cost.compareTo(new BigDecimal("0.02")) <= 0);
            long refused = 0;
            for (JsonNode id : r.path("request_ids")) {
                if ("budget_exceeded".equals(s(ledger(id.asText()), "error_type"))) {
                    refused++;
                }
            }
            assertTrue(refused >= 1, "the refused call is in the ledger");
        }
    }

    @Test
    void extract_json_answers_an_object_that_fits_the_schema_or_says_why_not() {
        String key = team("deleg-json", null);
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("name", "age", "tags", "status"),
                "properties", Map.of("name", Map.of("type", "string"), "age", Map.of("type", "integer", "minimum", 0),
                        "tags", Map.of("type", "array", "items", Map.of("type", "string")),
                        "status", Map.of("enum", List.of("active", "retired"))),
                "additionalProperties", false);
        try (McpSyncClient client = mcpClient(key)) {
            JsonNode r = call(client, "extract_json", Map.of("text", "Ada is 36, active, and likes maths.", "schema", schema));
            assertTrue(r.path("valid").asBoolean());
            assertEquals(1, r.path("attempts").asInt());
            assertEquals(List.of(), ToolSchemas.violations(Json.MAPPER.valueToTree(schema), r.path("object"), 10));
            assertEquals("active", r.path("object").path("status").asText());
            assertEquals(1, r.path("model_calls").asInt());
            assertEquals(0, new BigDecimal(r.path("cost_usd").asText()).compareTo(ledgerCost(r, "extract_json")));

            // a schema the answer cannot fit: one retry, then the validation messages
            Map<String, Object> zip = Map.of("type", "object", "required", List.of("zip"),
                    "properties", Map.of("zip", Map.of("type", "string", "pattern", "^[0-9]{5}$")));
            McpSchema.CallToolResult bad = raw(client, "extract_json", Map.of("text", "The office is at 10115 Berlin.", "schema", zip));
            assertTrue(Boolean.TRUE.equals(bad.isError()), text(bad));
            assertTrue(text(bad).contains("after 2 attempt(s)"), text(bad));
            assertTrue(text(bad).contains("/zip"), text(bad));
            assertTrue(text(bad).contains("pattern"), text(bad));
            long records = teamRecords("deleg-json").stream().filter(x -> "extract_json".equals(s(x, "tool"))).count();
            assertEquals(3, records, "one call, then two for the answer and its retry");

            // a schema that is not one is refused before any model call, and recorded once
            McpSchema.CallToolResult invalid = raw(client, "extract_json", Map.of("text", "x", "schema", Map.of("type", "nope")));
            assertTrue(Boolean.TRUE.equals(invalid.isError()));
            assertTrue(text(invalid).startsWith("Invalid arguments for tool 'extract_json': 'schema' is not a valid JSON Schema"), text(invalid));
            assertEquals(4, teamRecords("deleg-json").size());
        }
    }

    @Test
    void extract_entities_returns_typed_deduplicated_entities_with_their_mentions() {
        String key = team("deleg-ent", null);
        String text = "Ada Lovelace met Charles Babbage in London on 5 June 1833. Ada Lovelace later wrote notes for"
                + " the Analytical Society. Acme Corp opened an office in Paris on 2026-03-01.";
        try (McpSyncClient client = mcpClient(key)) {
            JsonNode r = call(client, "extract_entities", Map.of("text", text));
            Map<String, JsonNode> byText = new HashMap<>();
            r.path("entities").forEach(e -> byText.put(e.path("text").asText(), e));
            assertEquals("person", byText.get("Ada Lovelace").path("type").asText(), r.toString());
            assertEquals(2, byText.get("Ada Lovelace").path("count").asInt(), "de-duplicated, both mentions");
            assertEquals("person", byText.get("Charles Babbage").path("type").asText());
            assertEquals("location", byText.get("London").path("type").asText());
            assertEquals("location", byText.get("Paris").path("type").asText());
            assertEquals("organization", byText.get("Acme Corp").path("type").asText());
            assertEquals("date", byText.get("5 June 1833").path("type").asText());
            assertEquals("date", byText.get("2026-03-01").path("type").asText());
            for (JsonNode e : r.path("entities")) {
                for (JsonNode m : e.path("mentions")) {
                    assertTrue(text.substring(m.path("start").asInt(), m.path("end").asInt()).equalsIgnoreCase(e.path("text").asText()));
                }
            }
            assertTrue(r.path("complete").asBoolean());
            assertEquals(0, new BigDecimal(r.path("cost_usd").asText()).compareTo(ledgerCost(r, "extract_entities")));

            JsonNode people = call(client, "extract_entities", Map.of("text", text, "types", List.of("person")));
            people.path("entities").forEach(e -> assertEquals("person", e.path("type").asText()));
            assertEquals(2, people.path("entities").size(), people.toString());
        }
    }

    @Test
    void recommend_model_orders_the_matching_models_by_the_catalogs_prices() {
        String key = team("deleg-rec", null);
        try (McpSyncClient client = mcpClient(key)) {
            JsonNode models = call(client, "list_models", Map.of());
            JsonNode r = call(client, "recommend_model", Map.of("input_tokens", 20000, "output_tokens", 2000,
                    "tools", true, "limit", 100));
            // the expected order, from list_models' prices
            record Priced(String name, BigDecimal cost) {
            }
            List<Priced> expected = new ArrayList<>();
            for (JsonNode m : models.path("models")) {
                boolean legacy = "legacy".equals(m.path("lifecycle").asText());
                if (!m.path("capabilities").path("tools").asBoolean() || legacy
                        || m.path("context_window").asLong() < 22000) {
                    continue;
                }
                BigDecimal in = new BigDecimal(m.path("pricing").path("input_per_1m_tokens").asText());
                BigDecimal out = new BigDecimal(m.path("pricing").path("output_per_1m_tokens").asText());
                expected.add(new Priced(m.path("id").asText(), in.multiply(BigDecimal.valueOf(20000))
                        .add(out.multiply(BigDecimal.valueOf(2000))).movePointLeft(6)));
            }
            expected.sort(Comparator.comparing(Priced::cost).thenComparing(Priced::name));
            List<String> got = new ArrayList<>();
            for (JsonNode m : r.path("models")) {
                got.add(m.path("model").asText());
                Priced p = expected.stream().filter(e -> e.name().equals(m.path("model").asText())).findFirst().orElseThrow();
                assertEquals(0, p.cost().compareTo(new BigDecimal(m.path("estimated_cost_usd").asText())), m.toString());
            }
            assertEquals(expected.stream().map(Priced::name).toList(), got);
            assertEquals(got.get(0), r.path("recommended").asText());

            BigDecimal ceiling = new BigDecimal("0.01");
            JsonNode cheap = call(client, "recommend_model", Map.of("input_tokens", 20000, "output_tokens", 2000,
                    "max_cost_usd", "0.01"));
            assertTrue(cheap.path("models").size() > 0);
            cheap.path("models").forEach(m -> assertTrue(new BigDecimal(m.path("estimated_cost_usd").asText()).compareTo(ceiling) <= 0));
            assertNull(call(client, "recommend_model", Map.of("max_cost_usd", "0")).path("recommended").textValue());
        }
    }

    private static String s(Map<String, AttributeValue> item, String field) {
        AttributeValue v = item.get(field);
        return v == null ? null : v.s();
    }

    /** The team's ledger records (a scan: the test's own table holds few). */
    static List<Map<String, AttributeValue>> teamRecords(String teamId) {
        return gateway.dynamoDb().scan(b -> b.tableName(gateway.env().get("USAGE_TABLE")).consistentRead(true)).items()
                .stream().filter(i -> "REQ".equals(s(i, "sk")) && teamId.equals(s(i, "team_id"))).toList();
    }
}
