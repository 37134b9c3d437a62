package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;
import com.llmgateway.usage.report.FocusCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 19: the FinOps dashboard in a real browser. Headless Chromium (Debian's {@code chromium},
 * driven by npm {@code puppeteer-core}, pinned in {@code src/test/browser/package-lock.json})
 * opens {@code /dashboard} of the local runtime after traffic from two teams (successes on three
 * models, a cache hit, an upstream error, a throttle), tries a wrong key, signs in with the finops
 * key by keyboard, reads the figures off the page, tabs through the controls and downloads the CSV
 * and FOCUS files. Here the figures are compared with {@code /v1/usage/teams} and {@code /v1/usage}
 * to the cent (and digit for digit in the page's data attributes), and the downloads with the API.
 * The screenshot goes to {@code target/dashboard-e2e.png}. Skipped only where chromium, node or npm
 * is missing; {@code .ci/run} installs them.
 */
class DashboardE2ETest extends GatewayE2E {

    private static final Path PROJECT = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCREENSHOT = Path.of("target/dashboard-e2e.png").toAbsolutePath();
    private static final long INSTALL_TIMEOUT_SECONDS = 600;
    private static final long RUN_TIMEOUT_SECONDS = 240;

    private static JsonNode page;
    private static String finopsKey;
    private static final List<Integer> STATUSES = new ArrayList<>();

    /** The UTC day the traffic was sent and the page read: every comparison below is for that day's month and week. */
    private static LocalDate day;

    @BeforeAll
    static void trafficThenTheBrowser() throws Exception {
        assumeTrue(onPath("chromium"), "Debian's chromium is needed for the dashboard's browser test");
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the dashboard's browser test");
        install();
        // A UTC midnight between the traffic and the page would split the figures: then the whole
        // scenario runs again on a fresh gateway.
        for (int attempt = 1; ; attempt++) {
            day = LocalDate.now(ZoneOffset.UTC);
            STATUSES.clear();
            trafficAndPage();
            if (LocalDate.now(ZoneOffset.UTC).equals(day)) {
                return;
            }
            assertTrue(attempt < 3, "a UTC day ended during each of " + attempt + " attempts");
            stopGateway();
            startGateway();
        }
    }

    private static void trafficAndPage() throws Exception {
        admin.team("{\"team_id\":\"search\",\"name\":\"Search\",\"cost_center\":\"CC-1042\",\"monthly_budget_usd\":\"0.01\","
                + "\"limits\":{\"rpm\":4,\"input_tpm\":100000,\"output_tpm\":100000}}");
        admin.team("{\"team_id\":\"support\",\"name\":\"Support\",\"cost_center\":\"CC-2077\",\"monthly_budget_usd\":\"2.50\"}");
        String search = admin.invokeKey("search");
        String support = admin.invokeKey("support");
        finopsKey = gateway.keys().orElseThrow().finopsKey();
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000); // the five calls of search below share one rate-limit minute
        }
        chat(search, "nova-micro", "What does a chargeback report show?");
        chat(search, "nova-micro", "Which team spent the most?");
        chat(search, "nova-micro", "What does a chargeback report show?"); // cache hit
        chat(search, "claude-haiku-4-5", "Summarise this month's spend by model for the platform team.");
        chat(search, "nova-micro", "One more, over the limit of 4 a minute"); // 429
        chat(support, "nova-lite", "Draft a reply to a customer about a delayed refund.");
        chat(support, "claude-haiku-4-5", "Classify this ticket: the invoice total looks wrong.");
        gateway.bedrock().injectFault(com.llmgateway.local.bedrock.BedrockStandIn.Fault.SERVER_ERROR, 10);
        chat(support, "nova-pro", "This one meets an upstream fault");
        gateway.bedrock().clearFaults();
        chat(support, "nova-pro", "Explain FOCUS in one sentence.");

        Path downloads = Files.createTempDirectory("dashboard-downloads");
        Files.createDirectories(SCREENSHOT.getParent());
        Run r = run(List.of("node", "dashboard.mjs"), Map.of(
                "DASHBOARD_URL", gateway.endpoint() + "/dashboard",
                "FINOPS_KEY", finopsKey,
                "WRONG_KEY", "lgw_" + "x".repeat(43),
                "DOWNLOAD_DIR", downloads.toString(),
                "SCREENSHOT", SCREENSHOT.toString()), RUN_TIMEOUT_SECONDS);
        String out = r.stdout().strip();
        assertEquals(0, r.exit(), "dashboard.mjs failed:\n" + r.stderr() + out);
        assertFalse(out.isEmpty(), "dashboard.mjs printed nothing; stderr:\n" + r.stderr());
        page = Json.parse(out.substring(out.lastIndexOf('\n') + 1));
    }

    private static void chat(String key, String model, String q) {
        Http.Res r = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + q + "\"}],\"max_tokens\":200}", "x-api-key", key);
        STATUSES.add(r.status());
    }

    @Test
    void the_traffic_went_as_scripted() {
        assertEquals(List.of(200, 200, 200, 200, 429, 200, 200), STATUSES.subList(0, 7));
        assertTrue(STATUSES.get(7) >= 500, STATUSES.toString());
        assertEquals(200, STATUSES.get(8));
    }

    @Test
    void the_page_shows_each_teams_spend_cache_savings_errors_and_throttles_as_the_api_does() {
        JsonNode api = finops("/v1/usage/teams?month=" + YearMonth.from(day)).json();
        JsonNode shown = page.path("month");
        assertEquals(api.path("period").path("month").asText(), shown.path("period").asText());
        int teams = 0;
        for (JsonNode t : api.path("teams")) {
            String id = t.path("team_id").asText();
            JsonNode row = shown.path("teams").path(id);
            assertFalse(row.isMissingNode(), "no row for " + id + " on the page: " + shown);
            for (String money : List.of("cost_usd", "cost_saved_usd")) {
                sameMoney(t.path(money).asText(), row.path(money), id + " " + money);
            }
            for (String n : List.of("requests", "total_tokens", "cache_hits", "errors", "throttles")) {
                assertEquals(t.path(n).asText(), row.path(n).path("value").asText(), id + " " + n);
                assertEquals(t.path(n).asLong(), Long.parseLong(row.path(n).path("text").asText().replace(",", "")), id + " " + n);
            }
            teams++;
        }
        assertEquals(3, teams, "demo, search and support");
        JsonNode totals = api.path("totals");
        sameMoney(totals.path("cost_usd").asText(), shown.path("totals").path("cost_usd"), "total spend");
        sameMoney(totals.path("cost_saved_usd").asText(), shown.path("totals").path("cost_saved_usd"), "total saved");
        for (String n : List.of("requests", "total_tokens", "cache_hits", "errors", "throttles")) {
            assertEquals(totals.path(n).asText(), shown.path("totals").path(n).path("value").asText(), "total " + n);
        }
        // what the traffic above makes sure the page has something to show
        assertEquals(1, shown.path("teams").path("search").path("cache_hits").path("value").asInt());
        assertEquals(1, shown.path("teams").path("search").path("throttles").path("value").asInt());
        assertTrue(new BigDecimal(shown.path("teams").path("search").path("cost_saved_usd").path("value").asText()).signum() > 0);
        assertEquals(1, shown.path("teams").path("support").path("errors").path("value").asInt());
        assertEquals(5, shown.path("models").size(), "search x 2 models, support x 3: " + shown.path("models"));
        for (JsonNode chart : shown.path("charts")) {
            assertTrue(chart.path("width").asInt() > 200 && chart.path("height").asInt() > 100, chart.toString());
        }
        assertEquals("4.6.1", page.path("chartLoaded").asText(), "the bundled Chart.js ran");
    }

    @Test
    void the_page_shows_this_months_budget_of_each_team_as_the_api_does() {
        for (String team : List.of("search", "support", "demo")) {
            JsonNode budget = finops("/v1/usage?team_id=" + team).json().path("budget");
            JsonNode row = page.path("month").path("budgets").path(team);
            for (String f : List.of("spent_usd", "monthly_budget_usd", "remaining_usd")) {
                sameMoney(budget.path(f).asText(), row.path(f), team + " " + f);
            }
            assertTrue(row.path("used").path("text").asText().endsWith("%"), row.toString());
        }
    }

    @Test
    void another_period_shows_the_apis_figures_for_it() {
        JsonNode api = finops("/v1/usage/teams?from=" + day.minusDays(6) + "&to=" + day).json();
        JsonNode shown = page.path("last7");
        assertEquals(day.minusDays(6) + " to " + day, shown.path("period").asText());
        sameMoney(api.path("totals").path("cost_usd").asText(), shown.path("totals").path("cost_usd"), "7-day spend");
        assertEquals(api.path("totals").path("requests").asText(), shown.path("totals").path("requests").path("value").asText());
    }

    @Test
    void a_wrong_key_gets_a_clear_message_and_the_key_never_goes_into_an_address() {
        JsonNode wrong = page.path("wrongKey");
        assertTrue(wrong.path("message").asText().contains("not accepted (401)"), wrong.toString());
        assertEquals("alert", wrong.path("role").asText(), "read out by screen readers");
        assertTrue(wrong.path("mainHidden").asBoolean(), "no figures without a key");
        assertEquals("key", wrong.path("focus").asText(), "the focus goes back to the key field");

        assertEquals(gateway.endpoint() + "/dashboard", page.path("urlAfterLogin").asText());
        for (JsonNode url : page.path("requests")) {
            assertFalse(url.asText().contains(finopsKey) || url.asText().contains("xxxxxxxx"), url.asText());
            assertTrue(url.asText().startsWith(gateway.endpoint().toString()), "nothing from another origin: " + url.asText());
        }
        assertEquals(List.of("llmgw.dashboard.key"), list(page.path("storage").path("session")));
        assertEquals(List.of(), list(page.path("storage").path("local")), "nothing kept beyond the tab's session");
    }

    @Test
    void the_page_runs_under_its_csp_without_violations_or_script_errors() {
        assertEquals(200, page.path("status").asInt());
        assertTrue(page.path("csp").asText().startsWith("default-src 'none'; script-src 'self'"), page.path("csp").asText());
        assertEquals(List.of(), list(page.path("cspViolations")));
        assertEquals(List.of(), list(page.path("cspEvents")));
        assertEquals(List.of(), list(page.path("pageErrors")));
        for (JsonNode e : page.path("consoleErrors")) {
            assertTrue(e.asText().contains("401"), "the only console error is the wrong key's 401: " + e.asText());
        }
    }

    @Test
    void the_controls_are_reached_and_worked_by_keyboard() {
        assertTrue(list(page.path("loginTabOrder")).contains("key"), page.path("loginTabOrder").toString());
        List<String> order = list(page.path("controlsTabOrder"));
        int period = order.indexOf("period");
        int stack = order.indexOf("stack");
        int csv = order.indexOf("download-csv");
        int focus = order.indexOf("download-focus");
        assertTrue(period >= 0 && period < stack && stack < csv && csv < focus, "tab order: " + order);
        assertTrue(page.path("stacked").asBoolean(), "Space toggles the stacking checkbox");
    }

    @Test
    void the_downloads_are_the_apis_csv_and_focus_and_billed_cost_sums_to_the_chargeback_total() throws Exception {
        String month = YearMonth.from(day).toString();
        byte[] csv = Files.readAllBytes(Path.of(page.path("csvFile").asText()));
        assertArrayEquals(finops("/v1/usage/teams?month=" + month + "&format=csv").body().getBytes(StandardCharsets.UTF_8), csv);
        String focusText = Files.readString(Path.of(page.path("focusFile").asText()));
        assertEquals(finops("/v1/usage/teams?month=" + month + "&format=focus").body(), focusText);

        List<List<String>> rows = parseCsv(focusText);
        assertEquals(FocusCsv.HEADER, rows.get(0), "FOCUS 1.2 column ids");
        for (String column : List.of("BilledCost", "EffectiveCost", "ListCost", "BillingCurrency", "ChargePeriodStart",
                "ChargePeriodEnd", "ChargeCategory", "ChargeDescription", "ServiceName", "ServiceCategory", "ProviderName",
                "PublisherName", "ResourceId", "SkuId", "ConsumedQuantity", "ConsumedUnit", "Tags")) {
            assertTrue(rows.get(0).contains(column), column);
        }
        int billed = rows.get(0).indexOf("BilledCost");
        int tags = rows.get(0).indexOf("Tags");
        int meter = rows.get(0).indexOf("SkuMeter");
        BigDecimal sum = BigDecimal.ZERO;
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals(rows.get(0).size(), row.size(), row.toString());
            sum = sum.add(new BigDecimal(row.get(billed)));
            JsonNode t = Json.parse(row.get(tags));
            assertTrue(t.path("team_id").isTextual() && t.path("cost_center").asText().startsWith("CC-"), row.get(tags));
        }
        JsonNode api = finops("/v1/usage/teams?month=" + month).json();
        assertEquals(api.path("totals").path("cost_usd").asText(), Money.format(sum), "exactly, digit for digit");
        assertTrue(rows.stream().anyMatch(r -> r.get(meter).equals("Input Tokens"))
                && rows.stream().anyMatch(r -> r.get(meter).equals("Output Tokens")), "input and output as separate rows");
    }

    @Test
    void a_screenshot_is_saved_in_the_build_folder() throws IOException {
        assertTrue(Files.size(SCREENSHOT) > 20_000, SCREENSHOT + " is " + Files.size(SCREENSHOT) + " bytes");
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void the_bundled_chart_js_is_the_pinned_npm_package_byte_for_byte() throws Exception {
        byte[] bundled = Files.readAllBytes(Path.of("../usage-function/src/main/resources/dashboard/chart.umd.min.js"));
        byte[] npm = Files.readAllBytes(PROJECT.resolve("node_modules/chart.js/dist/chart.umd.min.js"));
        assertEquals(sha256(npm), sha256(bundled));
        assertEquals("4.6.1", Json.parse(Files.readString(PROJECT.resolve("node_modules/chart.js/package.json"))).path("version").asText());
    }

    /** The page's figure equals the API's: its data-value digit for digit, its text to the cent. */
    private static void sameMoney(String api, JsonNode shown, String what) {
        assertEquals(api, shown.path("value").asText(), what + " (exact, in data-value)");
        String text = shown.path("text").asText();
        assertTrue(text.startsWith("$"), what + ": " + text);
        BigDecimal onPage = new BigDecimal(text.substring(1).replace(",", ""));
        assertEquals(new BigDecimal(api).setScale(2, RoundingMode.HALF_UP), onPage.setScale(2, RoundingMode.HALF_UP),
                what + " to the cent: page " + text + ", API " + api);
    }

    private static Http.Res finops(String path) {
        Http.Res r = http.get(path, "x-api-key", finopsKey);
        assertEquals(200, r.status(), r.body());
        return r;
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next().asText());
        }
        return out;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** RFC 4180: quoted cells with doubled quotes, CRLF line ends. */
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
            } else if (ch == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        return rows;
    }

    private static void install() throws Exception {
        Path lock = PROJECT.resolve("package-lock.json");
        String lockHash = sha256(Files.readAllBytes(lock));
        Path stamp = PROJECT.resolve("node_modules/.installed-lock-sha256");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(lockHash)) {
            return;
        }
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"),
                Map.of(), INSTALL_TIMEOUT_SECONDS);
        if (install.exit() != 0) {
            fail("npm ci in " + PROJECT + " failed (" + install.exit() + "):\n" + install.stderr() + install.stdout());
        }
        Files.writeString(stamp, lockHash + "\n");
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        Path stdout = Files.createTempFile("dashboard-e2e", ".out");
        Path stderr = Files.createTempFile("dashboard-e2e", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(stderr) + Files.readString(stdout));
            }
            return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static boolean onPath(String tool) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
