package com.llmgateway.gateway.metering;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.usage.UsageKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;


import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.llmgateway.gateway.metering.Fixtures.HAIKU;
import static com.llmgateway.gateway.metering.Fixtures.NOVA;
import static com.llmgateway.gateway.metering.Fixtures.caller;
import static com.llmgateway.gateway.metering.Fixtures.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DynamoDbUsageRecorderTest {

    /*
     * Every instant is derived from the real clock and lies in the future: window items expire an hour after
     * their minute, ledger items 90 days after their request (the tables' TTL attribute), and an engine
     * under DYNAMODB_ENDPOINT may delete expired items at any time, so nothing written here may be expired yet.
     * DAY1 is 23:59:30 tomorrow and DAY2 08:00 the day after: two UTC days, in one month or two.
     */
    private static final LocalDate SECOND_DAY = LocalDate.now(ZoneOffset.UTC).plusDays(2);
    private static final Instant DAY1 = SECOND_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(30);
    private static final Instant DAY2 = SECOND_DAY.atTime(8, 0).toInstant(ZoneOffset.UTC);
    private static final String DAY2_MONTH = "MONTH#" + YearMonth.from(SECOND_DAY);
    /** The next month boundary after now: a reservation in its last second, the call ending in the next month. */
    private static final Instant MONTH_START = YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(1)
            .atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final List<String> COUNTERS = List.of(UsageKeys.REQUESTS, UsageKeys.INPUT_TOKENS,
            UsageKeys.OUTPUT_TOKENS, UsageKeys.CACHE_READ_TOKENS, UsageKeys.CACHE_WRITE_TOKENS, UsageKeys.COST_USD,
            UsageKeys.COST_SAVED_USD, UsageKeys.CACHE_HITS, UsageKeys.ERRORS, UsageKeys.THROTTLES);

    private static LocalDynamoDb db;
    private static MeteringConfig config;
    private static DynamoDbAdmissionControl admission;
    private static DynamoDbUsageRecorder recorder;

    @BeforeAll
    static void start() throws Exception {
        db = new LocalDynamoDb("recorder-test-");
        config = MeteringConfig.from(new Env(db.env));
        admission = new DynamoDbAdmissionControl(db.client, config, Clock.fixed(DAY2, ZoneOffset.UTC));
        recorder = new DynamoDbUsageRecorder(db.client, config, Clock.fixed(DAY2, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Outcome success(Team team, ModelInfo m, Instant at, TokenUsage u, Admission a) {
        return new Outcome(UUID.randomUUID().toString(), at, caller(team), "chat", m, u, CostCalculator.cost(m, u),
                BigDecimal.ZERO, 120, 4, 200, null, false, a);
    }

    @Test
    void recording_the_same_request_twice_keeps_one_record_and_counts_it_once() {
        Team team = team("idem", new RateLimits(100, 100_000, 100_000), Map.of(), "5");
        Admission a = admission.admit(new AdmissionRequest("r", caller(team), HAIKU, "chat", 100, 200, DAY2));
        Outcome o = success(team, HAIKU, DAY2, new TokenUsage(120, 80), a);

        assertTrue(recorder.record(o));
        Map<String, AttributeValue> monthOnce = item(UsageKeys.teamPk("idem"), DAY2_MONTH);
        Map<String, AttributeValue> windowOnce = window(a.windowKey());
        assertTrue(recorder.record(o), "a duplicate is already recorded, which is success");

        assertEquals(1, ledger().stream().filter(i -> i.get("request_id").s().equals(o.requestId())).count());
        assertEquals(monthOnce, item(UsageKeys.teamPk("idem"), DAY2_MONTH), "rollups unchanged by the duplicate");
        assertEquals(windowOnce.get("input_tokens"), window(a.windowKey()).get("input_tokens"), "window reconciled once");
        assertEquals("120", windowOnce.get("input_tokens").n());
        assertEquals("80", windowOnce.get("output_tokens").n());
        assertEquals(0, new BigDecimal(monthOnce.get("cost_usd").n()).compareTo(new BigDecimal(monthOnce.get("committed_usd").n())));
    }

    @Test
    void ledger_item_holds_every_field_and_no_text() {
        Team team = team("fields", new RateLimits(100, 100_000, 100_000), Map.of(), null);
        Outcome o = new Outcome("req-fields", DAY2, caller(team), "converse", NOVA, new TokenUsage(10, 20, 30, 0),
                CostCalculator.cost(NOVA, new TokenUsage(10, 20, 30, 0)), BigDecimal.ZERO, 321, 12, 200, null, false, null);
        assertTrue(recorder.record(o));
        Map<String, AttributeValue> l = item("REQ#req-fields", "REQ");
        assertEquals("req-fields", l.get("request_id").s());
        assertEquals(DAY2.toString(), l.get("time").s());
        assertTrue(l.get("time").s().matches("\\d{4}-\\d{2}-\\d{2}T08:00:00Z"), l.get("time").s());
        assertEquals("fields", l.get("team_id").s());
        assertEquals("key-fields", l.get("key_id").s());
        assertEquals("converse", l.get("route").s());
        assertEquals("nova-micro", l.get("model").s());
        assertEquals(NOVA.invokeId(), l.get("model_id").s());
        assertEquals("10", l.get("input_tokens").n());
        assertEquals("20", l.get("output_tokens").n());
        assertEquals("30", l.get("cache_read_tokens").n());
        // 10 x 0.035 + 20 x 0.14 + 30 x 0.00875 = 3.4125 per 1M
        assertEquals(0, new BigDecimal("0.0000034125").compareTo(new BigDecimal(l.get("cost_usd").n())));
        assertEquals("321", l.get("latency_ms").n());
        assertEquals("12", l.get("overhead_ms").n());
        assertEquals("200", l.get("status_code").n());
        assertFalse(l.get("cached").bool());
        assertEquals(DAY2.plusSeconds(90L * 86400).getEpochSecond(), Long.parseLong(l.get("expires_at").n()));
    }

    @Test
    void the_stored_ledger_item_is_the_golden_attribute_map() {
        Team team = team("search", new RateLimits(100, 100_000, 100_000), Map.of(), null);
        CallerContext caller = new CallerContext("search", "key_0123456789abcdef", Set.of("invoke"), team);
        ModelInfo haiku = HAIKU;
        TokenUsage u = new TokenUsage(1200, 80, 30, 4);
        Admission a = new Admission(null, 0, new BigDecimal("0.0025"), YearMonth.from(SECOND_DAY).toString(), Map.of());
        Outcome o = new Outcome("req-golden-" + UUID.randomUUID(), DAY2, caller, "chat", haiku, u,
                new BigDecimal("0.00000125"), BigDecimal.ZERO, 321, 12, 502, "upstream_error", false, a);
        assertTrue(recorder.record(o));
        Map<String, AttributeValue> golden = new HashMap<>(LedgerItemTest.golden(o.requestId(), DAY2, SECOND_DAY,
                DAY2.plusSeconds(90L * 86400).getEpochSecond()));
        golden.put("model", AttributeValue.fromS(haiku.name()));
        golden.put("model_id", AttributeValue.fromS(haiku.invokeId()));
        assertEquals(golden, item(UsageKeys.ledgerPk(o.requestId()), UsageKeys.LEDGER_SK));
    }

    @Test
    void rollups_equal_the_sum_of_the_ledger_to_the_exact_decimal_after_a_mixed_concurrent_load() throws Exception {
        Team a = team("mix-a", new RateLimits(10_000, 10_000_000, 10_000_000), Map.of(), "100");
        Team b = team("mix-b", new RateLimits(10_000, 10_000_000, 10_000_000), Map.of(), null);
        List<Outcome> outcomes = new ArrayList<>();
        int n = 0;
        for (Team t : List.of(a, b)) {
            for (Instant at : List.of(DAY1, DAY2)) {
                for (ModelInfo m : List.of(NOVA, HAIKU)) {
                    for (int i = 0; i < 12; i++, n++) {
                        TokenUsage u = new TokenUsage(100 + n * 7, 13 + n * 3, n % 3 == 0 ? 50 : 0, n % 5 == 0 ? 20 : 0);
                        Admission adm = admission.admit(new AdmissionRequest("m" + n, caller(t), m, "chat", 100, 500, at));
                        switch (i % 4) {
                            case 0, 1 -> outcomes.add(success(t, m, at, u, adm));
                            case 2 -> outcomes.add(new Outcome(UUID.randomUUID().toString(), at, caller(t), "chat", m,
                                    TokenUsage.ZERO, BigDecimal.ZERO, CostCalculator.cost(m, u), 3, 3, 200, null, true, adm));
                            default -> outcomes.add(new Outcome(UUID.randomUUID().toString(), at, caller(t), "chat", m,
                                    TokenUsage.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 900, 5, 502, "upstream_error", false, adm));
                        }
                    }
                }
                // refused by admission (no reservation) and refused before admission (no model)
                outcomes.add(new Outcome(UUID.randomUUID().toString(), at, caller(t), "chat", NOVA, TokenUsage.ZERO,
                        BigDecimal.ZERO, BigDecimal.ZERO, 2, 2, 429, "rate_limit_exceeded", false, null));
                outcomes.add(new Outcome(UUID.randomUUID().toString(), at, caller(t), "chat", null, TokenUsage.ZERO,
                        BigDecimal.ZERO, BigDecimal.ZERO, 1, 1, 404, "model_not_found", false, null));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> done = new ArrayList<>();
        for (Outcome o : outcomes) {
            done.add(pool.submit(() -> {
                go.await();
                return recorder.record(o);
            }));
        }
        go.countDown();
        for (Future<Boolean> f : done) {
            assertTrue(f.get());
        }
        pool.shutdown();

        // Sum the ledger per team/day/model and per team/month, and compare with the rollups.
        Map<String, Map<String, BigDecimal>> days = new HashMap<>();
        Map<String, Map<String, BigDecimal>> months = new HashMap<>();
        for (Map<String, AttributeValue> l : ledger()) {
            String team = l.get("team_id").s();
            if (!team.startsWith("mix-")) {
                continue;
            }
            String day = l.get("day").s();
            add(days.computeIfAbsent(UsageKeys.teamPk(team) + "|DAY#" + day + "#MODEL#" + l.get("model").s(), k -> new HashMap<>()), l);
            add(months.computeIfAbsent(UsageKeys.teamPk(team) + "|MONTH#" + day.substring(0, 7), k -> new HashMap<>()), l);
        }
        assertEquals(2 * 2 * 3, days.size(), "two teams x two days x (two models + none)");
        assertEquals(outcomes.size(), days.values().stream().mapToInt(m -> m.get(UsageKeys.REQUESTS).intValue()).sum());
        assertEquals(4, days.values().stream().mapToInt(m -> m.get(UsageKeys.THROTTLES).intValue()).sum(),
                "one 429 per team and day");
        for (var e : days.entrySet()) {
            assertRollupEquals(e.getKey(), e.getValue());
        }
        for (var e : months.entrySet()) {
            assertRollupEquals(e.getKey(), e.getValue());
            Map<String, AttributeValue> month = item(e.getKey().split("\\|")[0], e.getKey().split("\\|")[1]);
            assertEquals(0, new BigDecimal(month.get("cost_usd").n()).compareTo(new BigDecimal(month.get("committed_usd").n())),
                    "every reservation released: committed equals spent for " + e.getKey());
        }
        LocalDate day1 = LocalDate.ofInstant(DAY1, ZoneOffset.UTC);
        Map<String, AttributeValue> sample = item(UsageKeys.teamPk("mix-a"), "DAY#" + day1 + "#MODEL#nova-micro");
        assertEquals("MONTH#" + YearMonth.from(day1), sample.get("gsi1pk").s());
        assertEquals("DAY#" + day1 + "#TEAM#mix-a#MODEL#nova-micro", sample.get("gsi1sk").s());
    }

    @Test
    void a_reservation_made_in_one_month_is_released_there_when_the_call_ends_in_the_next() {
        Team team = team("month-end", new RateLimits(100, 100_000, 100_000), Map.of(), "10");
        Instant lastSecond = MONTH_START.minusSeconds(1);
        YearMonth first = YearMonth.from(lastSecond.atZone(ZoneOffset.UTC));
        Admission a = admission.admit(new AdmissionRequest("me", caller(team), HAIKU, "chat", 100, 1000, lastSecond));
        assertEquals(first.toString(), a.month());
        TokenUsage u = new TokenUsage(90, 40);
        assertTrue(recorder.record(success(team, HAIKU, MONTH_START.plusSeconds(2), u, a)));

        Map<String, AttributeValue> firstMonth = item(UsageKeys.teamPk("month-end"), "MONTH#" + first);
        Map<String, AttributeValue> nextMonth = item(UsageKeys.teamPk("month-end"), "MONTH#" + first.plusMonths(1));
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(firstMonth.get("committed_usd").n())), "the first month's reservation released");
        BigDecimal cost = CostCalculator.cost(HAIKU, u);
        assertEquals(0, cost.compareTo(new BigDecimal(nextMonth.get("cost_usd").n())));
        assertEquals(0, cost.compareTo(new BigDecimal(nextMonth.get("committed_usd").n())));
    }

    @Test
    void a_cache_hit_gives_its_estimated_tokens_back_to_the_window() {
        Team team = team("cache-hit", new RateLimits(100, 100_000, 100_000), Map.of(), null);
        Admission a = admission.admit(new AdmissionRequest("ch", caller(team), NOVA, "chat", 250, 100, DAY2));
        assertEquals("250", window(a.windowKey()).get("input_tokens").n());
        assertTrue(recorder.record(new Outcome(UUID.randomUUID().toString(), DAY2, caller(team), "chat", NOVA, TokenUsage.ZERO,
                BigDecimal.ZERO, new BigDecimal("0.00002"), 2, 2, 200, null, true, a)));
        assertEquals("0", window(a.windowKey()).get("input_tokens").n());
        assertEquals("1", window(a.windowKey()).get("requests").n(), "a cache hit is still a request");
    }

    @Test
    void transaction_conflicts_on_hot_rollups_are_retried_and_counted_once() {
        // DynamoDB cancels a transaction that meets another on a hot rollup (reason TransactionConflict); the
        // stand-in answers the next two TransactWriteItems calls so, over the wire, then the real one runs.
        assumeTrue(db.isStandIn(), "needs the stand-in's fault injection");
        db.injectFault("{\"fault\":\"TRANSACTION_CONFLICT\",\"times\":2,\"operation\":\"TransactWriteItems\"}");
        Team team = team("conflict", new RateLimits(100, 100_000, 100_000), Map.of(), null);
        assertTrue(recorder.record(success(team, NOVA, DAY2, new TokenUsage(5, 5), null)));
        assertEquals("1", item(UsageKeys.teamPk("conflict"), DAY2_MONTH).get("requests").n());
        // both conflicts were served to the recorder (it retried past them): the next transaction is not refused
        assertTrue(recorder.record(success(team, NOVA, DAY2, new TokenUsage(5, 5), null)));
        assertEquals("2", item(UsageKeys.teamPk("conflict"), DAY2_MONTH).get("requests").n());
    }

    @Test
    void a_record_that_cannot_be_written_returns_false() throws Exception {
        var dead = DynamoDbClients.create(new Env(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:" + LocalDynamoDb.freePort(),
                "DYNAMODB_CONNECT_TIMEOUT_MS", "200", "DYNAMODB_CALL_TIMEOUT_MS", "1000")));
        // enough attempts that, without the 1.5 s cap, the jittered backoff alone would take many minutes
        var failing = new DynamoDbUsageRecorder(dead, config, Clock.systemUTC(), 1000, 1500);
        Team team = team("lost", new RateLimits(100, 100_000, 100_000), Map.of(), null);
        long t = System.nanoTime();
        assertFalse(failing.record(success(team, NOVA, DAY2, new TokenUsage(1, 1), null)));
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue(ms < 15_000, "gave up after " + ms + " ms: the time cap bounds the retries");
    }

    private static void add(Map<String, BigDecimal> sums, Map<String, AttributeValue> ledger) {
        sums.merge(UsageKeys.REQUESTS, BigDecimal.ONE, BigDecimal::add);
        sums.merge(UsageKeys.ERRORS, Integer.parseInt(ledger.get("status_code").n()) >= 400 ? BigDecimal.ONE : BigDecimal.ZERO, BigDecimal::add);
        sums.merge(UsageKeys.THROTTLES, Integer.parseInt(ledger.get("status_code").n()) == 429 ? BigDecimal.ONE : BigDecimal.ZERO, BigDecimal::add);
        sums.merge(UsageKeys.CACHE_HITS, ledger.get("cached").bool() ? BigDecimal.ONE : BigDecimal.ZERO, BigDecimal::add);
        for (String c : List.of(UsageKeys.INPUT_TOKENS, UsageKeys.OUTPUT_TOKENS, UsageKeys.CACHE_READ_TOKENS,
                UsageKeys.CACHE_WRITE_TOKENS, UsageKeys.COST_USD, UsageKeys.COST_SAVED_USD)) {
            sums.merge(c, new BigDecimal(ledger.get(c).n()), BigDecimal::add);
        }
    }

    private static void assertRollupEquals(String key, Map<String, BigDecimal> expected) {
        String[] pkSk = key.split("\\|");
        Map<String, AttributeValue> rollup = item(pkSk[0], pkSk[1]);
        for (String c : COUNTERS) {
            BigDecimal actual = new BigDecimal(rollup.get(c).n());
            assertEquals(0, expected.get(c).compareTo(actual), key + " " + c + ": ledger " + expected.get(c) + " rollup " + actual);
        }
    }

    private static List<Map<String, AttributeValue>> ledger() {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        db.client.scanPaginator(ScanRequest.builder().tableName(config.usageTable()).consistentRead(true).build())
                .items().forEach(i -> {
                    if (i.get("sk").s().equals(UsageKeys.LEDGER_SK)) {
                        out.add(i);
                    }
                });
        return out;
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return db.client.getItem(b -> b.tableName(config.usageTable()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    private static Map<String, AttributeValue> window(String key) {
        return db.client.getItem(b -> b.tableName(config.rateLimitsTable()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key)))).item();
    }
}
