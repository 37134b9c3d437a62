package com.llmgateway.gateway.mcp;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.usage.UsageKeys;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link TeamUsageReader} over the usage table that gateway-function writes: one strongly
 * consistent GetItem of the month item (totals and committed_usd) and one Query of the team's
 * day items of the month (summed per model). Layout in {@link UsageKeys}.
 */
public final class DynamoDbTeamUsageReader implements TeamUsageReader {

    private final DynamoDbClient ddb;
    private final String usageTable;

    public DynamoDbTeamUsageReader(DynamoDbClient ddb, String usageTable) {
        this.ddb = ddb;
        this.usageTable = usageTable;
    }

    @Override
    public TeamUsage monthToDate(String teamId, LocalDate today) {
        YearMonth month = YearMonth.from(today);
        try {
            Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(usageTable).consistentRead(true)
                    .key(Map.of(UsageKeys.PK, AttributeValue.fromS(UsageKeys.teamPk(teamId)),
                            UsageKeys.SK, AttributeValue.fromS(UsageKeys.monthSk(month))))).item();
            Map<String, TeamUsage.Counters> byModel = new HashMap<>();
            ddb.queryPaginator(b -> b.tableName(usageTable)
                            .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                            .expressionAttributeNames(Map.of("#pk", UsageKeys.PK, "#sk", UsageKeys.SK))
                            .expressionAttributeValues(Map.of(
                                    ":pk", AttributeValue.fromS(UsageKeys.teamPk(teamId)),
                                    ":from", AttributeValue.fromS(UsageKeys.dayPrefix(month.atDay(1))),
                                    ":to", AttributeValue.fromS(UsageKeys.dayUpperBound(today)))))
                    .items()
                    .forEach(day -> byModel.merge(string(day, UsageKeys.MODEL), counters(day), TeamUsage.Counters::plus));
            return new TeamUsage(month, counters(item), decimal(item, UsageKeys.COMMITTED_USD), byModel);
        } catch (SdkException e) {
            throw new GatewayException(503, "api_error", "usage_unavailable", null,
                    "The usage store could not be read; retry shortly.", Map.of("retry-after", "1"), e);
        }
    }

    static TeamUsage.Counters counters(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return TeamUsage.Counters.ZERO;
        }
        return new TeamUsage.Counters(number(item, UsageKeys.REQUESTS), number(item, UsageKeys.INPUT_TOKENS),
                number(item, UsageKeys.OUTPUT_TOKENS), number(item, UsageKeys.CACHE_READ_TOKENS),
                number(item, UsageKeys.CACHE_WRITE_TOKENS), decimal(item, UsageKeys.COST_USD),
                decimal(item, UsageKeys.COST_SAVED_USD), number(item, UsageKeys.CACHE_HITS), number(item, UsageKeys.ERRORS));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return decimal(item, name).longValue();
    }

    private static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? BigDecimal.ZERO : new BigDecimal(v.n());
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? UsageKeys.NO_MODEL : v.s();
    }
}
