package com.llmgateway.dynamodb.standin;

import static com.llmgateway.dynamodb.standin.StandInClients.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Faults injected over the wire ({@code POST /_standin/faults}) and through the Java API. */
class FaultInjectionTest {
    private DynamoDbStandIn db;
    private DynamoDbClient plain;
    private DynamoDbClient retrying;

    @BeforeEach
    void start() {
        db = DynamoDbStandIn.builder().start();
        plain = StandInClients.client(db, "AKIDTEST", false);
        retrying = StandInClients.client(db, "AKIDTEST", true);
        StandInClients.createTable(plain, "jobs", false);
        StandInClients.createTable(plain, "other", false);
    }

    @AfterEach
    void stop() {
        plain.close();
        retrying.close();
        db.close();
    }

    private void put(DynamoDbClient c, String table, String pk) {
        c.putItem(r -> r.tableName(table).item(key(pk)));
    }

    private long count(String op) throws Exception {
        JsonNode stats = new ObjectMapper().readTree(StandInClients.control(db, "/_standin/stats", null));
        return stats.path("by_operation").path(op).asLong();
    }

    @Test
    void throttlingIsAnsweredTheGivenNumberOfTimesAndTheSdkRetriesThrough() throws Exception {
        StandInClients.control(db, "/_standin/faults", "{\"fault\":\"THROTTLE\",\"times\":2}");
        long before = count("PutItem");
        put(retrying, "jobs", "a");
        assertEquals(before + 3, count("PutItem"), "two throttled attempts, then the one that succeeded");

        StandInClients.control(db, "/_standin/faults", "{\"fault\":\"THROTTLE\",\"times\":1}");
        assertThrows(ProvisionedThroughputExceededException.class, () -> put(plain, "jobs", "b"));
        put(plain, "jobs", "b");
    }

    @Test
    void internalAndUnavailableErrors() throws Exception {
        StandInClients.control(db, "/_standin/faults", "{\"fault\":\"INTERNAL\",\"times\":1}");
        InternalServerErrorException ise = assertThrows(InternalServerErrorException.class, () -> put(plain, "jobs", "a"));
        assertEquals(500, ise.statusCode());
        StandInClients.control(db, "/_standin/faults", "{\"fault\":\"UNAVAILABLE\",\"times\":1}");
        DynamoDbException unavailable = assertThrows(DynamoDbException.class, () -> put(plain, "jobs", "a"));
        assertEquals(503, unavailable.statusCode());
        put(plain, "jobs", "a");
    }

    @Test
    void aTransactionConflictCancelsTheFirstItem() throws Exception {
        StandInClients.control(db, "/_standin/faults",
                "{\"fault\":\"TRANSACTION_CONFLICT\",\"times\":1,\"operation\":\"TransactWriteItems\"}");
        put(plain, "jobs", "untouched-by-the-fault"); // another operation: not narrowed in
        TransactionCanceledException e = assertThrows(TransactionCanceledException.class,
                () -> plain.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName("jobs").item(key("t1"))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName("jobs").item(key("t2"))).build())));
        List<String> codes = e.cancellationReasons().stream().map(CancellationReason::code).toList();
        assertEquals(List.of("TransactionConflict", "None"), codes);
        assertEquals("Transaction is ongoing for the item", e.cancellationReasons().get(0).message());
        assertTrue(!plain.getItem(r -> r.tableName("jobs").key(key("t1"))).hasItem(), "nothing applied");

        db.faults().inject(Fault.TRANSACTION_CONFLICT, 1, "PutItem", null);
        assertThrows(TransactionConflictException.class, () -> put(plain, "jobs", "c"));
    }

    @Test
    void aFaultNarrowedToATableLeavesOtherTablesAlone() throws Exception {
        StandInClients.control(db, "/_standin/faults", "{\"fault\":\"INTERNAL\",\"times\":5,\"table\":\"other\"}");
        put(plain, "jobs", "a");
        assertThrows(InternalServerErrorException.class, () -> put(plain, "other", "a"));
        StandInClients.control(db, "/_standin/faults", "{\"clear\":true}");
        put(plain, "other", "a");
    }

    @Test
    void anOutageClosesConnectionsUntilCleared() throws Exception {
        StandInClients.control(db, "/_standin/faults", "{\"fault\":\"OUTAGE\"}");
        assertThrows(SdkClientException.class, () -> put(plain, "jobs", "a"));
        assertThrows(SdkClientException.class, () -> put(plain, "jobs", "a"));
        StandInClients.control(db, "/_standin/faults", "{\"clear\":true}");
        put(plain, "jobs", "a");

        db.faults().outage(true);
        assertThrows(SdkClientException.class, () -> put(plain, "jobs", "b"));
        db.faults().outage(false);
        put(plain, "jobs", "b");
        assertEquals(2, plain.scan(r -> r.tableName("jobs")).count());
    }

    @Test
    void latencyDelaysRequestsUntilCleared() throws Exception {
        StandInClients.control(db, "/_standin/faults", "{\"latency_ms\":150}");
        long t0 = System.nanoTime();
        put(plain, "jobs", "slow");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs >= 150, "took " + tookMs + " ms"); // a lower bound only: never a speed assertion
        db.faults().clear();
        assertEquals("slow", plain.getItem(r -> r.tableName("jobs").key(key("slow"))).item().get("pk").s());
    }
}
