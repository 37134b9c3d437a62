package com.llmgateway.core.keys;

import com.llmgateway.core.error.GatewayException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Map;
import java.util.function.Supplier;

/** Turns a DynamoDB failure into the gateway's 503, keeping the SDK text out of the response. */
final class DynamoDbErrors {

    private DynamoDbErrors() {
    }

    static GatewayException unavailable(SdkException cause) {
        return new GatewayException(503, "api_error", "service_unavailable", null,
                "The gateway's key store is unavailable; retry shortly.", Map.of("retry-after", "1"), cause);
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }
}
