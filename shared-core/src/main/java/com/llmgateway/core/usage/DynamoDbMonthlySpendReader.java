package com.llmgateway.core.usage;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;

/** Reads a team's month rollup from the usage table (one strongly consistent GetItem). */
public final class DynamoDbMonthlySpendReader {

    private final DynamoDbClient ddb;
    private final String usageTable;

    public DynamoDbMonthlySpendReader(DynamoDbClient ddb, String usageTable) {
        this.ddb = ddb;
        this.usageTable = usageTable;
    }

    public MonthlySpend read(String teamId, YearMonth month) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(usageTable).consistentRead(true)
                .key(Map.of(UsageKeys.PK, AttributeValue.fromS(UsageKeys.teamPk(teamId)),
                        UsageKeys.SK, AttributeValue.fromS(UsageKeys.monthSk(month)))))
                .item();
        return new MonthlySpend(teamId, month, decimal(item, UsageKeys.COST_USD), decimal(item, UsageKeys.COMMITTED_USD));
    }

    static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? BigDecimal.ZERO : new BigDecimal(v.n());
    }
}
