package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 5: /v1/me, /v1/usage, /v1/usage/teams and MCP get_usage read one usage model.
 * While a request is in flight (its budget reservation committed on the month item, its cost not
 * yet recorded) they give the same budget left, and every money amount is written one way.
 */
class UsageReadModelE2ETest extends GatewayE2E {

    /** {@link Money#format}: plain decimal notation, at least two decimals. */
    private static final Pattern MONEY = Pattern.compile("-?[0-9]+\\.[0-9]{2,}");
    private static final BigDecimal BUDGET = new BigDecimal("10.00");
    private static final BigDecimal IN_FLIGHT = new BigDecimal("0.5");

    /** What the three answers say, for one team with spend recorded and a reservation in flight. */
    private record Answers(JsonNode me, JsonNode usage, JsonNode mcp, BigDecimal spent) {
    }

    private static Answers answersWithAReservationInFlight(String teamId) {
        admin.team("{\"team_id\":\"" + teamId + "\",\"monthly_budget_usd\":\"" + BUDGET + "\"}");
        String key = admin.invokeKey(teamId);
        Http.Res chat = http.post("/v1/chat/completions",
                "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"spend a little\"}]}", "x-api-key", key);
        assertEquals(200, chat.status(), chat.body());
        BigDecimal spent = new BigDecimal(chat.header("x-gateway-cost-usd"));
        assertTrue(spent.signum() > 0);
        // What admission writes for a request it has let in and the recorder has not yet settled:
        // committed_usd grows by the request's maximum cost, cost_usd does not.
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        gateway.dynamoDb().updateItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("TEAM#" + teamId), "sk", AttributeValue.fromS("MONTH#" + month)))
                .updateExpression("ADD committed_usd :r")
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromN(IN_FLIGHT.toPlainString()))));

        JsonNode me = ok(http.get("/v1/me", "x-api-key", key));
        JsonNode usage = ok(http.get("/v1/usage", "x-api-key", key));
        JsonNode mcp;
        try (McpSyncClient client = mcpClient(key)) {
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("get_usage", Map.of()));
            assertFalse(Boolean.TRUE.equals(r.isError()), String.valueOf(r));
            mcp = Json.MAPPER.valueToTree(r.structuredContent());
        }
        assertEquals(month.toString(), me.path("month").asText(), "the month did not turn during the test");
        return new Answers(me, usage, mcp, spent);
    }

    @Test
    void me_usage_and_mcp_get_usage_give_the_same_budget_left_while_a_request_is_in_flight() {
        Answers a = answersWithAReservationInFlight("read-model-inflight");
        String left = Money.format(BUDGET.subtract(a.spent().add(IN_FLIGHT)));

        assertEquals(left, a.me().path("budget_remaining_usd").asText(), "/v1/me " + a.me());
        assertEquals(left, a.usage().at("/budget/remaining_usd").asText(), "/v1/usage " + a.usage());
        assertEquals(left, a.mcp().at("/budget/remaining_usd").asText(), "get_usage " + a.mcp());

        // and the figures the rule starts from agree too
        String spent = Money.format(a.spent());
        assertEquals(spent, a.me().path("month_spend_usd").asText());
        assertEquals(spent, a.usage().at("/budget/spent_usd").asText());
        assertEquals(spent, a.mcp().at("/budget/spent_usd").asText());
        assertEquals("0.50", a.usage().at("/budget/reserved_usd").asText());
        assertEquals("0.50", a.mcp().at("/budget/reserved_usd").asText());
        assertEquals("10.00", a.me().path("monthly_budget_usd").asText());
        assertEquals("10.00", a.usage().at("/budget/monthly_budget_usd").asText());
        assertEquals("10.00", a.mcp().at("/budget/monthly_budget_usd").asText());
    }

    @Test
    void every_money_amount_is_one_exact_decimal_string_across_the_json_answers_and_the_csv() {
        Answers a = answersWithAReservationInFlight("read-model-format");
        String finops = gateway.keys().orElseThrow().finopsKey();
        JsonNode teams = ok(http.get("/v1/usage/teams", "x-api-key", finops));
        Http.Res csv = http.get("/v1/usage/teams?format=csv", "x-api-key", finops);
        assertEquals(200, csv.status(), csv.body());
        JsonNode models = ok(http.get("/v1/models", "x-api-key", finops));

        List<String> amounts = new ArrayList<>();
        for (JsonNode answer : List.of(a.me(), a.usage(), a.mcp(), teams)) {
            moneyFields(answer, "", amounts);
        }
        for (JsonNode m : models.path("data")) {
            m.path("pricing").fields().forEachRemaining(p -> {
                if (!p.getKey().equals("currency") && !p.getValue().isNull()) {
                    amounts.add("/v1/models " + m.path("id").asText() + "/" + p.getKey() + "=" + p.getValue());
                }
            });
        }
        assertTrue(amounts.size() > 40, amounts.toString());
        for (String s : amounts) {
            String value = s.substring(s.indexOf('=') + 1);
            assertTrue(value.startsWith("\"") && MONEY.matcher(value.substring(1, value.length() - 1)).matches(),
                    "a money amount in another form: " + s);
        }

        // One amount, one text: the team's cost of the month in each answer.
        String cost = Money.format(a.spent());
        assertEquals(cost, a.usage().at("/summary/total_cost_usd").asText());
        assertEquals(cost, a.mcp().path("cost_usd").asText());
        JsonNode row = null;
        for (JsonNode t : teams.path("teams")) {
            if (t.path("team_id").asText().equals("read-model-format")) {
                row = t;
            }
        }
        assertEquals(cost, row == null ? null : row.path("cost_usd").asText(), "chargeback " + teams);
        String[] lines = csv.body().split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        List<String> csvCosts = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertTrue(MONEY.matcher(cells[header.indexOf("cost_usd")]).matches(), lines[i]);
            assertTrue(MONEY.matcher(cells[header.indexOf("cost_saved_usd")]).matches(), lines[i]);
            if (cells[header.indexOf("team_id")].equals("read-model-format")) {
                csvCosts.add(cells[header.indexOf("cost_usd")]);
            }
        }
        assertEquals(List.of(cost), csvCosts, "one model, one row, the JSON's text");
    }

    /** Collects {@code path=json} for every field whose name ends in {@code _usd}. */
    private static void moneyFields(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().endsWith("_usd") && !e.getValue().isNull()) {
                    out.add(path + "/" + e.getKey() + "=" + e.getValue());
                } else {
                    moneyFields(e.getValue(), path + "/" + e.getKey(), out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                moneyFields(node.get(i), path + "/" + i, out);
            }
        }
    }

    private static JsonNode ok(Http.Res r) {
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

}
