package com.llmgateway.auth;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.usage.UsageKeys;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;

/** Reads {@code cost_usd} of the month item (pk TEAM#{team}, sk MONTH#{yyyy-MM}) in the usage table. */
final class DynamoDbSpendReader implements SpendReader {

    private final DynamoDbClient ddb;
    private final String table;

    DynamoDbSpendReader(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    @Override
    public BigDecimal monthSpend(String teamId, YearMonth month) {
        Map<String, AttributeValue> item;
        try {
            item = ddb.getItem(b -> b.tableName(table).key(Map.of(
                    UsageKeys.PK, AttributeValue.fromS(UsageKeys.teamPk(teamId)),
                    UsageKeys.SK, AttributeValue.fromS(UsageKeys.monthSk(month))))
                    .projectionExpression(UsageKeys.COST_USD)).item();
        } catch (SdkException e) {
            throw new GatewayException(503, "api_error", "service_unavailable", null,
                    "The usage store is unavailable; retry shortly.", Map.of("retry-after", "1"), e);
        }
        AttributeValue cost = item == null ? null : item.get(UsageKeys.COST_USD);
        return cost == null || cost.n() == null ? BigDecimal.ZERO : new BigDecimal(cost.n());
    }
}
