package com.llmgateway.usage.store;

import com.llmgateway.core.usage.DynamoDbMonthlySpendReader;
import com.llmgateway.core.usage.MonthlySpend;
import com.llmgateway.core.usage.UsageKeys;
import com.llmgateway.usage.report.Counters;
import com.llmgateway.usage.report.DayRollup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rollup queries on the usage table. A team's report is one Query on its partition
 * ({@code sk BETWEEN DAY#from AND DAY#to~}); the chargeback report is one Query per month on
 * gsi1 ({@code gsi1pk = MONTH#yyyy-MM}, {@code gsi1sk BETWEEN DAY#from AND DAY#to~}), months in parallel.
 */
public final class DynamoDbUsageReader implements UsageReader {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "usage-reader");
        t.setDaemon(true);
        return t;
    });

    private final DynamoDbClient ddb;
    private final String usageTable;
    private final DynamoDbMonthlySpendReader spend;

    public DynamoDbUsageReader(DynamoDbClient ddb, String usageTable) {
        this.ddb = ddb;
        this.usageTable = usageTable;
        this.spend = new DynamoDbMonthlySpendReader(ddb, usageTable);
    }

    @Override
    public List<DayRollup> teamDays(String teamId, LocalDate from, LocalDate to) {
        return query(QueryRequest.builder().tableName(usageTable)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", UsageKeys.PK, "#sk", UsageKeys.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(UsageKeys.teamPk(teamId)),
                        ":from", AttributeValue.fromS(UsageKeys.dayPrefix(from)),
                        ":to", AttributeValue.fromS(UsageKeys.dayUpperBound(to))))
                .build());
    }

    @Override
    public List<DayRollup> allTeamsDays(LocalDate from, LocalDate to) {
        List<CompletableFuture<List<DayRollup>>> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            LocalDate start = from.isAfter(m.atDay(1)) ? from : m.atDay(1);
            LocalDate end = to.isBefore(m.atEndOfMonth()) ? to : m.atEndOfMonth();
            QueryRequest q = QueryRequest.builder().tableName(usageTable).indexName(UsageKeys.GSI1)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", UsageKeys.GSI1_PK, "#sk", UsageKeys.GSI1_SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(UsageKeys.monthGsiPk(m)),
                            ":from", AttributeValue.fromS(UsageKeys.dayPrefix(start)),
                            ":to", AttributeValue.fromS(UsageKeys.dayUpperBound(end))))
                    .build();
            months.add(CompletableFuture.supplyAsync(() -> query(q), POOL));
        }
        List<DayRollup> out = new ArrayList<>();
        for (CompletableFuture<List<DayRollup>> f : months) {
            out.addAll(join(f));
        }
        return out;
    }

    @Override
    public MonthlySpend monthSpend(String teamId, YearMonth month) {
        return spend.read(teamId, month);
    }

    private List<DayRollup> query(QueryRequest q) {
        List<DayRollup> out = new ArrayList<>();
        ddb.queryPaginator(q).items().forEach(i -> out.add(rollup(i)));
        return out;
    }

    static DayRollup rollup(Map<String, AttributeValue> i) {
        return new DayRollup(s(i, UsageKeys.TEAM_ID), LocalDate.parse(s(i, UsageKeys.DAY)), s(i, UsageKeys.MODEL),
                new Counters(l(i, UsageKeys.REQUESTS), l(i, UsageKeys.INPUT_TOKENS), l(i, UsageKeys.OUTPUT_TOKENS),
                        l(i, UsageKeys.CACHE_READ_TOKENS), l(i, UsageKeys.CACHE_WRITE_TOKENS),
                        d(i, UsageKeys.COST_USD), d(i, UsageKeys.COST_SAVED_USD), l(i, UsageKeys.CACHE_HITS),
                        l(i, UsageKeys.ERRORS)));
    }

    private static String s(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null ? null : v.s();
    }

    private static long l(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static BigDecimal d(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null || v.n() == null ? BigDecimal.ZERO : new BigDecimal(v.n());
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
