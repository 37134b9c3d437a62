package com.llmgateway.gateway.metering;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import com.llmgateway.core.usage.MonthUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;


import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static com.llmgateway.gateway.metering.Fixtures.HAIKU;
import static com.llmgateway.gateway.metering.Fixtures.NOVA;
import static com.llmgateway.gateway.metering.Fixtures.caller;
import static com.llmgateway.gateway.metering.Fixtures.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DynamoDbAdmissionControlTest {

    /**
     * Five seconds into the current minute of the real clock. Windows live until their minute ends plus
     * an hour (expires_at, the rate-limit table's TTL), so an engine's TTL deletion never removes one while
     * a test uses it; admission sees this instant in every request, so a test never spans a window or
     * month boundary, whenever it runs.
     */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(5);
    private static final YearMonth MONTH = YearMonth.from(T0.atZone(ZoneOffset.UTC));
    /** x-ratelimit-reset-*: "850ms", "17s", or "1m0s" for a window with a full minute (or more than 59 s) left. */
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s)|\\d+m\\d+s");
    private static LocalDynamoDb db;
    private static MeteringConfig config;
    private static DynamoDbAdmissionControl admission;
    private static DynamoDbUsageRecorder recorder;

    @BeforeAll
    static void start() throws Exception {
        db = new LocalDynamoDb("admission-test-");
        config = MeteringConfig.from(new Env(db.env));
        admission = new DynamoDbAdmissionControl(db.client, config, Clock.fixed(T0, ZoneOffset.UTC));
        recorder = new DynamoDbUsageRecorder(db.client, config, Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static AdmissionRequest request(Team team, ModelInfo model, long estimate, long maxTokens, Instant now) {
        return new AdmissionRequest(UUID.randomUUID().toString(), caller(team), model, "chat", estimate, maxTokens, now);
    }

    /** Fires the same request {@code n} times from 16 threads released together; returns admissions and refusals. */
    private static List<Object> burst(int n, Callable<Admission> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                try {
                    return call.call();
                } catch (GatewayException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }

    private static long admitted(List<Object> results) {
        return results.stream().filter(r -> r instanceof Admission).count();
    }

    private static List<GatewayException> refusals(List<Object> results) {
        return results.stream().filter(r -> r instanceof GatewayException).map(r -> (GatewayException) r).toList();
    }

    private static void assertRateLimitHeaders(Map<String, String> h) {
        for (String kind : List.of("requests", "tokens")) {
            assertTrue(h.get("x-ratelimit-limit-" + kind).matches("\\d+"), h.toString());
            assertTrue(h.get("x-ratelimit-remaining-" + kind).matches("\\d+"), h.toString());
            assertTrue(DURATION.matcher(h.get("x-ratelimit-reset-" + kind)).matches(), h.toString());
        }
    }

    @Test
    void admits_exactly_rpm_of_100_concurrent_requests() throws Exception {
        Team team = team("burst-rpm", new RateLimits(20, 10_000_000, 10_000_000), Map.of(), null);
        List<Object> results = burst(100, () -> admission.admit(request(team, NOVA, 10, 100, T0)));

        assertEquals(20, admitted(results));
        List<GatewayException> refused = refusals(results);
        assertEquals(80, refused.size());
        for (GatewayException e : refused) {
            assertEquals(429, e.status());
            assertEquals("requests", e.type());
            assertEquals("rate_limit_exceeded", e.code());
            assertTrue(e.getMessage().contains("requests per minute"), e.getMessage());
            assertEquals("55", e.headers().get("retry-after"));
            assertEquals("55000", e.headers().get("retry-after-ms"));
            assertEquals("0", e.headers().get("x-ratelimit-remaining-requests"));
            assertRateLimitHeaders(e.headers());
        }
        List<Long> remaining = results.stream().filter(r -> r instanceof Admission)
                .map(r -> Long.parseLong(((Admission) r).rateLimitHeaders().get("x-ratelimit-remaining-requests"))).sorted().toList();
        assertEquals(java.util.stream.LongStream.range(0, 20).boxed().toList(), remaining, "each admission saw its own count");
    }

    @Test
    void admits_exactly_what_fits_the_input_token_limit_under_concurrency() throws Exception {
        Team team = team("burst-tpm", new RateLimits(1000, 1000, 10_000_000), Map.of(), null);
        List<Object> results = burst(100, () -> admission.admit(request(team, NOVA, 100, 100, T0)));

        assertEquals(10, admitted(results));
        for (GatewayException e : refusals(results)) {
            assertEquals(429, e.status());
            assertEquals("tokens", e.type());
            assertTrue(e.getMessage().contains("input tokens per minute"), e.getMessage());
            assertEquals("0", e.headers().get("x-ratelimit-remaining-tokens"));
        }
    }

    @Test
    void budget_burst_never_reserves_past_the_budget_and_real_costs_release_the_rest() throws Exception {
        // claude-haiku-4-5: the max cost of 1000 input (priced at the cache-write price, the higher)
        // + 1000 output, from the catalog; a budget of exactly 8 of them.
        BigDecimal maxCost = CostCalculator.maxCost(HAIKU, 1000, 1000);
        assertEquals(0, HAIKU.cacheWritePricePer1M().max(HAIKU.inputPricePer1M()).add(HAIKU.outputPricePer1M())
                .movePointLeft(3).compareTo(maxCost));
        String budget = maxCost.multiply(BigDecimal.valueOf(8)).toPlainString();
        Team team = team("burst-budget", new RateLimits(10_000, 10_000_000, 10_000_000), Map.of(), budget);
        List<Object> results = burst(100, () -> admission.admit(request(team, HAIKU, 1000, 1000, T0)));

        assertEquals(8, admitted(results), "budget / max cost = 8 reservations fit");
        for (GatewayException e : refusals(results)) {
            assertEquals(429, e.status());
            assertEquals("insufficient_quota", e.type());
            assertEquals("budget_exceeded", e.code());
            assertEquals("false", e.headers().get("x-should-retry"));
            assertTrue(e.getMessage().contains(new BigDecimal(budget).toPlainString()) && e.getMessage().contains(MONTH.toString()), e.getMessage());
            assertRateLimitHeaders(e.headers());
        }
        DynamoDbUsageReader spend = new DynamoDbUsageReader(db.client, config.usageTable());
        MonthUsage reserved = spend.month(team.teamId(), MONTH);
        assertEquals(0, new BigDecimal(budget).compareTo(reserved.committedUsd()));
        assertEquals(8, windowRequests(team, "*"), "refused requests gave their window slot back");

        TokenUsage used = new TokenUsage(500, 200);
        BigDecimal cost = CostCalculator.cost(HAIKU, used);
        for (Object r : results) {
            if (r instanceof Admission a) {
                assertTrue(recorder.record(new Outcome(UUID.randomUUID().toString(), T0, caller(team), "chat", HAIKU, used,
                        cost, BigDecimal.ZERO, 100, 5, 200, null, false, a)));
            }
        }
        MonthUsage after = spend.month(team.teamId(), MONTH);
        assertEquals(0, cost.multiply(BigDecimal.valueOf(8)).compareTo(after.spentUsd()));
        assertEquals(0, after.spentUsd().compareTo(after.committedUsd()), "every reservation was released");
        assertTrue(after.spentUsd().compareTo(team.monthlyBudgetUsd()) <= 0);
    }

    @Test
    void a_request_whose_maximum_cost_exceeds_the_whole_budget_is_refused_without_a_write() {
        Team team = team("tiny-budget", new RateLimits(100, 1_000_000, 1_000_000), Map.of(), "0.001");
        GatewayException e = assertThrows(GatewayException.class, () -> admission.admit(request(team, HAIKU, 1000, 1000, T0)));
        assertEquals("budget_exceeded", e.code());
        assertEquals(0, windowRequests(team, "*"));
    }

    @Test
    void a_request_that_can_cost_nothing_reads_the_budget_and_writes_no_reservation() {
        Team team = team("free-hits", new RateLimits(100, 1_000_000, 1_000_000), Map.of(), "0.50");
        BigDecimal reservation = CostCalculator.maxCost(HAIKU, 1000, 1000);
        Admission paid = admission.admit(request(team, HAIKU, 1000, 1000, T0));
        DynamoDbUsageReader spend = new DynamoDbUsageReader(db.client, config.usageTable());
        assertEquals(0, reservation.compareTo(spend.month(team.teamId(), MONTH).committedUsd()));

        Admission free = admission.admit(new AdmissionRequest(UUID.randomUUID().toString(), caller(team), HAIKU, "chat",
                0, 0, T0, BigDecimal.ZERO));
        assertEquals(0, free.reservedTokens());
        assertEquals(0, BigDecimal.ZERO.compareTo(free.reservedUsd()));
        assertRateLimitHeaders(free.rateLimitHeaders());
        assertEquals(0, reservation.compareTo(spend.month(team.teamId(), MONTH).committedUsd()), "nothing reserved");
        assertEquals(2, windowRequests(team, "*"), "it still counts toward requests per minute");
        assertEquals(1000, Long.parseLong(window(team, "*", T0).get("input_tokens").n()), "and adds no input tokens");
        assertEquals(paid.windowKey(), free.windowKey());
    }

    @Test
    void a_request_that_can_cost_nothing_is_refused_once_the_budget_is_below_the_spend() {
        Team team = team("cut-budget", new RateLimits(100, 1_000_000, 1_000_000), Map.of(), "0.50");
        admission.admit(request(team, HAIKU, 1000, 1000, T0)); // reserves about 0.006 USD
        Team cut = team("cut-budget", new RateLimits(100, 1_000_000, 1_000_000), Map.of(), "0.001");

        GatewayException e = assertThrows(GatewayException.class, () -> admission.admit(new AdmissionRequest(
                UUID.randomUUID().toString(), caller(cut), HAIKU, "chat", 0, 0, T0, BigDecimal.ZERO)));
        assertEquals(429, e.status());
        assertEquals("budget_exceeded", e.code());
        assertTrue(e.getMessage().contains("0.001") && !e.getMessage().contains("could cost"), e.getMessage());
        assertRateLimitHeaders(e.headers());
        assertEquals(1, windowRequests(team, "*"), "the refused request gave its window slot back");
    }

    @Test
    void window_rolls_over_at_the_minute_and_the_old_window_is_ignored() {
        Team team = team("rollover", new RateLimits(3, 1_000_000, 1_000_000), Map.of(), null);
        for (int i = 0; i < 3; i++) {
            admission.admit(request(team, NOVA, 10, 10, T0));
        }
        GatewayException e = assertThrows(GatewayException.class, () -> admission.admit(request(team, NOVA, 10, 10, T0.plusSeconds(54))));
        assertEquals("1", e.headers().get("retry-after"));
        assertEquals("1s", e.headers().get("x-ratelimit-reset-requests"));

        Admission next = admission.admit(request(team, NOVA, 10, 10, T0.plusSeconds(55)));
        assertEquals("2", next.rateLimitHeaders().get("x-ratelimit-remaining-requests"));
        assertEquals("1m0s", next.rateLimitHeaders().get("x-ratelimit-reset-requests"));
        assertEquals(3, windowRequests(team, "*", T0), "the old window still exists and is simply not consulted");
    }

    @Test
    void per_model_limits_replace_the_team_window_for_that_model() {
        Team team = team("per-model", new RateLimits(100, 1_000_000, 1_000_000),
                Map.of("nova-micro", new RateLimits(2, 500, 1000)), null);
        Admission first = admission.admit(request(team, NOVA, 10, 10, T0));
        assertEquals("2", first.rateLimitHeaders().get("x-ratelimit-limit-requests"));
        assertEquals("500", first.rateLimitHeaders().get("x-ratelimit-limit-tokens"));
        admission.admit(request(team, NOVA, 10, 10, T0));
        GatewayException e = assertThrows(GatewayException.class, () -> admission.admit(request(team, NOVA, 10, 10, T0)));
        assertTrue(e.getMessage().contains("for model nova-micro"), e.getMessage());

        Admission other = admission.admit(request(team, HAIKU, 10, 10, T0));
        assertEquals("100", other.rateLimitHeaders().get("x-ratelimit-limit-requests"));
        assertEquals("99", other.rateLimitHeaders().get("x-ratelimit-remaining-requests"));
    }

    @Test
    void a_model_outside_the_allow_list_is_refused_with_403_naming_it_before_any_write() {
        Team base = team("allow-list", new RateLimits(100, 1000, 1000), Map.of(), null);
        Team team = new Team(base.teamId(), base.name(), base.costCenter(), base.limits(), Map.of(), List.of("claude-*"),
                null, base.cache(), true, null, null);
        GatewayException e = assertThrows(GatewayException.class, () -> admission.admit(request(team, NOVA, 10, 10, T0)));
        assertEquals(403, e.status());
        assertEquals("model_not_allowed", e.code());
        assertEquals("model", e.param());
        assertTrue(e.getMessage().contains("'nova-micro'"), e.getMessage());
        assertEquals(0, windowRequests(team, "*"));
        assertEquals("99", admission.admit(request(team, HAIKU, 10, 10, T0)).rateLimitHeaders().get("x-ratelimit-remaining-requests"));
    }

    @Test
    void an_estimate_above_the_input_limit_is_refused_at_once() {
        Team team = team("huge-prompt", new RateLimits(100, 1000, 1000), Map.of(), null);
        GatewayException e = assertThrows(GatewayException.class, () -> admission.admit(request(team, NOVA, 1001, 10, T0)));
        assertEquals(429, e.status());
        assertEquals("tokens", e.type());
        assertTrue(e.getMessage().contains("input_tpm"), e.getMessage());
        assertEquals("false", e.headers().get("x-should-retry"));
        assertEquals(0, windowRequests(team, "*"));
    }

    @Test
    void output_tokens_reconciled_into_the_window_refuse_the_next_request_once_used_up() {
        Team team = team("output-cap", new RateLimits(100, 1_000_000, 300), Map.of(), null);
        Admission a = admission.admit(request(team, NOVA, 40, 500, T0));
        TokenUsage used = new TokenUsage(50, 300);
        assertTrue(recorder.record(new Outcome(UUID.randomUUID().toString(), T0, caller(team), "chat", NOVA, used,
                CostCalculator.cost(NOVA, used), BigDecimal.ZERO, 10, 1, 200, null, false, a)));
        Map<String, AttributeValue> w = window(team, "*", T0);
        assertEquals("50", w.get("input_tokens").n(), "estimate 40 reconciled to the real 50");
        assertEquals("300", w.get("output_tokens").n());

        GatewayException e = assertThrows(GatewayException.class, () -> admission.admit(request(team, NOVA, 10, 10, T0)));
        assertEquals("tokens", e.type());
        assertTrue(e.getMessage().contains("output tokens per minute"), e.getMessage());
    }

    @Test
    void a_budget_reservation_that_meets_a_ledger_transaction_on_the_month_item_is_retried() {
        // DynamoDB refuses a plain write to an item that a transaction holds (TransactionConflictException):
        // the stand-in answers the next two UpdateItem calls on the usage table (the budget write) so, over the wire.
        assumeTrue(db.isStandIn(), "needs the stand-in's fault injection");
        db.injectFault("{\"fault\":\"TRANSACTION_CONFLICT\",\"times\":2,\"operation\":\"UpdateItem\",\"table\":\""
                + config.usageTable() + "\"}");
        Team team = team("conflicted-budget", new RateLimits(100, 1_000_000, 1_000_000), Map.of(), "10");
        Admission a = admission.admit(request(team, HAIKU, 100, 100, T0));
        assertTrue(a.reservedUsd().signum() > 0);
        assertEquals(1, windowRequests(team, "*"));
        MonthUsage reserved = new DynamoDbUsageReader(db.client, config.usageTable()).month(team.teamId(), MONTH);
        assertEquals(0, a.reservedUsd().compareTo(reserved.committedUsd()), "reserved once, after the two conflicts");
        // both conflicts were served to the admission: the next budget write goes straight through
        db.client.updateItem(b -> b.tableName(config.usageTable()).key(Map.of("pk", AttributeValue.fromS("TEAM#probe"),
                "sk", AttributeValue.fromS("MONTH#probe"))).updateExpression("SET probe = :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    @Test
    void unreachable_store_fails_closed_with_503_and_quickly() throws Exception {
        DynamoDbClient dead = deadClient();
        var closed = new DynamoDbAdmissionControl(dead, config, Clock.systemUTC());
        Team team = team("dead-closed", new RateLimits(10, 1000, 1000), Map.of(), "10");
        long t = System.nanoTime();
        GatewayException e = assertThrows(GatewayException.class, () -> closed.admit(request(team, NOVA, 10, 10, null)));
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertEquals(503, e.status());
        assertEquals("api_error", e.type());
        assertEquals("admission_unavailable", e.code());
        assertTrue(e.getMessage().startsWith("Admission could not be checked"), e.getMessage());
        assertEquals("fail-closed", e.headers().get("x-gateway-admission"));
        assertTrue(ms < 10_000, "took " + ms + " ms");
    }

    @Test
    void unreachable_store_admits_with_a_fail_open_header_when_configured() throws Exception {
        DynamoDbClient dead = deadClient();
        var open = new DynamoDbAdmissionControl(dead,
                new MeteringConfig(config.rateLimitsTable(), config.usageTable(), true, 90, 3600), Clock.systemUTC());
        Team team = team("dead-open", new RateLimits(10, 1000, 1000), Map.of(), "10");
        Admission a = open.admit(request(team, NOVA, 10, 10, null));
        assertEquals("fail-open", a.rateLimitHeaders().get("x-gateway-admission"));
        assertNull(a.windowKey());
        assertEquals(0, BigDecimal.ZERO.compareTo(a.reservedUsd()));
        assertRateLimitHeaders(a.rateLimitHeaders());
    }

    private static DynamoDbClient deadClient() throws Exception {
        int port = LocalDynamoDb.freePort(); // nothing listens there
        return DynamoDbClients.create(new Env(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:" + port,
                "DYNAMODB_CONNECT_TIMEOUT_MS", "200", "DYNAMODB_CALL_TIMEOUT_MS", "2000")));
    }

    private static long windowRequests(Team team, String scope) {
        return windowRequests(team, scope, T0);
    }

    private static long windowRequests(Team team, String scope, Instant at) {
        Map<String, AttributeValue> item = window(team, scope, at);
        return item.isEmpty() ? 0 : Long.parseLong(item.get("requests").n());
    }

    private static Map<String, AttributeValue> window(Team team, String scope, Instant at) {
        long start = at.getEpochSecond() / 60 * 60;
        return db.client.getItem(b -> b.tableName(config.rateLimitsTable()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("RL#" + team.teamId() + "#" + scope + "#" + start)))).item();
    }
}
