package com.llmgateway.core.snapstart;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An SDK HTTP client that never opens a socket: it answers every request with a canned 200 JSON
 * body. SnapStart priming builds throwaway SDK clients on it, so that the SDK's marshallers,
 * signer, endpoint rules and unmarshallers (and the project's own adapters around them) run once
 * before the snapshot while nothing reaches AWS and nothing is written anywhere.
 */
public final class CannedHttpClient implements SdkHttpClient {

    /** What DynamoDB answers an operation (by its X-Amz-Target) when nothing is there: no item, no rows. */
    private static final Map<String, String> DYNAMODB = Map.of(
            "GetItem", "{}",
            "Query", "{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}",
            "Scan", "{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}",
            "BatchGetItem", "{\"Responses\":{},\"UnprocessedKeys\":{}}",
            "BatchWriteItem", "{\"UnprocessedItems\":{}}");

    private final Function<SdkHttpRequest, String> answer;
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param other the body for a request that is not a DynamoDB one (e.g. a Bedrock Converse
     *              reply); null answers {@code {}}
     */
    public CannedHttpClient(Function<SdkHttpRequest, String> other) {
        this.answer = request -> request.firstMatchingHeader("X-Amz-Target")
                .filter(t -> t.startsWith("DynamoDB_"))
                .map(t -> DYNAMODB.getOrDefault(t.substring(t.indexOf('.') + 1), "{}"))
                .orElseGet(() -> other == null ? "{}" : other.apply(request));
    }

    /** Answers every request with {@code {}} or DynamoDB's empty results. */
    public static CannedHttpClient dynamoDb() {
        return new CannedHttpClient(null);
    }

    /** How many requests it answered. */
    public int requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                requests.incrementAndGet();
                byte[] body = answer.apply(request.httpRequest()).getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpFullResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/json")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .putHeader("x-amzn-RequestId", "snapstart-priming")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public String clientName() {
        return "CannedForPriming";
    }

    @Override
    public void close() {
    }
}
