package com.llmgateway.gateway.mcp;

import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.DayRollup;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import com.llmgateway.core.usage.MonthUsage;
import com.llmgateway.gateway.metering.DynamoDbUsageRecorder;
import com.llmgateway.gateway.metering.MeteringConfig;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.testing.Callers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared usage read model ({@link DynamoDbUsageReader}, shared-core) over the DynamoDB stand-in,
 * reading what the real usage recorder wrote: it lives here, beside get_usage, because the
 * recorder is gateway-function's.
 */
class DynamoDbUsageReaderTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load(Map.of());
    private static final ModelInfo NOVA = CATALOG.resolve("nova-micro").orElseThrow();
    private static final ModelInfo HAIKU = CATALOG.resolve("claude-haiku-4-5").orElseThrow();

    /**
     * Next month, so that every ledger item the recorder writes (expires_at: 90 days on, the usage table's TTL)
     * lies in the future and an engine's TTL deletion leaves it alone, whatever today's date.
     */
    private static final YearMonth MONTH = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
    private static final LocalDate TODAY = MONTH.atDay(25);

    private static LocalDynamoDb db;
    private static DynamoDbClient ddb;
    private static DynamoDbUsageRecorder recorder;
    private static DynamoDbUsageReader reader;

    @BeforeAll
    static void start() throws Exception {
        db = new LocalDynamoDb();
        ddb = db.client;
        Map<String, String> env = new HashMap<>(db.env);
        env.putAll(db.createTables("mcp-usage-reader-"));
        recorder = DynamoDbUsageRecorder.create(ddb, new Env(env));
        reader = new DynamoDbUsageReader(ddb, MeteringConfig.from(new Env(env)).usageTable());
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    /** An instant of MONTH: its day at hh:mm UTC (day 0: the last day of the month before). */
    private static Instant at(int day, int hour, int minute) {
        LocalDate d = day == 0 ? MONTH.atDay(1).minusDays(1) : MONTH.atDay(day);
        return d.atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    private static BigDecimal record(CallerContext caller, ModelInfo m, Instant at, TokenUsage u, boolean cached) {
        BigDecimal cost = CostCalculator.cost(m, u);
        recorder.record(new Outcome(UUID.randomUUID().toString(), at, caller, "mcp", m,
                cached ? TokenUsage.ZERO : u, cached ? BigDecimal.ZERO : cost, cached ? cost : BigDecimal.ZERO,
                100, 5, 200, null, cached, null));
        return cost;
    }

    @Test
    void month_to_date_sums_the_month_and_breaks_it_down_by_model_without_other_months_or_teams() {
        CallerContext team = new CallerContext("readers", "k1", Set.of(CallerContext.INVOKE), Callers.team("readers", List.of("*")));
        CallerContext other = new CallerContext("others", "k2", Set.of(CallerContext.INVOKE), Callers.team("others", List.of("*")));
        BigDecimal a = record(team, NOVA, at(2, 10, 0), new TokenUsage(100, 50), false);
        BigDecimal b = record(team, NOVA, at(20, 10, 0), new TokenUsage(200, 10), false);
        BigDecimal saved = record(team, NOVA, at(20, 11, 0), new TokenUsage(200, 10), true);
        BigDecimal c = record(team, HAIKU, at(25, 8, 0), new TokenUsage(1000, 500), false);
        record(team, HAIKU, at(0, 23, 59), new TokenUsage(9999, 9999), false); // last month
        record(other, NOVA, at(10, 10, 0), new TokenUsage(7, 7), false);

        MonthUsage u = reader.month("readers", MONTH);
        assertEquals(MONTH, u.month());
        assertEquals(4, u.total().requests());
        assertEquals(1300, u.total().inputTokens());
        assertEquals(560, u.total().outputTokens());
        assertEquals(1, u.total().cacheHits());
        assertEquals(0, a.add(b).add(c).compareTo(u.total().costUsd()));
        assertEquals(0, saved.compareTo(u.total().costSavedUsd()));
        assertEquals(0, u.spentUsd().compareTo(u.committedUsd()), "nothing in flight");
        List<DayRollup> days = reader.teamDays("readers", MONTH.atDay(1), TODAY);
        assertEquals(3, days.size(), "one item per day and model: " + days);
        Map<String, Counters> byModel = DayRollup.byModel(days);
        assertEquals(Set.of("nova-micro", "claude-haiku-4-5"), byModel.keySet());
        assertEquals(3, byModel.get("nova-micro").requests());
        assertEquals(0, a.add(b).compareTo(byModel.get("nova-micro").costUsd()));
        assertEquals(0, c.compareTo(byModel.get("claude-haiku-4-5").costUsd()));
        Counters summed = byModel.values().stream().reduce(Counters.ZERO, Counters::plus);
        assertEquals(u.total().requests(), summed.requests(), "the days sum to the month");
        assertEquals(u.total().totalTokens(), summed.totalTokens());
        assertEquals(0, u.total().costUsd().compareTo(summed.costUsd()));
        assertEquals(Set.of("readers", "others"), reader.allTeamsDays(MONTH.atDay(1), TODAY).stream()
                .map(DayRollup::teamId).collect(java.util.stream.Collectors.toSet()));

        MonthUsage none = reader.month("nobody", MONTH);
        assertEquals(Counters.ZERO, none.total());
        assertEquals(0, BigDecimal.ZERO.compareTo(none.committedUsd()));
        assertTrue(reader.teamDays("nobody", MONTH.atDay(1), TODAY).isEmpty());
    }

    @Test
    void an_unreachable_table_is_a_503_not_an_sdk_message() {
        DynamoDbUsageReader broken = new DynamoDbUsageReader(ddb, "no-such-table");
        for (org.junit.jupiter.api.function.Executable read : List.<org.junit.jupiter.api.function.Executable>of(
                () -> broken.month("readers", MONTH), () -> broken.teamDays("readers", MONTH.atDay(1), TODAY),
                () -> broken.allTeamsDays(MONTH.atDay(1), TODAY))) {
            GatewayException e = assertThrows(GatewayException.class, read);
            assertEquals(503, e.status());
            assertEquals("service_unavailable", e.code());
            assertEquals("The usage store is unavailable; retry shortly.", e.getMessage());
        }
    }
}
