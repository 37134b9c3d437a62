package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Fault injection over the wire (/_standin/faults), as the SDK sees it. */
class FaultInjectionTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void clear() {
        ddb.standIn().faults().clear();
    }

    private DynamoDbClient c() {
        return ddb.client();
    }

    private void fault(String json) {
        var r = ddb.control("POST", "/_standin/faults", json);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    }

    private long requestsFor(String op) throws IOException {
        var r = ddb.control("GET", "/_standin/stats", null);
        assertEquals(200, r.statusCode());
        JsonNode stats = JSON.readTree(r.body());
        assertTrue(stats.has("requests"), stats.toString());
        return stats.path("by_operation").path(op).asLong(0);
    }

    @Test
    void throttleWithRetriesOffSurfacesAsAThrottlingException() {
        String t = ddb.hashTable("f_throttle");
        fault("{\"fault\":\"THROTTLE\",\"times\":1,\"table\":\"" + t + "\"}");
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> c().putItem(r -> r.tableName(t).item(key("a"))));
        assertTrue(e.isThrottlingException(), "throttling: " + e.awsErrorDetails().errorCode());
        assertTrue(Map.of("ProvisionedThroughputExceededException", 1, "ThrottlingException", 1)
                .containsKey(e.awsErrorDetails().errorCode()), e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        c().putItem(r -> r.tableName(t).item(key("a")));
        assertTrue(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem(), "the fault was used up");
    }

    @Test
    void sdkRetriesRideOutAFewThrottles() throws IOException {
        String t = ddb.hashTable("f_retry_ok");
        long before = requestsFor("PutItem");
        fault("{\"fault\":\"THROTTLE\",\"times\":2,\"operation\":\"PutItem\"}");
        ddb.retryingClient().putItem(r -> r.tableName(t).item(key("a")));
        assertTrue(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem());
        assertEquals(3, requestsFor("PutItem") - before, "two throttled attempts and one that succeeded");
    }

    @Test
    void persistentThrottlingSurfacesAfterTheSdksRetries() throws IOException {
        String t = ddb.hashTable("f_retry_fail");
        long before = requestsFor("GetItem");
        fault("{\"fault\":\"THROTTLE\",\"times\":1000,\"operation\":\"GetItem\"}");
        DynamoDbClient retrying = ddb.clientBuilder("AKIDCONFORMANCE")
                .overrideConfiguration(o -> o.retryStrategy(
                        software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3).build()))
                .build();
        try (retrying) {
            AwsServiceException e = assertThrows(AwsServiceException.class,
                    () -> retrying.getItem(r -> r.tableName(t).key(key("a"))));
            assertTrue(e.isThrottlingException(), e.awsErrorDetails().errorCode());
        }
        assertEquals(3, requestsFor("GetItem") - before, "the SDK tried three times");
    }

    @Test
    void transactionConflictOnTransactWriteItemsIsACancellationWithTransactionConflict() {
        String t = ddb.hashTable("f_txconflict");
        fault("{\"fault\":\"TRANSACTION_CONFLICT\",\"times\":1,\"operation\":\"TransactWriteItems\"}");
        var e = (TransactionCanceledException) Expect.error("TransactionCanceledException",
                () -> c().transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(t).item(key("a")).build()).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName(t).item(key("b")).build()).build())));
        assertEquals("TransactionConflict", e.cancellationReasons().get(0).code());
        assertEquals("Transaction is ongoing for the item", e.cancellationReasons().get(0).message());
        assertEquals("None", e.cancellationReasons().get(1).code());
        assertTrue(e.awsErrorDetails().errorMessage().contains("[TransactionConflict, None]"),
                e.awsErrorDetails().errorMessage());
        assertFalse(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem(), "nothing applied");
    }

    @Test
    void transactionConflictOnASingleItemWriteIsTransactionConflictException() {
        String t = ddb.hashTable("f_conflict1");
        fault("{\"fault\":\"TRANSACTION_CONFLICT\",\"times\":1,\"operation\":\"UpdateItem\"}");
        Expect.error("TransactionConflictException", () -> c().updateItem(r -> r.tableName(t).key(key("a"))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n(1)))));
        assertFalse(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem());
    }

    @Test
    void internalErrorIsA500() {
        String t = ddb.hashTable("f_internal");
        fault("{\"fault\":\"INTERNAL\",\"times\":1}");
        SdkServiceException e = assertThrows(SdkServiceException.class, () -> c().getItem(r -> r.tableName(t).key(key("a"))));
        assertEquals(500, e.statusCode());
        assertEquals("InternalServerError", ((AwsServiceException) e).awsErrorDetails().errorCode());
    }

    @Test
    void unavailableIsA503() {
        String t = ddb.hashTable("f_unavail");
        fault("{\"fault\":\"UNAVAILABLE\",\"times\":1}");
        SdkServiceException e = assertThrows(SdkServiceException.class, () -> c().getItem(r -> r.tableName(t).key(key("a"))));
        assertEquals(503, e.statusCode());
    }

    @Test
    void outageIsAClientSideFailureUntilCleared() {
        String t = ddb.hashTable("f_outage");
        fault("{\"fault\":\"OUTAGE\"}");
        SdkClientException e = assertThrows(SdkClientException.class,
                () -> c().putItem(r -> r.tableName(t).item(key("a"))));
        assertInstanceOf(SdkClientException.class, e);
        fault("{\"clear\":true}");
        c().putItem(r -> r.tableName(t).item(key("a")));
        assertTrue(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem());
    }

    @Test
    void aFaultNarrowedToATableLeavesOtherTablesAlone() {
        String hit = ddb.hashTable("f_hit");
        String spared = ddb.hashTable("f_spared");
        fault("{\"fault\":\"THROTTLE\",\"times\":5,\"table\":\"" + hit + "\"}");
        c().putItem(r -> r.tableName(spared).item(key("a")));
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> c().putItem(r -> r.tableName(hit).item(key("a"))));
        assertTrue(e.isThrottlingException());
    }

    @Test
    void latencyDelaysAnswersAndClearRemovesIt() {
        String t = ddb.hashTable("f_latency");
        fault("{\"latency_ms\":150}");
        long start = System.nanoTime();
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"))));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= Duration.ofMillis(150).toNanos(), "at least the injected latency: " + elapsed / 1_000_000 + " ms");
        fault("{\"clear\":true}");
        assertTrue(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem());
    }
}
