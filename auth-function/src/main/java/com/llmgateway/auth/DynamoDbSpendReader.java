package com.llmgateway.auth;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.usage.DynamoDbMonthlySpendReader;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;

/**
 * The month's spend as the ledger's month rollup records it: the same reader (and so the same
 * figure) that budgets and the usage report use. A store fault is a 503, never an SDK message.
 */
final class DynamoDbSpendReader implements SpendReader {

    private final DynamoDbMonthlySpendReader reader;

    DynamoDbSpendReader(DynamoDbClient ddb, String table) {
        this.reader = new DynamoDbMonthlySpendReader(ddb, table);
    }

    @Override
    public BigDecimal monthSpend(String teamId, YearMonth month) {
        try {
            return reader.read(teamId, month).spentUsd();
        } catch (SdkException e) {
            throw new GatewayException(503, "api_error", "service_unavailable", null,
                    "The usage store is unavailable; retry shortly.", Map.of("retry-after", "1"), e);
        }
    }
}
