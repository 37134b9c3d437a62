package com.llmgateway.core.usage;

import com.llmgateway.core.store.StoreCalls;
import com.llmgateway.core.error.GatewayException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link UsageReader} over the usage table that gateway-function writes (layout in {@link UsageKeys}),
 * with the low-level client: the rollups are counters that the writer increments, read here as
 * they are. The month is one strongly consistent GetItem; a team's days are one Query on its
 * partition ({@code sk BETWEEN DAY#from AND DAY#to~}); every team's days are one Query per month
 * on gsi1 ({@code gsi1pk = MONTH#yyyy-MM}, {@code gsi1sk BETWEEN DAY#from AND DAY#to~}), months
 * in parallel.
 */
public final class DynamoDbUsageReader implements UsageReader {


    private final DynamoDbClient ddb;
    private final String usageTable;

    public DynamoDbUsageReader(DynamoDbClient ddb, String usageTable) {
        this.ddb = ddb;
        this.usageTable = usageTable;
    }

    @Override
    public MonthUsage month(String teamId, YearMonth month) {
        Map<String, AttributeValue> item = call(() -> ddb.getItem(b -> b.tableName(usageTable).consistentRead(true)
                .key(Map.of(UsageKeys.PK, AttributeValue.fromS(UsageKeys.teamPk(teamId)),
                        UsageKeys.SK, AttributeValue.fromS(UsageKeys.monthSk(month))))).item());
        if (item == null || item.isEmpty()) {
            return MonthUsage.empty(teamId, month);
        }
        return new MonthUsage(teamId, month, counters(item), Decimals.decimal(item, UsageKeys.COMMITTED_USD));
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
            months.add(StoreCalls.fork(() -> query(q)));
        }
        List<DayRollup> out = new ArrayList<>();
        for (CompletableFuture<List<DayRollup>> f : months) {
            out.addAll(StoreCalls.join(f));
        }
        return out;
    }

    private List<DayRollup> query(QueryRequest q) {
        return call(() -> {
            List<DayRollup> out = new ArrayList<>();
            ddb.queryPaginator(q).items().forEach(i -> out.add(dayRollup(i)));
            return out;
        });
    }

    static DayRollup dayRollup(Map<String, AttributeValue> i) {
        return new DayRollup(text(i, UsageKeys.TEAM_ID), LocalDate.parse(text(i, UsageKeys.DAY)),
                i.get(UsageKeys.MODEL) == null ? UsageKeys.NO_MODEL : text(i, UsageKeys.MODEL), counters(i));
    }

    /** The counters of a rollup item (day or month). */
    static Counters counters(Map<String, AttributeValue> i) {
        return new Counters(Decimals.count(i, UsageKeys.REQUESTS), Decimals.count(i, UsageKeys.INPUT_TOKENS),
                Decimals.count(i, UsageKeys.OUTPUT_TOKENS), Decimals.count(i, UsageKeys.CACHE_READ_TOKENS),
                Decimals.count(i, UsageKeys.CACHE_WRITE_TOKENS), Decimals.decimal(i, UsageKeys.COST_USD),
                Decimals.decimal(i, UsageKeys.COST_SAVED_USD), Decimals.count(i, UsageKeys.CACHE_HITS),
                Decimals.count(i, UsageKeys.ERRORS));
    }

    private static String text(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null ? null : v.s();
    }

    /** Runs one store call; a DynamoDB fault becomes the gateway's 503, keeping the SDK text out of the answer. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new GatewayException(503, "api_error", "service_unavailable", null,
                    "The usage store is unavailable; retry shortly.", Map.of("retry-after", "1"), e);
        }
    }

}
