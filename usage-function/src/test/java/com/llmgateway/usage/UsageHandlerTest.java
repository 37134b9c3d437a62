package com.llmgateway.usage;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.usage.report.ChargebackCsv;
import com.llmgateway.usage.report.FocusCsv;
import com.llmgateway.core.usage.Counters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static LocalDynamoDb db;
    private static UsageHandler handler;

    private static final Team ALPHA = team("alpha", "Alpha Search", "CC-1", "100");
    private static final Team BETA = team("beta", "Beta, \"Inc.\"", "CC-2", null);

    @BeforeAll
    static void start() throws Exception {
        db = new LocalDynamoDb("usage-handler-test-");
        handler = new UsageHandler(UsageWiring.on(db.client, new Env(db.env), Clock.fixed(NOW, ZoneOffset.UTC)));
        UsageData data = new UsageData(db.client, db.env);
        data.team("alpha", "Alpha Search", "CC-1", "100");
        data.team("beta", "Beta, \"Inc.\"", "CC-2", null);
        data.team("gamma", "=Gamma", "CC-3", null);
        data.write(List.of(
                UsageData.dayItem("alpha", LocalDate.parse("2026-11-25"), "nova-micro", c(10, 1000, 500, "0.000105", "0", 0, 0)),
                UsageData.dayItem("alpha", LocalDate.parse("2026-11-20"), "claude-haiku-4-5", c(3, 300, 120, "0.0123", "0.004", 1, 1)),
                UsageData.dayItem("alpha", LocalDate.parse("2026-10-30"), "nova-micro", c(5, 50, 50, "0.00001", "0", 0, 0)),
                UsageData.dayItem("alpha", LocalDate.parse("2026-10-20"), "claude-haiku-4-5", c(100, 9000, 9000, "1.5", "0", 0, 0)),
                UsageData.dayItem("beta", LocalDate.parse("2026-11-01"), "claude-haiku-4-5", c(7, 700, 70, "0.07", "0", 0, 2)),
                UsageData.monthItem("alpha", YearMonth.of(2026, 11), c(13, 1300, 620, "0.012405", "0.004", 1, 1), new BigDecimal("0.5"))));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Counters c(long req, long in, long out, String cost, String saved, long hits, long errors) {
        return new Counters(req, in, out, 0, 0, new BigDecimal(cost), new BigDecimal(saved), hits, errors);
    }

    private static Team team(String id, String name, String cc, String budget) {
        return new Team(id, name, cc, new RateLimits(60, 1000, 1000), Map.of(), List.of("*"),
                budget == null ? null : new BigDecimal(budget), new CachePolicy(true, 60, false), true, null, null);
    }

    private static ApiResponse get(Team team, String scope, String path, String query) {
        Map<String, String> q = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], p.length > 1 ? p[1] : "");
            }
        }
        CallerContext caller = new CallerContext(team.teamId(), "key-1", Set.of(scope), team);
        return UsageEvents.response(handler.handle(UsageEvents.get(path, query, q, caller), null));
    }

    @Test
    void serves_exactly_the_routes_that_routes_json_gives_the_usage_function() {
        assertEquals(com.llmgateway.core.http.RouteTable.load().routeKeysOf("usage"), handler.routeKeys());
    }

    private static JsonNode json(ApiResponse r) {
        return Json.parse(r.body());
    }

    @Test
    void team_report_sums_the_rollups_of_the_last_30_days_exactly() {
        ApiResponse r = get(ALPHA, "invoke", "/v1/usage", "days=30");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode b = json(r);
        assertEquals("alpha", b.get("team_id").asText());
        assertEquals("Alpha Search", b.get("team_name").asText());
        assertEquals(Json.parse("{\"days\":30,\"start\":\"2026-10-27\",\"end\":\"2026-11-25\"}"), b.get("period"));
        JsonNode s = b.get("summary");
        assertEquals(18, s.get("total_requests").asLong());
        assertEquals(1350, s.get("input_tokens").asLong());
        assertEquals(670, s.get("output_tokens").asLong());
        assertEquals(2020, s.get("total_tokens").asLong());
        assertEquals("0.012415", s.get("total_cost_usd").asText());
        assertEquals("0.0004138333", s.get("avg_daily_cost_usd").asText());
        assertEquals(1, s.get("cache_hits").asLong());
        assertEquals("0.004", s.get("cost_saved_usd").asText());
        assertEquals(1, s.get("errors").asLong());

        assertEquals(2, b.get("by_model").size());
        JsonNode top = b.get("by_model").get(0);
        assertEquals("claude-haiku-4-5", top.get("model").asText(), "most expensive first");
        assertEquals(3, top.get("requests").asLong());
        assertEquals("0.0123", top.get("cost_usd").asText());
        assertEquals("0.000115", b.get("by_model").get(1).get("cost_usd").asText());

        assertEquals(30, b.get("by_day").size());
        assertEquals("2026-10-27", b.get("by_day").get(0).get("date").asText());
        assertEquals("0.00", b.get("by_day").get(0).get("cost_usd").asText());
        JsonNode last = b.get("by_day").get(29);
        assertEquals("2026-11-25", last.get("date").asText());
        assertEquals(10, last.get("requests").asLong());
        assertEquals(1500, last.get("tokens").asLong());

        assertEquals(Json.parse("{\"month\":\"2026-11\",\"monthly_budget_usd\":\"100.00\",\"spent_usd\":\"0.012405\","
                + "\"reserved_usd\":\"0.50\",\"remaining_usd\":\"99.487595\"}"), b.get("budget"));
    }

    @Test
    void from_and_to_select_exact_days() {
        JsonNode b = json(get(ALPHA, "invoke", "/v1/usage", "from=2026-10-20&to=2026-10-30"));
        assertEquals(11, b.get("period").get("days").asLong());
        assertEquals(105, b.get("summary").get("total_requests").asLong());
        assertEquals("1.50001", b.get("summary").get("total_cost_usd").asText());
    }

    @Test
    void an_invoke_key_cannot_read_another_teams_usage_but_finops_and_admin_can() {
        ApiResponse denied = get(ALPHA, "invoke", "/v1/usage", "team_id=beta");
        assertEquals(403, denied.statusCode());
        assertEquals("insufficient_scope", json(denied).get("error").get("code").asText());
        assertEquals(403, get(ALPHA, "invoke", "/v1/usage/teams", "").statusCode());

        for (String scope : List.of("finops", "admin")) {
            ApiResponse ok = get(ALPHA, scope, "/v1/usage", "team_id=beta");
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode b = json(ok);
            assertEquals("beta", b.get("team_id").asText());
            assertEquals("Beta, \"Inc.\"", b.get("team_name").asText(), "name from the keys table");
            assertEquals("0.07", b.get("summary").get("total_cost_usd").asText());
            assertTrue(b.get("budget").isNull());
        }
        ApiResponse unknown = get(ALPHA, "finops", "/v1/usage", "team_id=nobody");
        assertEquals(404, unknown.statusCode());
        assertEquals("team_id", json(unknown).get("error").get("param").asText());
    }

    @Test
    void chargeback_report_has_one_row_per_team_and_the_csv_totals_equal_the_json() {
        ApiResponse r = get(BETA, "finops", "/v1/usage/teams", "month=2026-11");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode b = json(r);
        assertEquals(Json.parse("{\"days\":30,\"start\":\"2026-11-01\",\"end\":\"2026-11-30\",\"month\":\"2026-11\"}"), b.get("period"));
        assertEquals(3, b.get("teams").size());
        JsonNode alpha = b.get("teams").get(0);
        assertEquals("alpha", alpha.get("team_id").asText());
        assertEquals("CC-1", alpha.get("cost_center").asText());
        assertEquals(13, alpha.get("requests").asLong());
        assertEquals("0.012405", alpha.get("cost_usd").asText());
        assertEquals(2, alpha.get("by_model").size());
        assertEquals("0.00", b.get("teams").get(2).get("cost_usd").asText(), "a team without usage still has its row");
        assertEquals(20, b.get("totals").get("requests").asLong());
        assertEquals("0.082405", b.get("totals").get("cost_usd").asText());

        ApiResponse csv = get(BETA, "admin", "/v1/usage/teams", "month=2026-11&format=csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().get("content-type").startsWith("text/csv"));
        assertEquals("attachment; filename=\"usage-2026-11.csv\"", csv.headers().get("content-disposition"));
        List<List<String>> rows = parseCsv(csv.body());
        assertEquals(ChargebackCsv.HEADER, rows.get(0));
        assertEquals(1 + 4, rows.size(), "alpha x 2 models, beta x 1, gamma without usage");
        int cost = ChargebackCsv.HEADER.indexOf("cost_usd");
        int requests = ChargebackCsv.HEADER.indexOf("requests");
        BigDecimal sum = BigDecimal.ZERO;
        long req = 0;
        for (List<String> row : rows.subList(1, rows.size())) {
            sum = sum.add(new BigDecimal(row.get(cost)));
            req += Long.parseLong(row.get(requests));
        }
        assertEquals(0, new BigDecimal(b.get("totals").get("cost_usd").asText()).compareTo(sum));
        assertEquals(b.get("totals").get("requests").asLong(), req);
        assertEquals("Beta, \"Inc.\"", rows.get(3).get(3), "quoted cell survives a comma and quotes");
        assertEquals("'=Gamma", rows.get(4).get(3), "a formula-like name is defused");
    }

    @Test
    void focus_export_has_the_specifications_columns_and_its_billed_cost_sums_to_the_chargeback_total() {
        JsonNode report = json(get(BETA, "finops", "/v1/usage/teams", "month=2026-11"));
        ApiResponse r = get(BETA, "finops", "/v1/usage/teams", "month=2026-11&format=focus");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().get("content-type").startsWith("text/csv"));
        assertEquals("attachment; filename=\"usage-2026-11-focus.csv\"", r.headers().get("content-disposition"));
        List<Map<String, String>> rows = focusRows(r.body());
        // alpha: nova-micro (in, out) on the 25th, claude-haiku-4-5 (in, out) on the 20th; beta: haiku (in, out) on the 1st
        assertEquals(6, rows.size(), r.body());
        assertEquals(report.get("totals").get("cost_usd").asText(), sum(rows, "BilledCost"), "exact, digit for digit");
        for (String column : List.of("EffectiveCost", "ListCost", "ContractedCost")) {
            assertEquals(report.get("totals").get("cost_usd").asText(), sum(rows, column), column);
        }
        long tokens = rows.stream().mapToLong(row -> Long.parseLong(row.get("ConsumedQuantity"))).sum();
        assertEquals(report.get("totals").get("total_tokens").asLong(), tokens);

        Map<String, String> in = find(rows, "alpha", "2026-11-25", "Input Tokens");
        Map<String, String> out = find(rows, "alpha", "2026-11-25", "Output Tokens");
        assertEquals("0.000035", in.get("BilledCost"), "1000 nova-micro input tokens at $0.035 per 1M");
        assertEquals("0.00007", out.get("BilledCost"), "500 output tokens at $0.14 per 1M");
        assertEquals("1000", in.get("ConsumedQuantity"));
        assertEquals("Tokens", in.get("ConsumedUnit"));
        assertEquals("nova-micro", in.get("ResourceId"));
        assertEquals("nova-micro:input-tokens", in.get("SkuId"));
        assertEquals("0.000000035", in.get("ListUnitPrice"));
        assertEquals("2026-11-25T00:00:00Z", in.get("ChargePeriodStart"));
        assertEquals("2026-11-26T00:00:00Z", in.get("ChargePeriodEnd"));
        assertEquals("2026-11-01T00:00:00Z", in.get("BillingPeriodStart"));
        assertEquals("2026-12-01T00:00:00Z", in.get("BillingPeriodEnd"));
        assertEquals("USD", in.get("BillingCurrency"));
        assertEquals("Usage", in.get("ChargeCategory"));
        assertEquals("AI and Machine Learning", in.get("ServiceCategory"));
        assertEquals("Amazon Bedrock", in.get("ServiceName"));
        assertEquals("AWS", in.get("ProviderName"));
        assertEquals("Amazon", in.get("PublisherName"));
        assertEquals("alpha", in.get("SubAccountId"));
        assertEquals(Json.parse("{\"team_id\":\"alpha\",\"cost_center\":\"CC-1\"}"), Json.parse(in.get("Tags")));
        assertEquals("", in.get("ChargeClass"), "null is an empty cell");
        assertEquals("Anthropic", find(rows, "beta", "2026-11-01", "Output Tokens").get("PublisherName"));
    }

    @Test
    void a_teams_focus_export_sums_to_its_usage_report() {
        JsonNode report = json(get(ALPHA, "invoke", "/v1/usage", "days=30"));
        ApiResponse r = get(ALPHA, "invoke", "/v1/usage", "days=30&format=focus");
        assertEquals(200, r.statusCode(), r.body());
        List<Map<String, String>> rows = focusRows(r.body());
        assertEquals(report.get("summary").get("total_cost_usd").asText(), sum(rows, "BilledCost"));
        assertTrue(rows.stream().allMatch(row -> row.get("SubAccountId").equals("alpha")));
        assertTrue(r.headers().get("content-disposition").contains("usage-alpha-2026-10-27_2026-11-25-focus.csv"),
                r.headers().toString());
    }

    @Test
    void reports_count_throttles_beside_errors() {
        JsonNode alpha = json(get(ALPHA, "finops", "/v1/usage/teams", "month=2026-11")).get("teams").get(0);
        assertEquals(0, alpha.get("throttles").asLong());
        assertEquals(List.of("errors", "throttles"), ChargebackCsv.HEADER.subList(ChargebackCsv.HEADER.size() - 2,
                ChargebackCsv.HEADER.size()));
        assertTrue(json(get(ALPHA, "invoke", "/v1/usage", "")).get("summary").has("throttles"));
    }

    private static List<Map<String, String>> focusRows(String csv) {
        List<List<String>> lines = parseCsv(csv);
        assertEquals(FocusCsv.HEADER, lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            assertEquals(FocusCsv.HEADER.size(), line.size(), line.toString());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < line.size(); i++) {
                row.put(FocusCsv.HEADER.get(i), line.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String sum(List<Map<String, String>> rows, String column) {
        return com.llmgateway.core.usage.Money.format(rows.stream().map(row -> new BigDecimal(row.get(column)))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    private static Map<String, String> find(List<Map<String, String>> rows, String team, String day, String meter) {
        return rows.stream().filter(row -> row.get("SubAccountId").equals(team)
                        && row.get("ChargePeriodStart").startsWith(day) && row.get("SkuMeter").equals(meter))
                .findFirst().orElseThrow(() -> new AssertionError("no " + meter + " row of " + team + " on " + day));
    }

    @Test
    void chargeback_over_from_and_to_spans_months() {
        JsonNode b = json(get(ALPHA, "finops", "/v1/usage/teams", "from=2026-10-01&to=2026-11-20"));
        assertEquals(115, b.get("totals").get("requests").asLong());
        assertEquals("1.58231", b.get("totals").get("cost_usd").asText());
    }

    @ParameterizedTest(name = "{0}?{1} -> 400 {2}")
    @CsvSource(delimiter = '|', value = {
            "/v1/usage|days=-1|days",
            "/v1/usage|days=0|days",
            "/v1/usage|days=367|days",
            "/v1/usage|days=abc|days",
            "/v1/usage|days=99999999999999|days",
            "/v1/usage|days=5&from=2026-11-01|days",
            "/v1/usage|from=2026-13-01|from",
            "/v1/usage|from=2026-11-31|from",
            "/v1/usage|from=20261101|from",
            "/v1/usage|to=2026-11-01|from",
            "/v1/usage|from=2026-11-10&to=2026-11-01|from",
            "/v1/usage|from=2025-01-01&to=2026-11-25|to",
            "/v1/usage|from=2026-11-01&to=yesterday|to",
            "/v1/usage|team_id=a/b|team_id",
            "/v1/usage|month=2026-11|month",
            "/v1/usage/teams|month=2026-13|month",
            "/v1/usage/teams|month=nov|month",
            "/v1/usage/teams|month=2026-11&from=2026-11-01|month",
            "/v1/usage/teams|format=xml|format",
            "/v1/usage|format=csv|format",
            "/v1/usage/teams|from=2026-11-02&to=2026-11-01|from",
    })
    void bad_parameters_are_400s_naming_the_parameter(String path, String query, String param) {
        ApiResponse r = get(ALPHA, "admin", path, query);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode e = json(r).get("error");
        assertEquals(param, e.get("param").asText());
        assertEquals("invalid_request_error", e.get("type").asText());
        assertTrue(e.has("message") && e.has("code"));
    }

    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r') {
                continue;
            } else if (ch == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(ch);
            }
        }
        return rows;
    }
}
