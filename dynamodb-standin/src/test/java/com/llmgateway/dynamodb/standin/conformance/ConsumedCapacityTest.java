package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Request units metered as DynamoDB on-demand bills them, read through the real SDK's
 * {@code ConsumedCapacity} and the stand-in's stats. Item size = attribute names + values; writes 1
 * unit per 1 KB started (the larger of the old and new item), reads 1 per 4 KB started (half when
 * eventually consistent), transactions twice, Query summing the items before rounding, BatchGetItem
 * rounding each item, a failed conditional write charging the existing item, and GSI writes.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
 */
class ConsumedCapacityTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamoDbClient c() {
        return ddb.client();
    }

    /** An item with key {@code pk=id} whose size (names + values) is exactly {@code bytes}. */
    private static Map<String, AttributeValue> sized(String id, int bytes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(id));
        int rest = bytes - 2 - id.length() - 3; // "pk" + id, "pad"
        item.put("pad", s("x".repeat(rest)));
        return item;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", s(id));
    }

    private JsonNode stats() {
        try {
            return JSON.readTree(ddb.control("GET", "/_standin/stats", null).body()).get("consumed_capacity");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private double writeUnitsOf(String table) {
        return stats().path("by_table").path(table).path("write_units").asDouble();
    }

    private double readUnitsOf(String table) {
        return stats().path("by_table").path(table).path("read_units").asDouble();
    }

    @Test
    void writes_cost_one_unit_per_started_kilobyte_of_the_larger_image() {
        String t = ddb.hashTable("wru");
        assertEquals(1.0, c().putItem(r -> r.tableName(t).item(sized("a", 1024))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        assertEquals(2.0, c().putItem(r -> r.tableName(t).item(sized("a", 1025))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        // replacing a 1,025-byte item with a small one: the larger of the two counts
        ConsumedCapacity small = c().putItem(r -> r.tableName(t).item(sized("a", 100))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertEquals(2.0, small.capacityUnits());
        assertEquals(2.0, small.writeCapacityUnits());
        assertNull(small.readCapacityUnits());
        // deleting an absent item still costs the minimum; deleting a 3,000-byte item 3
        assertEquals(1.0, c().deleteItem(r -> r.tableName(t).key(key("none"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        c().putItem(r -> r.tableName(t).item(sized("b", 3000)));
        assertEquals(3.0, c().deleteItem(r -> r.tableName(t).key(key("b"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        // the stats count every call, asked for or not: 1 + 2 + 2 + 1 + 3 (the unreported put) + 3
        assertEquals(12.0, writeUnitsOf(t));
        assertEquals(0.0, readUnitsOf(t));
    }

    @Test
    void reads_cost_one_unit_per_started_4_kb_strongly_consistent_and_half_eventually() {
        String t = ddb.hashTable("rru");
        c().putItem(r -> r.tableName(t).item(sized("a", 4097)));
        assertEquals(2.0, c().getItem(r -> r.tableName(t).key(key("a")).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        assertEquals(1.0, c().getItem(r -> r.tableName(t).key(key("a"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        // a projection does not make the read cheaper: the whole item is read
        assertEquals(2.0, c().getItem(r -> r.tableName(t).key(key("a")).consistentRead(true).projectionExpression("pk")
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().readCapacityUnits());
        // an absent item: the minimum
        assertEquals(0.5, c().getItem(r -> r.tableName(t).key(key("none"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        assertEquals(5.5, readUnitsOf(t));
    }

    @Test
    void a_failed_conditional_write_consumes_the_size_of_the_existing_item() {
        String t = ddb.hashTable("failed");
        c().putItem(r -> r.tableName(t).item(sized("a", 2500)));
        double before = writeUnitsOf(t);
        assertThrows(ConditionalCheckFailedException.class, () -> c().putItem(r -> r.tableName(t)
                .item(sized("a", 100)).conditionExpression("attribute_not_exists(pk)")));
        assertEquals(3.0, writeUnitsOf(t) - before);
        // no existing item: the minimum of 1
        assertThrows(ConditionalCheckFailedException.class, () -> c().deleteItem(r -> r.tableName(t)
                .key(key("none")).conditionExpression("attribute_exists(pk)")));
        assertEquals(4.0, writeUnitsOf(t) - before);
    }

    @Test
    void transactions_cost_twice() {
        String t = ddb.hashTable("tx");
        c().putItem(r -> r.tableName(t).item(sized("checked", 500)));
        double before = writeUnitsOf(t);
        List<ConsumedCapacity> w = c().transactWriteItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(
                        i -> i.put(p -> p.tableName(t).item(sized("a", 1500))),
                        i -> i.conditionCheck(k -> k.tableName(t).key(key("checked"))
                                .conditionExpression("attribute_exists(pk)")))).consumedCapacity();
        assertEquals(1, w.size());
        assertEquals(t, w.get(0).tableName());
        assertEquals(6.0, w.get(0).capacityUnits()); // 2 × 2 for the 1,500-byte put, 2 × 1 for the check
        assertEquals(6.0, writeUnitsOf(t) - before);
        c().putItem(r -> r.tableName(t).item(sized("big", 5000)));
        List<ConsumedCapacity> g = c().transactGetItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(i -> i.get(x -> x.tableName(t).key(key("big"))),
                        i -> i.get(x -> x.tableName(t).key(key("none"))))).consumedCapacity();
        assertEquals(6.0, g.get(0).capacityUnits()); // 2 × 2 for 5,000 bytes, 2 × 1 for the absent item
        assertEquals(6.0, g.get(0).readCapacityUnits());
    }

    @Test
    void a_cancelled_transaction_still_consumes_its_reads_of_each_item() {
        String t = ddb.hashTable("txcancel");
        c().putItem(r -> r.tableName(t).item(sized("a", 2000)));
        double before = writeUnitsOf(t);
        assertThrows(TransactionCanceledException.class, () -> c().transactWriteItems(r -> r.transactItems(
                i -> i.put(p -> p.tableName(t).item(sized("a", 100)).conditionExpression("attribute_not_exists(pk)")),
                i -> i.put(p -> p.tableName(t).item(sized("b", 100))))));
        assertEquals(3.0, writeUnitsOf(t) - before); // 2 for the existing 2,000-byte item, 1 for the absent one
        assertFalse(c().getItem(r -> r.tableName(t).key(key("b"))).hasItem());
    }

    @Test
    void query_sums_the_items_then_rounds_while_batch_get_rounds_each_item() {
        String t = ddb.rangeTable("query", ScalarAttributeType.N);
        for (int i = 0; i < 3; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", s("p"));
            item.put("sk", Av.n(i));
            item.put("pad", s("x".repeat(1500 - 2 - 1 - 2 - 2 - 3))); // 1,500 bytes each (N "i" is 2 bytes)
            c().putItem(r -> r.tableName(t).item(item));
        }
        ConsumedCapacity q = c().query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertEquals(2.0, q.capacityUnits()); // 4,500 bytes: 2 units strongly consistent
        // a filter that keeps nothing reads (and costs) the same
        assertEquals(1.0, c().query(r -> r.tableName(t).keyConditionExpression("pk = :p").filterExpression("#pad = :no")
                .expressionAttributeNames(Map.of("#pad", "pad")).expressionAttributeValues(Map.of(":p", s("p"), ":no", s("no")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        List<ConsumedCapacity> b = c().batchGetItem(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(t, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .consistentRead(true)
                        .keys(Map.of("pk", s("p"), "sk", Av.n(0)), Map.of("pk", s("p"), "sk", Av.n(1)),
                                Map.of("pk", s("p"), "sk", Av.n(2))).build()))).consumedCapacity();
        assertEquals(3.0, b.get(0).capacityUnits()); // each 1,500-byte item rounded up to 4 KB on its own
    }

    @Test
    void batch_write_rounds_each_item_and_answers_a_list_per_table() {
        String t1 = ddb.hashTable("bw1");
        String t2 = ddb.hashTable("bw2");
        List<ConsumedCapacity> cc = c().batchWriteItem(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(
                        t1, List.of(put(sized("a", 1500)), put(sized("b", 1500))),
                        t2, List.of(put(sized("a", 10)))))).consumedCapacity();
        Map<String, Double> byTable = new HashMap<>();
        cc.forEach(x -> byTable.put(x.tableName(), x.capacityUnits()));
        assertEquals(Map.of(t1, 4.0, t2, 1.0), byTable);
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    /** Table (pk S) with GSI byG (hash g) projecting ALL and GSI keysG (hash g) KEYS_ONLY. */
    private String indexed() {
        String t = StandInExtension.uniqueName("gsi");
        c().createTable(r -> r.tableName(t).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(gsi("byG", ProjectionType.ALL), gsi("keysG", ProjectionType.KEYS_ONLY)));
        return t;
    }

    private static GlobalSecondaryIndex gsi(String name, ProjectionType type) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                .projection(Projection.builder().projectionType(type).build()).build();
    }

    private ConsumedCapacity update(String t, String expression, Map<String, AttributeValue> values) {
        return c().updateItem(r -> {
            r.tableName(t).key(key("a")).updateExpression(expression)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES);
            if (values != null) {
                r.expressionAttributeValues(values);
            }
        }).consumedCapacity();
    }

    private static double gsiUnits(ConsumedCapacity cc, String index) {
        var c = cc.globalSecondaryIndexes().get(index);
        return c == null ? 0 : c.capacityUnits();
    }

    @Test
    void writes_count_for_each_global_secondary_index_the_item_is_in() {
        String t = indexed();
        // a new item carrying g: one write into each index
        ConsumedCapacity put = c().putItem(r -> r.tableName(t).item(Map.of("pk", s("a"), "g", s("x"), "v", s("1")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertEquals(3.0, put.capacityUnits());
        assertEquals(1.0, put.table().capacityUnits());
        assertEquals(1.0, gsiUnits(put, "byG"));
        assertEquals(1.0, gsiUnits(put, "keysG"));
        // a projected non-key attribute changes: one write in the ALL index, none in KEYS_ONLY
        ConsumedCapacity v = update(t, "SET v = :v", Map.of(":v", s("2")));
        assertEquals(1.0, gsiUnits(v, "byG"));
        assertEquals(0.0, gsiUnits(v, "keysG"));
        assertEquals(2.0, v.capacityUnits());
        // the index key changes: delete the old entry and put the new one, in each index
        ConsumedCapacity g = update(t, "SET g = :g", Map.of(":g", s("y")));
        assertEquals(2.0, gsiUnits(g, "byG"));
        assertEquals(2.0, gsiUnits(g, "keysG"));
        assertEquals(5.0, g.capacityUnits());
        // the index key removed: one delete from each index
        ConsumedCapacity gone = update(t, "REMOVE g", null);
        assertEquals(1.0, gsiUnits(gone, "byG"));
        assertEquals(1.0, gsiUnits(gone, "keysG"));
        // in neither image: no index write, and no index in the answer
        ConsumedCapacity none = update(t, "SET v = :v", Map.of(":v", s("3")));
        assertEquals(1.0, none.capacityUnits());
        assertTrue(none.globalSecondaryIndexes().isEmpty());
        // TOTAL reports the sum without the breakdown
        ConsumedCapacity total = c().putItem(r -> r.tableName(t).item(Map.of("pk", s("b"), "g", s("x")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertEquals(3.0, total.capacityUnits());
        assertNull(total.table());
        JsonNode idx = stats().path("by_table").path(t).path("indexes");
        assertEquals(6.0, idx.path("byG").path("write_units").asDouble());
        assertEquals(5.0, idx.path("keysG").path("write_units").asDouble());
    }

    @Test
    void a_query_on_an_index_is_charged_to_the_index() {
        String t = indexed();
        c().putItem(r -> r.tableName(t).item(Map.of("pk", s("a"), "g", s("x"))));
        ConsumedCapacity q = c().query(r -> r.tableName(t).indexName("byG").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("x")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertEquals(0.5, q.capacityUnits());
        assertEquals(0.5, gsiUnits(q, "byG"));
    }

    @Test
    void no_consumed_capacity_unless_asked_and_an_unknown_mode_is_refused() {
        String t = ddb.hashTable("mode");
        assertNull(c().putItem(r -> r.tableName(t).item(key("a"))).consumedCapacity());
        assertNull(c().putItem(r -> r.tableName(t).item(key("a"))
                .returnConsumedCapacity(ReturnConsumedCapacity.NONE)).consumedCapacity());
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> c().putItem(r -> r.tableName(t)
                .item(key("a")).returnConsumedCapacity("EVERYTHING")));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("[INDEXES, TOTAL, NONE]"));
    }

    @Test
    void stats_reset_clears_the_counters() {
        String t = ddb.hashTable("reset");
        c().putItem(r -> r.tableName(t).item(key("a")));
        assertEquals(1.0, writeUnitsOf(t));
        assertEquals(200, ddb.control("POST", "/_standin/stats/reset", "").statusCode());
        assertFalse(stats().path("by_table").has(t));
        assertEquals(0.0, stats().path("write_units").asDouble());
    }
}
