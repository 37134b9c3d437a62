package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.store.Tables;
import com.llmgateway.local.bedrock.BedrockStandIn.Fault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5 end to end: a scripted mix of successes, upstream faults, cache hits and refusals over
 * HTTP, then the reports: exactly what was sent, per team and model, and the ledger agrees.
 */
class UsageE2ETest extends GatewayE2E {

    private static String keyA;
    private static String keyB;
    private static final List<Http.Res> SENT_A = new ArrayList<>();
    private static BigDecimal costB = BigDecimal.ZERO;

    private static String chat(String model, String q) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + q + "\"}],\"max_tokens\":40}";
    }

    @BeforeAll
    static void scriptedMix() throws Exception {
        admin.team("{\"team_id\":\"usage-a\",\"name\":\"Team A\",\"cost_center\":\"CC-A\",\"limits\":{\"rpm\":6,\"input_tpm\":100000,\"output_tpm\":100000}}");
        admin.team("{\"team_id\":\"usage-b\",\"name\":\"Team B\",\"cost_center\":\"CC-B\"}");
        keyA = admin.invokeKey("usage-a");
        keyB = admin.invokeKey("usage-b");
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000);
        }
        SENT_A.add(http.post("/v1/chat/completions", chat("nova-micro", "first question"), "x-api-key", keyA));   // 200
        SENT_A.add(http.post("/v1/chat/completions", chat("nova-micro", "second question"), "x-api-key", keyA));  // 200
        SENT_A.add(http.post("/v1/chat/completions", chat("nova-micro", "first question"), "x-api-key", keyA));   // 200 HIT
        SENT_A.add(http.post("/v1/chat/completions", chat("claude-haiku-4-5", "third question"), "x-api-key", keyA)); // 200
        gateway.bedrock().injectFault(Fault.SERVER_ERROR, 10);
        SENT_A.add(http.post("/v1/chat/completions", chat("nova-micro", "fault"), "x-api-key", keyA));           // 5xx upstream
        gateway.bedrock().clearFaults();
        SENT_A.add(http.post("/v1/chat/completions", chat("nova-micro", "sixth"), "x-api-key", keyA));           // 200
        SENT_A.add(http.post("/v1/chat/completions", chat("nova-micro", "seventh"), "x-api-key", keyA));         // 429 rpm
        Http.Res b = http.post("/v1/chat/completions", chat("nova-lite", "team b"), "x-api-key", keyB);
        assertEquals(200, b.status(), b.body());
        costB = new BigDecimal(b.json().path("gateway_metadata").path("cost_usd").asText());
    }

    private static BigDecimal cost(Http.Res r) {
        return r.status() == 200 ? new BigDecimal(r.json().path("gateway_metadata").path("cost_usd").asText()) : BigDecimal.ZERO;
    }

    @Test
    void the_mix_went_as_scripted() {
        List<Integer> statuses = SENT_A.stream().map(Http.Res::status).toList();
        assertEquals(List.of(200, 200, 200, 200), statuses.subList(0, 4));
        assertTrue(statuses.get(4) >= 500, "upstream fault: " + SENT_A.get(4).body());
        assertEquals(200, statuses.get(5));
        assertEquals(429, statuses.get(6), SENT_A.get(6).body());
        assertEquals("HIT", SENT_A.get(2).header("x-gateway-cache"));
    }

    @Test
    void the_usage_report_shows_exactly_what_was_sent() {
        Http.Res r = http.get("/v1/usage?days=2", "x-api-key", keyA);
        assertEquals(200, r.status(), r.body());
        JsonNode s = r.json().path("summary");
        assertEquals("usage-a", r.json().path("team_id").asText());
        assertEquals("Team A", r.json().path("team_name").asText());
        assertEquals(7, s.path("total_requests").asLong());
        assertEquals(1, s.path("cache_hits").asLong());
        assertEquals(2, s.path("errors").asLong());
        BigDecimal sent = SENT_A.stream().filter(x -> !"HIT".equals(x.header("x-gateway-cache")))
                .map(UsageE2ETest::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, sent.compareTo(new BigDecimal(s.path("total_cost_usd").asText())), "report " + s);
        assertEquals(0, cost(SENT_A.get(0)).compareTo(new BigDecimal(s.path("cost_saved_usd").asText())));
        long tokens = SENT_A.stream().filter(x -> x.status() == 200 && !"HIT".equals(x.header("x-gateway-cache")))
                .mapToLong(x -> x.json().path("usage").path("total_tokens").asLong()).sum();
        assertEquals(tokens, s.path("total_tokens").asLong());

        BigDecimal haiku = null;
        for (JsonNode m : r.json().path("by_model")) {
            if (m.path("model").asText().equals("claude-haiku-4-5")) {
                haiku = new BigDecimal(m.path("cost_usd").asText());
                assertEquals(1, m.path("requests").asLong());
            }
        }
        assertEquals(0, cost(SENT_A.get(3)).compareTo(haiku));
        long byDay = 0;
        for (JsonNode d : r.json().path("by_day")) {
            byDay += d.path("requests").asLong();
        }
        assertEquals(7, byDay, "by_day adds up to the requests sent (two days in case the run crossed midnight UTC)");
    }

    @Test
    void the_ledger_holds_one_record_per_request_and_agrees_with_the_rollups() {
        String table = gateway.env().get(Tables.spec(Tables.USAGE).envVar());
        List<Map<String, AttributeValue>> ledger = new ArrayList<>();
        List<Map<String, AttributeValue>> days = new ArrayList<>();
        List<Map<String, AttributeValue>> months = new ArrayList<>(); // two if a month ended during the mix
        for (Map<String, AttributeValue> item : gateway.dynamoDb().scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            String pk = item.get("pk").s();
            String sk = item.get("sk").s();
            if (pk.startsWith("REQ#") && "usage-a".equals(item.getOrDefault("team_id", AttributeValue.fromS("")).s())) {
                ledger.add(item);
            } else if (pk.equals("TEAM#usage-a") && sk.startsWith("DAY#")) {
                days.add(item);
            } else if (pk.equals("TEAM#usage-a") && sk.startsWith("MONTH#")) {
                months.add(item);
            }
        }
        assertEquals(7, ledger.size());
        for (Http.Res r : SENT_A) {
            String id = r.header("x-request-id");
            assertTrue(ledger.stream().anyMatch(i -> i.get("request_id").s().equals(id)), "no ledger record for " + id);
        }
        BigDecimal ledgerCost = ledger.stream().map(i -> new BigDecimal(i.get("cost_usd").n())).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal dayCost = days.stream().map(i -> new BigDecimal(i.get("cost_usd").n())).reduce(BigDecimal.ZERO, BigDecimal::add);
        long dayRequests = days.stream().mapToLong(i -> Long.parseLong(i.get("requests").n())).sum();
        assertEquals(0, ledgerCost.compareTo(dayCost));
        BigDecimal monthCost = months.stream().map(i -> new BigDecimal(i.get("cost_usd").n())).reduce(BigDecimal.ZERO, BigDecimal::add);
        long monthRequests = months.stream().mapToLong(i -> Long.parseLong(i.get("requests").n())).sum();
        assertTrue(months.size() == 1 || months.size() == 2, months.size() + " months for a mix of seconds");
        assertEquals(0, ledgerCost.compareTo(monthCost));
        assertEquals(7, dayRequests);
        assertEquals(7, monthRequests);
        for (Map<String, AttributeValue> i : ledger) {
            assertTrue(!i.toString().contains("question"), "the ledger holds no prompt text");
        }
    }

    @Test
    void team_boundaries_hold_and_finops_reads_both() {
        assertEquals(403, http.get("/v1/usage?team_id=usage-b", "x-api-key", keyA).status());
        assertEquals(403, http.get("/v1/usage/teams", "x-api-key", keyA).status());
        String finops = gateway.keys().orElseThrow().finopsKey();
        Http.Res b = http.get("/v1/usage?days=2&team_id=usage-b", "x-api-key", finops);
        assertEquals(200, b.status(), b.body());
        assertEquals(0, costB.compareTo(new BigDecimal(b.json().path("summary").path("total_cost_usd").asText())));
        assertEquals(200, http.get("/v1/usage?days=2&team_id=usage-a", "x-api-key", finops).status());
    }

    @Test
    void the_chargeback_csv_parses_and_its_totals_equal_the_json() {
        String finops = gateway.keys().orElseThrow().finopsKey();
        Http.Res json = http.get("/v1/usage/teams", "x-api-key", finops);
        assertEquals(200, json.status(), json.body());
        // the CSV of the month the JSON reported, even if a month ended between the two calls
        String month = json.json().path("period").path("month").asText();
        assertTrue(month.matches("\\d{4}-\\d{2}"), json.body());
        Http.Res csv = http.get("/v1/usage/teams?format=csv&month=" + month, "x-api-key", finops);
        assertEquals(200, csv.status());
        assertTrue(csv.header("content-type").startsWith("text/csv"), csv.header("content-type"));
        String[] lines = csv.body().split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        int team = header.indexOf("team_id");
        int cost = header.indexOf("cost_usd");
        int requests = header.indexOf("requests");
        BigDecimal csvA = BigDecimal.ZERO;
        long csvRequestsA = 0;
        BigDecimal csvAll = BigDecimal.ZERO;
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertEquals(header.size(), cells.length, lines[i]);
            csvAll = csvAll.add(new BigDecimal(cells[cost]));
            if (cells[team].equals("usage-a")) {
                csvA = csvA.add(new BigDecimal(cells[cost]));
                csvRequestsA += Long.parseLong(cells[requests]);
            }
        }
        JsonNode a = null;
        for (JsonNode t : json.json().path("teams")) {
            if (t.path("team_id").asText().equals("usage-a")) {
                a = t;
            }
        }
        assertEquals("CC-A", a.path("cost_center").asText());
        assertEquals(0, csvA.compareTo(new BigDecimal(a.path("cost_usd").asText())));
        assertEquals(a.path("requests").asLong(), csvRequestsA);
        assertEquals(0, csvAll.compareTo(new BigDecimal(json.json().path("totals").path("cost_usd").asText())));
    }

    @Test
    void malformed_parameters_get_400_naming_the_parameter() {
        String finops = gateway.keys().orElseThrow().finopsKey();
        Map<String, String> cases = Map.of(
                "/v1/usage?days=-1", "days",
                "/v1/usage?days=100000", "days",
                "/v1/usage?days=ten", "days",
                "/v1/usage?from=2026-13-01", "from",
                "/v1/usage?from=2026-11-20&to=2026-11-01", "from",
                "/v1/usage/teams?format=xml", "format",
                "/v1/usage/teams?month=2026-1", "month",
                "/v1/usage?start=2026-11-01", "start");
        cases.forEach((path, param) -> {
            Http.Res r = http.get(path, "x-api-key", finops);
            assertEquals(400, r.status(), path + " " + r.body());
            assertTrue(r.error().path("param").asText().startsWith(param.substring(0, 2)), path + " " + r.body());
        });
    }
}
