package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Global secondary indexes: ALL / KEYS_ONLY / INCLUDE projections, sparse indexes, index paging,
 * index key validation, and ConsistentRead refused.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html
 */
class SecondaryIndexTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private DynamoDbClient c() {
        return ddb.client();
    }

    private static KeySchemaElement hash(String n) {
        return KeySchemaElement.builder().attributeName(n).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String n) {
        return KeySchemaElement.builder().attributeName(n).keyType(KeyType.RANGE).build();
    }

    private static AttributeDefinition def(String n, ScalarAttributeType t) {
        return AttributeDefinition.builder().attributeName(n).attributeType(t).build();
    }

    /** Table (pk S, sk N) with GSIs all(g, gs) ALL, keys(g) KEYS_ONLY, incl(g, gs) INCLUDE [a]. */
    private String indexed(String hint) {
        String t = StandInExtension.uniqueName(hint);
        c().createTable(r -> r.tableName(t).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(hash("pk"), range("sk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", ScalarAttributeType.N),
                        def("g", ScalarAttributeType.S), def("gs", ScalarAttributeType.N))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("all").keySchema(hash("g"), range("gs"))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                        GlobalSecondaryIndex.builder().indexName("keys").keySchema(hash("g"))
                                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build(),
                        GlobalSecondaryIndex.builder().indexName("incl").keySchema(hash("g"), range("gs"))
                                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("a").build()).build()));
        // Items 1..6 in group "x" with gs = 60 - 10·i (reverse of sk); 7, 8 lack g (sparse); 9 in "y".
        for (int i = 1; i <= 6; i++) {
            int k = i;
            c().putItem(r -> r.tableName(t).item(item("pk", s("p" + k), "sk", n(k), "g", s("x"),
                    "gs", n(70 - 10L * k), "a", s("a" + k), "b", s("b" + k))));
        }
        c().putItem(r -> r.tableName(t).item(item("pk", s("p7"), "sk", n(7), "a", s("a7"))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("p8"), "sk", n(8), "gs", n(1))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("p9"), "sk", n(9), "g", s("y"), "gs", n(5), "b", s("b9"))));
        return t;
    }

    private QueryResponse qi(String t, String index, String kce, Map<String, AttributeValue> v) {
        return c().query(r -> r.tableName(t).indexName(index).keyConditionExpression(kce).expressionAttributeValues(v));
    }

    @Test
    void allProjectionReturnsWholeItemsInIndexSortOrder() {
        String t = indexed("gsi_all");
        QueryResponse r = qi(t, "all", "g = :g", Map.of(":g", s("x")));
        assertEquals(6, r.count());
        assertEquals(List.of("p6", "p5", "p4", "p3", "p2", "p1"), r.items().stream().map(i -> i.get("pk").s()).toList());
        assertEquals(item("pk", s("p6"), "sk", n(6), "g", s("x"), "gs", n(10), "a", s("a6"), "b", s("b6")),
                r.items().get(0));
        QueryResponse range = qi(t, "all", "g = :g AND gs BETWEEN :lo AND :hi",
                Map.of(":g", s("x"), ":lo", n(20), ":hi", n(40)));
        assertEquals(List.of("p5", "p4", "p3"), range.items().stream().map(i -> i.get("pk").s()).toList());
    }

    @Test
    void keysOnlyProjectionReturnsTableAndIndexKeys() {
        String t = indexed("gsi_keys");
        QueryResponse r = qi(t, "keys", "g = :g", Map.of(":g", s("y")));
        assertEquals(List.of(item("pk", s("p9"), "sk", n(9), "g", s("y"))), r.items());
    }

    @Test
    void includeProjectionReturnsKeysAndIncludedAttributesOnly() {
        String t = indexed("gsi_incl");
        QueryResponse r = qi(t, "incl", "g = :g AND gs = :gs", Map.of(":g", s("x"), ":gs", n(40)));
        assertEquals(List.of(item("pk", s("p3"), "sk", n(3), "g", s("x"), "gs", n(40), "a", s("a3"))), r.items());
        QueryResponse projected = c().query(x -> x.tableName(t).indexName("incl")
                .keyConditionExpression("g = :g AND gs = :gs").select(Select.ALL_PROJECTED_ATTRIBUTES)
                .expressionAttributeValues(Map.of(":g", s("x"), ":gs", n(40))));
        assertEquals(r.items(), projected.items());
    }

    @Test
    void itemsWithoutTheIndexKeyAreNotInTheIndex() {
        // Sparse indexes: an item appears only if it has the index key attributes (GSI docs).
        String t = indexed("gsi_sparse");
        var scan = c().scan(r -> r.tableName(t).indexName("all"));
        assertEquals(7, scan.count());
        Set<String> pks = new HashSet<>();
        scan.items().forEach(i -> pks.add(i.get("pk").s()));
        assertEquals(Set.of("p1", "p2", "p3", "p4", "p5", "p6", "p9"), pks);
        assertEquals(7, c().scan(r -> r.tableName(t).indexName("keys")).count());
        assertEquals(9, c().scan(r -> r.tableName(t)).count());
    }

    @Test
    void indexFollowsUpdatesAndDeletes() {
        String t = indexed("gsi_follow");
        c().updateItem(r -> r.tableName(t).key(key("p1", n(1))).updateExpression("SET g = :y")
                .expressionAttributeValues(Map.of(":y", s("y"))));
        c().updateItem(r -> r.tableName(t).key(key("p2", n(2))).updateExpression("REMOVE g"));
        c().deleteItem(r -> r.tableName(t).key(key("p3", n(3))));
        c().updateItem(r -> r.tableName(t).key(key("p7", n(7))).updateExpression("SET g = :y, gs = :gs")
                .expressionAttributeValues(Map.of(":y", s("y"), ":gs", n(100))));
        assertEquals(List.of("p4", "p5", "p6"), qi(t, "all", "g = :g", Map.of(":g", s("x"))).items().stream()
                .map(i -> i.get("pk").s()).sorted().toList());
        assertEquals(List.of("p9", "p1", "p7"), qi(t, "all", "g = :g", Map.of(":g", s("y"))).items().stream()
                .map(i -> i.get("pk").s()).toList());
        // The hash-only KEYS_ONLY index holds every item that has g.
        assertEquals(3, qi(t, "keys", "g = :g", Map.of(":g", s("y"))).count());
    }

    @Test
    void consistentReadOnAGlobalSecondaryIndexIsRefused() {
        String t = indexed("gsi_consistent");
        Expect.validation(() -> c().query(r -> r.tableName(t).indexName("all").keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", s("x"))).consistentRead(true)),
                "Consistent reads are not supported on global secondary indexes");
        Expect.validation(() -> c().scan(r -> r.tableName(t).indexName("all").consistentRead(true)),
                "Consistent reads are not supported on global secondary indexes");
    }

    @Test
    void indexPagesCarryTableAndIndexKeysInLastEvaluatedKey() {
        String t = indexed("gsi_pages");
        QueryResponse p1 = c().query(r -> r.tableName(t).indexName("all").keyConditionExpression("g = :g").limit(2)
                .expressionAttributeValues(Map.of(":g", s("x"))));
        assertEquals(Map.of("pk", s("p5"), "sk", n(5), "g", s("x"), "gs", n(20)), p1.lastEvaluatedKey());
        List<String> all = new ArrayList<>(p1.items().stream().map(i -> i.get("pk").s()).toList());
        Map<String, AttributeValue> start = p1.lastEvaluatedKey();
        int guard = 0;
        while (start != null && !start.isEmpty() && guard++ < 10) {
            Map<String, AttributeValue> s0 = start;
            QueryResponse p = c().query(r -> r.tableName(t).indexName("all").keyConditionExpression("g = :g").limit(2)
                    .expressionAttributeValues(Map.of(":g", s("x"))).exclusiveStartKey(s0));
            all.addAll(p.items().stream().map(i -> i.get("pk").s()).toList());
            start = p.hasLastEvaluatedKey() ? p.lastEvaluatedKey() : null;
        }
        assertEquals(List.of("p6", "p5", "p4", "p3", "p2", "p1"), all);
    }

    @Test
    void indexKeysNeedNotBeUnique() {
        String t = indexed("gsi_nonunique");
        c().putItem(r -> r.tableName(t).item(item("pk", s("q1"), "sk", n(1), "g", s("z"), "gs", n(1))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("q2"), "sk", n(1), "g", s("z"), "gs", n(1))));
        assertEquals(2, qi(t, "all", "g = :g AND gs = :v", Map.of(":g", s("z"), ":v", n(1))).count());
    }

    @Test
    void indexKeyOfTheWrongTypeIsRefused() {
        String t = indexed("gsi_type");
        Expect.validation(() -> c().putItem(r -> r.tableName(t).item(item("pk", s("w"), "sk", n(1), "g", n(5)))),
                "Type mismatch for Index Key");
    }

    @Test
    void emptyStringIndexKeyIsRefused() {
        String t = indexed("gsi_empty");
        Expect.validation(() -> c().putItem(r -> r.tableName(t).item(item("pk", s("w"), "sk", n(1), "g", s("")))));
    }

    @Test
    void unknownIndexIsRefused() {
        String t = indexed("gsi_unknown");
        Expect.validation(() -> qi(t, "nope", "g = :g", Map.of(":g", s("x"))),
                "The table does not have the specified index: nope");
    }

    @Test
    void indexQueryMustUseTheIndexPartitionKey() {
        String t = indexed("gsi_missed");
        Expect.validation(() -> qi(t, "all", "pk = :p", Map.of(":p", s("p1"))),
                "Query condition missed key schema element: g");
    }

    @Test
    void selectAllAttributesOnAKeysOnlyIndexIsRefused() {
        String t = indexed("gsi_selall");
        Expect.validation(() -> c().query(r -> r.tableName(t).indexName("keys").keyConditionExpression("g = :g")
                .select(Select.ALL_ATTRIBUTES).expressionAttributeValues(Map.of(":g", s("x")))));
    }

    @Test
    void filterOnAnIndexQueryMayUseNonIndexKeyAttributes() {
        String t = indexed("gsi_filter");
        QueryResponse r = c().query(x -> x.tableName(t).indexName("all").keyConditionExpression("g = :g")
                .filterExpression("a IN (:a1, :a2)")
                .expressionAttributeValues(Map.of(":g", s("x"), ":a1", s("a1"), ":a2", s("a4"))));
        assertEquals(2, r.count());
        assertEquals(6, r.scannedCount());
        assertTrue(r.items().stream().allMatch(i -> i.containsKey("b")));
    }

    @Test
    void updateGivingAnIndexKeyTheWrongTypeIsRefused() {
        String t = indexed("gsi_updtype");
        Expect.validation(() -> c().updateItem(r -> r.tableName(t).key(key("p1", n(1))).updateExpression("SET gs = :v")
                        .expressionAttributeValues(Map.of(":v", s("text")))),
                "Type mismatch for Index Key");
        assertEquals(n(60), c().getItem(r -> r.tableName(t).key(key("p1", n(1)))).item().get("gs"));
    }

    @Test
    void filterOnAnIndexKeyAttributeIsRefused() {
        // The index's own key attributes belong in the KeyConditionExpression, as for a table.
        String t = indexed("gsi_filterkey");
        Expect.validation(() -> c().query(x -> x.tableName(t).indexName("all").keyConditionExpression("g = :g")
                        .filterExpression("gs > :v").expressionAttributeValues(Map.of(":g", s("x"), ":v", n(1)))),
                "Filter Expression can only contain non-primary key attributes: Primary key attribute: gs");
    }
}
