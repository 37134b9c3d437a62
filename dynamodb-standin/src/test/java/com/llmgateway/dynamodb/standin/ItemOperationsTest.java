package com.llmgateway.dynamodb.standin;

import static com.llmgateway.dynamodb.standin.StandInClients.key;
import static com.llmgateway.dynamodb.standin.StandInClients.n;
import static com.llmgateway.dynamodb.standin.StandInClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Item writes with conditions and ReturnValues, Query/Scan paging, GSIs, batches and transactions. */
class ItemOperationsTest {
    private final StandInClients.MutableClock clock = new StandInClients.MutableClock(Instant.ofEpochSecond(2_000_000));
    private DynamoDbStandIn db;
    private DynamoDbClient c;

    @BeforeEach
    void start() {
        db = DynamoDbStandIn.builder().clock(clock).start();
        c = StandInClients.client(db, "AKIDTEST", false);
        StandInClients.createTable(c, "kvs", false);
        StandInClients.createTable(c, "orders", true);
    }

    @AfterEach
    void stop() {
        c.close();
        db.close();
    }

    @Test
    void conditionsAndReturnValues() {
        c.putItem(r -> r.tableName("kvs").item(Map.of("pk", s("a"), "v", n(1), "tag", s("x"))));
        Map<String, AttributeValue> old = c.putItem(r -> r.tableName("kvs").item(Map.of("pk", s("a"), "v", n(2)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertEquals("1", old.get("v").n());

        ConditionalCheckFailedException failed = assertThrows(ConditionalCheckFailedException.class,
                () -> c.putItem(r -> r.tableName("kvs").item(key("a")).conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals("The conditional request failed", failed.awsErrorDetails().errorMessage());
        assertEquals("2", failed.item().get("v").n());

        Map<String, AttributeValue> updatedNew = c.updateItem(r -> r.tableName("kvs").key(key("a"))
                .updateExpression("SET v = v + :one, note = :n").conditionExpression("v = :two")
                .expressionAttributeValues(Map.of(":one", n(1), ":two", n(2), ":n", s("hi")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertEquals(Map.of("v", n(3), "note", s("hi")), updatedNew);

        Map<String, AttributeValue> allNew = c.updateItem(r -> r.tableName("kvs").key(key("fresh"))
                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        assertEquals(Map.of("pk", s("fresh"), "hits", n(1)), allNew);

        DynamoDbException keyUpdate = assertThrows(DynamoDbException.class, () -> c.updateItem(r -> r.tableName("kvs")
                .key(key("a")).updateExpression("SET pk = :p").expressionAttributeValues(Map.of(":p", s("b")))));
        assertEquals("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of "
                + "the key", keyUpdate.awsErrorDetails().errorMessage());

        Map<String, AttributeValue> deleted = c.deleteItem(r -> r.tableName("kvs").key(key("a"))
                .conditionExpression("attribute_exists(note)").returnValues(ReturnValue.ALL_OLD)).attributes();
        assertEquals("3", deleted.get("v").n());
        assertFalse(c.getItem(r -> r.tableName("kvs").key(key("a"))).hasItem());
    }

    @Test
    void keysAreValidatedAgainstTheSchema() {
        DynamoDbException e = assertThrows(DynamoDbException.class,
                () -> c.getItem(r -> r.tableName("kvs").key(Map.of("pk", n(1)))));
        assertEquals("The provided key element does not match the schema", e.awsErrorDetails().errorMessage());
        e = assertThrows(DynamoDbException.class, () -> c.putItem(r -> r.tableName("kvs").item(Map.of("v", n(1)))));
        assertEquals("One or more parameter values were invalid: Missing the key pk in the item",
                e.awsErrorDetails().errorMessage());
        e = assertThrows(DynamoDbException.class, () -> c.putItem(r -> r.tableName("kvs").item(key(""))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("cannot contain an empty string value"));
        e = assertThrows(DynamoDbException.class, () -> c.putItem(r -> r.tableName("kvs")
                .item(Map.of("pk", s("big"), "blob", s("x".repeat(400 * 1024))))));
        assertEquals("Item size has exceeded the maximum allowed size", e.awsErrorDetails().errorMessage());
    }

    @Test
    void queryAndScanPageWithLimitAndExclusiveStartKey() {
        for (int i = 0; i < 25; i++) {
            String sk = String.format("%03d", i);
            c.putItem(r -> r.tableName("orders").item(Map.of("pk", s("cust"), "sk", s(sk), "n", n(Integer.parseInt(sk)))));
        }
        c.putItem(r -> r.tableName("orders").item(Map.of("pk", s("other"), "sk", s("000"))));

        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> esk = start;
            QueryResponse page = c.query(r -> r.tableName("orders").keyConditionExpression("pk = :p AND sk >= :from")
                    .expressionAttributeValues(Map.of(":p", s("cust"), ":from", s("005"))).limit(7)
                    .scanIndexForward(false).exclusiveStartKey(esk));
            page.items().forEach(i -> seen.add(i.get("sk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertEquals(20, seen.size());
        assertEquals("024", seen.get(0));
        assertEquals("005", seen.get(19));
        assertTrue(pages >= 3);

        QueryResponse filtered = c.query(r -> r.tableName("orders").keyConditionExpression("pk = :p")
                .filterExpression("n < :ten").expressionAttributeValues(Map.of(":p", s("cust"), ":ten", n(10))));
        assertEquals(10, filtered.count());
        assertEquals(25, filtered.scannedCount());

        QueryResponse counted = c.query(r -> r.tableName("orders").keyConditionExpression("pk = :p")
                .select(Select.COUNT).expressionAttributeValues(Map.of(":p", s("cust"))));
        assertEquals(25, counted.count());
        assertTrue(counted.items().isEmpty());

        long scanned = c.scanPaginator(r -> r.tableName("orders").limit(4)).items().stream().count();
        assertEquals(26, scanned);
    }

    @Test
    void aPageStopsAtOneMegabyte() {
        String blob = "x".repeat(100 * 1024);
        for (int i = 0; i < 25; i++) {
            String pk = "big-" + i;
            c.putItem(r -> r.tableName("kvs").item(Map.of("pk", s(pk), "blob", s(blob))));
        }
        ScanResponse first = c.scan(r -> r.tableName("kvs"));
        assertTrue(first.count() < 25 && first.count() >= 10, "count " + first.count());
        assertTrue(first.hasLastEvaluatedKey() && !first.lastEvaluatedKey().isEmpty());
        assertEquals(25, c.scanPaginator(r -> r.tableName("kvs")).items().stream().count());
    }

    @Test
    void globalSecondaryIndexesAreKeptInStep() {
        c.createTable(r -> r.tableName("users").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("team").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(g -> g.indexName("byTeam")
                        .keySchema(KeySchemaElement.builder().attributeName("team").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("name"))));
        c.putItem(r -> r.tableName("users").item(Map.of("pk", s("u1"), "team", s("red"), "name", s("Ann"), "secret", s("s"))));
        c.putItem(r -> r.tableName("users").item(Map.of("pk", s("u2"), "team", s("red"), "name", s("Bob"))));
        c.putItem(r -> r.tableName("users").item(Map.of("pk", s("u3"), "name", s("Cy")))); // not indexed: no team
        c.updateItem(r -> r.tableName("users").key(key("u2")).updateExpression("SET team = :b")
                .expressionAttributeValues(Map.of(":b", s("blue"))));

        QueryResponse red = c.query(r -> r.tableName("users").indexName("byTeam").keyConditionExpression("team = :t")
                .expressionAttributeValues(Map.of(":t", s("red"))));
        assertEquals(1, red.count());
        assertEquals(Map.of("pk", s("u1"), "team", s("red"), "name", s("Ann")), red.items().get(0));
        assertEquals(2, c.scan(r -> r.tableName("users").indexName("byTeam")).count());

        DynamoDbException e = assertThrows(DynamoDbException.class, () -> c.query(r -> r.tableName("users")
                .indexName("byTeam").consistentRead(true).keyConditionExpression("team = :t")
                .expressionAttributeValues(Map.of(":t", s("red")))));
        assertEquals("Consistent reads are not supported on global secondary indexes", e.awsErrorDetails().errorMessage());
        e = assertThrows(DynamoDbException.class, () -> c.putItem(r -> r.tableName("users")
                .item(Map.of("pk", s("u4"), "team", n(7)))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("Type mismatch for Index Key team"));
    }

    @Test
    void batchesWriteAndReadMany() {
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("b" + puts.size())))).build());
        }
        assertTrue(c.batchWriteItem(r -> r.requestItems(Map.of("kvs", puts))).unprocessedItems().isEmpty());
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            keys.add(key("b" + i));
        }
        var got = c.batchGetItem(r -> r.requestItems(Map.of("kvs", software.amazon.awssdk.services.dynamodb.model
                .KeysAndAttributes.builder().keys(keys).build())));
        assertEquals(25, got.responses().get("kvs").size());

        List<WriteRequest> dup = List.of(WriteRequest.builder().putRequest(p -> p.item(key("d"))).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(key("d"))).build());
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> c.batchWriteItem(r -> r.requestItems(Map.of("kvs", dup))));
        assertEquals("Provided list of item keys contains duplicates", e.awsErrorDetails().errorMessage());
    }

    @Test
    void transactionsCancelWithReasonsInOrderAndHonourTheirToken() {
        c.putItem(r -> r.tableName("kvs").item(Map.of("pk", s("stock"), "left", n(1))));
        TransactionCanceledException e = assertThrows(TransactionCanceledException.class, () -> c.transactWriteItems(r -> r
                .transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName("kvs").item(key("order-1"))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName("kvs").key(key("stock"))
                                .updateExpression("SET #l = #l - :one").conditionExpression("#l > :one")
                                .expressionAttributeNames(Map.of("#l", "left"))
                                .expressionAttributeValues(Map.of(":one", n(1)))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())));
        assertEquals("Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
                + "ConditionalCheckFailed]", e.awsErrorDetails().errorMessage());
        assertEquals("None", e.cancellationReasons().get(0).code());
        assertEquals("ConditionalCheckFailed", e.cancellationReasons().get(1).code());
        assertEquals("1", e.cancellationReasons().get(1).item().get("left").n());
        assertFalse(c.getItem(r -> r.tableName("kvs").key(key("order-1"))).hasItem());

        Map<String, AttributeValue> counter = new HashMap<>(key("counter"));
        TransactWriteItem add = TransactWriteItem.builder().update(u -> u.tableName("kvs").key(counter)
                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n(1)))).build();
        c.transactWriteItems(r -> r.transactItems(add).clientRequestToken("token-1"));
        c.transactWriteItems(r -> r.transactItems(add).clientRequestToken("token-1"));
        assertEquals("1", c.getItem(r -> r.tableName("kvs").key(key("counter"))).item().get("hits").n(),
                "the retried token was not applied twice");
        TransactWriteItem other = TransactWriteItem.builder().put(p -> p.tableName("kvs").item(key("x"))).build();
        assertThrows(IdempotentParameterMismatchException.class,
                () -> c.transactWriteItems(r -> r.transactItems(other).clientRequestToken("token-1")));
        clock.advance(Duration.ofMinutes(11));
        c.transactWriteItems(r -> r.transactItems(add).clientRequestToken("token-1"));
        assertEquals("2", c.getItem(r -> r.tableName("kvs").key(key("counter"))).item().get("hits").n(),
                "after ten minutes the token is new again");

        DynamoDbException twice = assertThrows(DynamoDbException.class, () -> c.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("kvs").item(key("y"))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("kvs").key(key("y"))).build())));
        assertEquals("Transaction request cannot include multiple operations on one item", twice.awsErrorDetails().errorMessage());

        var got = c.transactGetItems(r -> r.transactItems(t -> t.get(g -> g.tableName("kvs").key(key("stock"))),
                t -> t.get(g -> g.tableName("kvs").key(key("nope")))));
        assertEquals("1", got.responses().get(0).item().get("left").n());
        assertFalse(got.responses().get(1).hasItem());
    }
}
