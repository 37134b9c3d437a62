package com.llmgateway.core.usage;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.StoreCalls;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link UsageReader} over the usage table that gateway-function writes (layout in {@link UsageKeys}),
 * its items mapped by {@link RollupItem}'s static schema through the enhanced client. The month is
 * one strongly consistent GetItem; a team's days are one Query on its partition
 * ({@code sk BETWEEN DAY#from AND DAY#to~}); every team's days are one Query per month on gsi1
 * ({@code gsi1pk = MONTH#yyyy-MM}, {@code gsi1sk BETWEEN DAY#from AND DAY#to~}), months in parallel.
 */
public final class DynamoDbUsageReader implements UsageReader {

    private final DynamoDbTable<RollupItem> rollups;

    /** A reader with an enhanced client of its own over the sandbox's one DynamoDB client. */
    public DynamoDbUsageReader(DynamoDbClient ddb, String usageTable) {
        this(DynamoDbClients.enhanced(ddb), usageTable);
    }

    public DynamoDbUsageReader(DynamoDbEnhancedClient enhanced, String usageTable) {
        this.rollups = enhanced.table(usageTable, RollupItem.SCHEMA);
    }

    @Override
    public MonthUsage month(String teamId, YearMonth month) {
        RollupItem item = call(() -> rollups.getItem(r -> r.consistentRead(true)
                .key(k -> k.partitionValue(UsageKeys.teamPk(teamId)).sortValue(UsageKeys.monthSk(month)))));
        if (item == null) {
            return MonthUsage.empty(teamId, month);
        }
        return new MonthUsage(teamId, month, item.counters(), item.committedUsd());
    }

    @Override
    public List<DayRollup> teamDays(String teamId, LocalDate from, LocalDate to) {
        String pk = UsageKeys.teamPk(teamId);
        return call(() -> days(rollups.query(q -> q.queryConditional(QueryConditional.sortBetween(
                k -> k.partitionValue(pk).sortValue(UsageKeys.dayPrefix(from)),
                k -> k.partitionValue(pk).sortValue(UsageKeys.dayUpperBound(to)))))));
    }

    @Override
    public List<DayRollup> allTeamsDays(LocalDate from, LocalDate to) {
        List<CompletableFuture<List<DayRollup>>> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            LocalDate start = from.isAfter(m.atDay(1)) ? from : m.atDay(1);
            LocalDate end = to.isBefore(m.atEndOfMonth()) ? to : m.atEndOfMonth();
            String pk = UsageKeys.monthGsiPk(m);
            months.add(StoreCalls.fork(() -> call(() -> days(rollups.index(UsageKeys.GSI1).query(q -> q.queryConditional(
                    QueryConditional.sortBetween(k -> k.partitionValue(pk).sortValue(UsageKeys.dayPrefix(start)),
                            k -> k.partitionValue(pk).sortValue(UsageKeys.dayUpperBound(end)))))))));
        }
        List<DayRollup> out = new ArrayList<>();
        for (CompletableFuture<List<DayRollup>> f : months) {
            out.addAll(StoreCalls.join(f));
        }
        return out;
    }

    /** Every page's day rollups, read to the end. */
    private static List<DayRollup> days(SdkIterable<Page<RollupItem>> pages) {
        List<DayRollup> out = new ArrayList<>();
        pages.forEach(page -> page.items().forEach(i -> out.add(i.dayRollup())));
        return out;
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
