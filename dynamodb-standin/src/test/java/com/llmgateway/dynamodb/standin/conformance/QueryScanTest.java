package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.b;
import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Query and Scan: key condition forms, sort orders, FilterExpression, ProjectionExpression, Limit,
 * paging by ExclusiveStartKey / LastEvaluatedKey including the 1 MB page, Select and counts.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html
 */
class QueryScanTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private DynamoDbClient c() {
        return ddb.client();
    }

    /** pk "p" with sk 1..10 (v = 10·sk, cat odd/even), plus pk "other" with sk 1..3. */
    private String seeded(String hint) {
        String t = ddb.rangeTable(hint, ScalarAttributeType.N);
        for (int i = 1; i <= 10; i++) {
            int k = i;
            c().putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", n(k), "v", n(10L * k),
                    "cat", s(k % 2 == 0 ? "even" : "odd"))));
        }
        for (int i = 1; i <= 3; i++) {
            int k = i;
            c().putItem(r -> r.tableName(t).item(item("pk", s("other"), "sk", n(k))));
        }
        return t;
    }

    private static List<String> sks(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("sk").n()).toList();
    }

    private QueryResponse q(String t, String kce, Map<String, AttributeValue> values) {
        return c().query(r -> r.tableName(t).keyConditionExpression(kce).expressionAttributeValues(values));
    }

    @Test
    void queryReturnsThePartitionInAscendingSortKeyOrder() {
        String t = seeded("q_all");
        QueryResponse r = q(t, "pk = :p", Map.of(":p", s("p")));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), sks(r.items()));
        assertEquals(10, r.count());
        assertEquals(10, r.scannedCount());
        assertFalse(r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty(), "no LastEvaluatedKey on the last page");
    }

    @Test
    void scanIndexForwardFalseReversesTheOrder() {
        String t = seeded("q_rev");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).scanIndexForward(false));
        assertEquals(List.of("10", "9", "8", "7", "6", "5", "4", "3", "2", "1"), sks(r.items()));
    }

    @Test
    void sortKeyConditionForms() {
        String t = seeded("q_forms");
        assertEquals(List.of("4"), sks(q(t, "pk = :p AND sk = :a", Map.of(":p", s("p"), ":a", n(4))).items()));
        assertEquals(List.of("1", "2", "3"), sks(q(t, "pk = :p AND sk < :a", Map.of(":p", s("p"), ":a", n(4))).items()));
        assertEquals(List.of("1", "2", "3", "4"), sks(q(t, "pk = :p AND sk <= :a", Map.of(":p", s("p"), ":a", n(4))).items()));
        assertEquals(List.of("9", "10"), sks(q(t, "pk = :p AND sk > :a", Map.of(":p", s("p"), ":a", n(8))).items()));
        assertEquals(List.of("8", "9", "10"), sks(q(t, "pk = :p AND sk >= :a", Map.of(":p", s("p"), ":a", n(8))).items()));
        assertEquals(List.of("3", "4", "5"), sks(q(t, "pk = :p AND sk BETWEEN :a AND :b",
                Map.of(":p", s("p"), ":a", n(3), ":b", n(5))).items()));
        // Names and values substituted, sort key condition first.
        QueryResponse named = c().query(r -> r.tableName(t)
                .keyConditionExpression("#s BETWEEN :a AND :b AND #p = :p")
                .expressionAttributeNames(Map.of("#p", "pk", "#s", "sk"))
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", n("2.5"), ":b", n(4))));
        assertEquals(List.of("3", "4"), sks(named.items()));
        assertEquals(List.of("1", "2", "3"), sks(q(t, "pk = :p", Map.of(":p", s("other"))).items()));
        assertEquals(0, q(t, "pk = :p", Map.of(":p", s("nobody"))).count());
    }

    @Test
    void beginsWithOnAStringSortKey() {
        String t = ddb.rangeTable("q_begins", ScalarAttributeType.S);
        for (String sk : List.of("order#1", "order#2", "orders", "invoice#1", "Order#3")) {
            c().putItem(r -> r.tableName(t).item(item("pk", s("c"), "sk", s(sk))));
        }
        QueryResponse r = q(t, "pk = :p AND begins_with(sk, :pre)", Map.of(":p", s("c"), ":pre", s("order#")));
        assertEquals(List.of("order#1", "order#2"), r.items().stream().map(i -> i.get("sk").s()).toList());
    }

    @Test
    void stringSortKeysOrderByUtf8Bytes() {
        // "S … sorted by the underlying UTF-8 bytes" (developer guide, HowItWorks.NamingRulesDataTypes).
        // U+FFFD sorts before U+1F600 in UTF-8 but after it in Java's UTF-16 String order.
        String t = ddb.rangeTable("q_utf8", ScalarAttributeType.S);
        List<String> expected = List.of("B", "Z", "a", "z", "é", "\uFFFD", "😀");
        for (String sk : List.of("😀", "a", "\uFFFD", "Z", "é", "z", "B")) {
            c().putItem(r -> r.tableName(t).item(item("pk", s("u"), "sk", s(sk))));
        }
        QueryResponse r = q(t, "pk = :p", Map.of(":p", s("u")));
        assertEquals(expected, r.items().stream().map(i -> i.get("sk").s()).toList());
        QueryResponse after = q(t, "pk = :p AND sk > :x", Map.of(":p", s("u"), ":x", s("\uFFFD")));
        assertEquals(List.of("😀"), after.items().stream().map(i -> i.get("sk").s()).toList());
    }

    @Test
    void numberSortKeysOrderNumerically() {
        String t = ddb.rangeTable("q_num", ScalarAttributeType.N);
        for (String sk : List.of("100", "-5", "2", "0.5", "10", "-0.25")) {
            c().putItem(r -> r.tableName(t).item(item("pk", s("n"), "sk", n(sk))));
        }
        assertEquals(List.of("-5", "-0.25", "0.5", "2", "10", "100"), sks(q(t, "pk = :p", Map.of(":p", s("n"))).items()));
    }

    @Test
    void binarySortKeysOrderAsUnsignedBytes() {
        String t = ddb.rangeTable("q_bin", ScalarAttributeType.B);
        byte[][] values = {{(byte) 0xff}, {0x01}, {(byte) 0x80}, {0x7f}, {0x01, 0x00}};
        for (byte[] v : values) {
            c().putItem(r -> r.tableName(t).item(item("pk", s("b"), "sk", b(v))));
        }
        List<Integer> firstBytes = q(t, "pk = :p", Map.of(":p", s("b"))).items().stream()
                .map(i -> i.get("sk").b().asByteArray())
                .map(a -> (a[0] & 0xff) * 1000 + a.length).toList();
        assertEquals(List.of(1001, 1002, 127001, 128001, 255001), firstBytes);
    }

    @Test
    void filterExpressionAppliesAfterTheReadSoScannedCountExceedsCount() {
        String t = seeded("q_filter");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p")
                .filterExpression("cat = :c AND v > :v")
                .expressionAttributeValues(Map.of(":p", s("p"), ":c", s("even"), ":v", n(40))));
        assertEquals(List.of("6", "8", "10"), sks(r.items()));
        assertEquals(3, r.count());
        assertEquals(10, r.scannedCount());
    }

    @Test
    void limitCountsItemsReadBeforeTheFilter() {
        // "Limit … the maximum number of items to evaluate (not necessarily the number of matching items)".
        String t = seeded("q_limit_filter");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p")
                .filterExpression("cat = :c").limit(4)
                .expressionAttributeValues(Map.of(":p", s("p"), ":c", s("even"))));
        assertEquals(List.of("2", "4"), sks(r.items()));
        assertEquals(4, r.scannedCount());
        assertEquals(2, r.count());
        assertEquals(Map.of("pk", s("p"), "sk", n(4)), r.lastEvaluatedKey());
    }

    @Test
    void queryPagesWithLimitAndExclusiveStartKey() {
        String t = seeded("q_pages");
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> s0 = start;
            QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(3)
                    .expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(s0));
            seen.addAll(sks(r.items()));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            if (start != null) {
                Map<String, AttributeValue> last = r.items().get(r.items().size() - 1);
                assertEquals(Map.of("pk", last.get("pk"), "sk", last.get("sk")), start,
                        "LastEvaluatedKey is the primary key of the last item read");
            }
            pages++;
        } while (start != null && pages < 20);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), seen);
        assertEquals(4, pages);
    }

    @Test
    void limitReachedExactlyStillAnswersLastEvaluatedKey() {
        // Query.Pagination: "If LastEvaluatedKey is not empty, it does not necessarily mean that there is
        // more data in the result set." DynamoDB stops because of Limit and does not look further.
        String t = seeded("q_exact");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(3)
                .expressionAttributeValues(Map.of(":p", s("other"))));
        assertEquals(3, r.count());
        assertEquals(Map.of("pk", s("other"), "sk", n(3)), r.lastEvaluatedKey());
        QueryResponse next = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(3)
                .expressionAttributeValues(Map.of(":p", s("other"))).exclusiveStartKey(r.lastEvaluatedKey()));
        assertEquals(0, next.count());
        assertTrue(!next.hasLastEvaluatedKey() || next.lastEvaluatedKey().isEmpty());
        QueryResponse big = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(4)
                .expressionAttributeValues(Map.of(":p", s("other"))));
        assertEquals(3, big.count());
        assertTrue(!big.hasLastEvaluatedKey() || big.lastEvaluatedKey().isEmpty(), "fewer than Limit: last page");
    }

    @Test
    void descendingPagesContinueDescending() {
        String t = seeded("q_revpages");
        QueryResponse p1 = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(4)
                .scanIndexForward(false).expressionAttributeValues(Map.of(":p", s("p"))));
        assertEquals(List.of("10", "9", "8", "7"), sks(p1.items()));
        QueryResponse p2 = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(4)
                .scanIndexForward(false).expressionAttributeValues(Map.of(":p", s("p")))
                .exclusiveStartKey(p1.lastEvaluatedKey()));
        assertEquals(List.of("6", "5", "4", "3"), sks(p2.items()));
    }

    @Test
    void projectionExpressionLimitsQueryAttributes() {
        String t = seeded("q_proj");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p AND sk = :k")
                .projectionExpression("v, #c").expressionAttributeNames(Map.of("#c", "cat"))
                .expressionAttributeValues(Map.of(":p", s("p"), ":k", n(2))));
        assertEquals(List.of(item("v", n(20), "cat", s("even"))), r.items());
    }

    @Test
    void selectCountAnswersOnlyTheCount() {
        String t = seeded("q_count");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").select(Select.COUNT)
                .filterExpression("cat = :c").expressionAttributeValues(Map.of(":p", s("p"), ":c", s("odd"))));
        assertEquals(5, r.count());
        assertEquals(10, r.scannedCount());
        assertTrue(!r.hasItems() || r.items().isEmpty(), "no Items with Select=COUNT");
        ScanResponse sc = c().scan(x -> x.tableName(t).select(Select.COUNT));
        assertEquals(13, sc.count());
        assertTrue(!sc.hasItems() || sc.items().isEmpty());
    }

    @Test
    void selectSpecificAttributesWithProjection() {
        String t = seeded("q_specific");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p AND sk = :k")
                .select(Select.SPECIFIC_ATTRIBUTES).projectionExpression("cat")
                .expressionAttributeValues(Map.of(":p", s("p"), ":k", n(1))));
        assertEquals(List.of(item("cat", s("odd"))), r.items());
        QueryResponse all = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p AND sk = :k")
                .select(Select.ALL_ATTRIBUTES).expressionAttributeValues(Map.of(":p", s("p"), ":k", n(1))));
        assertEquals(4, all.items().get(0).size());
    }

    @Test
    void selectCountWithProjectionIsRefused() {
        String t = seeded("q_count_proj");
        Expect.validation(() -> c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").select(Select.COUNT)
                .projectionExpression("v").expressionAttributeValues(Map.of(":p", s("p")))));
    }

    @Test
    void queryNeedsAKeyCondition() {
        String t = seeded("q_nokce");
        Expect.validation(() -> c().query(x -> x.tableName(t)),
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request");
    }

    @Test
    void keyConditionWithoutThePartitionKeyIsRefused() {
        String t = seeded("q_missed");
        Expect.validation(() -> q(t, "sk > :a", Map.of(":a", n(1))),
                "Query condition missed key schema element: pk");
    }

    @Test
    void keyConditionOnANonKeyAttributeOrWithAnInequalityOnThePartitionKeyIsRefused() {
        String t = seeded("q_badkey");
        Expect.validation(() -> q(t, "pk = :p AND v = :v", Map.of(":p", s("p"), ":v", n(1))));
        Expect.validation(() -> q(t, "pk > :p", Map.of(":p", s("p"))));
        Expect.validation(() -> q(t, "pk = :p OR sk = :k", Map.of(":p", s("p"), ":k", n(1))));
        Expect.validation(() -> q(t, "pk = :p AND sk <> :k", Map.of(":p", s("p"), ":k", n(1))));
        Expect.validation(() -> q(t, "pk = :p AND begins_with(sk, :k)", Map.of(":p", s("p"), ":k", n(1))));
    }

    @Test
    void filterOnAKeyAttributeIsRefusedInQuery() {
        String t = seeded("q_filterkey");
        Expect.validation(() -> c().query(x -> x.tableName(t).keyConditionExpression("pk = :p")
                        .filterExpression("sk > :k").expressionAttributeValues(Map.of(":p", s("p"), ":k", n(1)))),
                "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
    }

    @Test
    void limitMustBePositive() {
        String t = seeded("q_limit0");
        Expect.validation(() -> c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(0)
                        .expressionAttributeValues(Map.of(":p", s("p")))),
                "Member must have value greater than or equal to 1");
        Expect.validation(() -> c().scan(x -> x.tableName(t).limit(0)),
                "Member must have value greater than or equal to 1");
    }

    @Test
    void exclusiveStartKeyNotMatchingTheSchemaIsRefused() {
        String t = seeded("q_badstart");
        Expect.validation(() -> c().query(x -> x.tableName(t).keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(Map.of("pk", s("p")))),
                "The provided starting key is invalid");
    }

    @Test
    void queryOnMissingTableIsResourceNotFound() {
        Expect.error("ResourceNotFoundException", () -> q("no_such_query_table", "pk = :p", Map.of(":p", s("p"))),
                "Requested resource not found");
    }

    @Test
    void scanReturnsEveryItemOnceAcrossPages() {
        String t = seeded("s_pages");
        Set<String> seen = new HashSet<>();
        Map<String, AttributeValue> start = null;
        int total = 0;
        int pages = 0;
        do {
            Map<String, AttributeValue> s0 = start;
            ScanResponse r = c().scan(x -> x.tableName(t).limit(4).exclusiveStartKey(s0));
            for (Map<String, AttributeValue> i : r.items()) {
                assertTrue(seen.add(i.get("pk").s() + "/" + i.get("sk").n()), "item seen twice: " + i);
            }
            total += r.count();
            assertTrue(r.count() <= 4);
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 20);
        assertEquals(13, total);
        assertEquals(13, seen.size());
    }

    @Test
    void scanFilterMayUseKeyAttributesAndCountsScanned() {
        String t = seeded("s_filter");
        ScanResponse r = c().scan(x -> x.tableName(t).filterExpression("pk = :o AND sk >= :k")
                .expressionAttributeValues(Map.of(":o", s("other"), ":k", n(2))));
        assertEquals(2, r.count());
        assertEquals(13, r.scannedCount());
        assertEquals(Set.of("2", "3"), new HashSet<>(sks(r.items())));
    }

    @Test
    void scanProjectionExpression() {
        String t = seeded("s_proj");
        ScanResponse r = c().scan(x -> x.tableName(t).projectionExpression("sk"));
        assertEquals(13, r.count());
        assertTrue(r.items().stream().allMatch(i -> i.keySet().equals(Set.of("sk"))));
    }

    private String bigItems(String hint, int count, int bytesEach) {
        String t = ddb.rangeTable(hint, ScalarAttributeType.N);
        String payload = "z".repeat(bytesEach);
        for (int i = 0; i < count; i++) {
            int k = i;
            c().putItem(r -> r.tableName(t).item(item("pk", s("big"), "sk", n(k), "data", s(payload))));
        }
        return t;
    }

    private static <R> int pageThrough(Function<Map<String, AttributeValue>, R> call,
                                       Function<R, Integer> count, Function<R, Integer> scanned,
                                       Function<R, Map<String, AttributeValue>> lek, List<Integer> pageSizes) {
        Map<String, AttributeValue> start = null;
        int total = 0;
        int guard = 0;
        do {
            R r = call.apply(start);
            pageSizes.add(scanned.apply(r));
            total += count.apply(r);
            Map<String, AttributeValue> l = lek.apply(r);
            start = l == null || l.isEmpty() ? null : l;
        } while (start != null && ++guard < 50);
        return total;
    }

    @Test
    void queryPagesStopAtOneMegabyte() {
        // "A single Query only returns a result set that fits within the 1 MB size limit" (Query.Pagination).
        String t = bigItems("q_1mb", 12, 200_000);
        List<Integer> pages = new ArrayList<>();
        int total = pageThrough(
                s0 -> c().query(QueryRequest.builder().tableName(t).keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("big"))).exclusiveStartKey(s0).build()),
                QueryResponse::count, QueryResponse::scannedCount,
                r -> r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null, pages);
        assertEquals(12, total);
        assertTrue(pages.size() >= 2, "2.4 MB cannot come in one page: " + pages);
        assertTrue(pages.get(0) >= 4 && pages.get(0) <= 6, "about 1 MB of 200 KB items per page: " + pages);
    }

    @Test
    void scanPagesStopAtOneMegabyteEvenWhenTheFilterMatchesNothing() {
        // The 1 MB limit applies to the data read, before the FilterExpression (developer guide, Scan).
        String t = bigItems("s_1mb", 12, 200_000);
        List<Integer> pages = new ArrayList<>();
        int total = pageThrough(
                s0 -> c().scan(ScanRequest.builder().tableName(t).filterExpression("attribute_exists(nothere)")
                        .exclusiveStartKey(s0).build()),
                ScanResponse::count, ScanResponse::scannedCount,
                r -> r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null, pages);
        assertEquals(0, total);
        assertTrue(pages.size() >= 2, "pages: " + pages);
        assertEquals(12, pages.stream().mapToInt(Integer::intValue).sum(), "every item scanned once: " + pages);
        assertTrue(pages.get(0) >= 4 && pages.get(0) <= 6, "pages: " + pages);
    }

    @Test
    void consistentReadQueryOnTheTableIsAllowed() {
        String t = seeded("q_consistent");
        QueryResponse r = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").consistentRead(true)
                .expressionAttributeValues(Map.of(":p", s("other"))));
        assertNotNull(r.items());
        assertEquals(3, r.count());
    }

    @Test
    void parallelScanSegmentsPartitionTheTable() {
        // Scan Segment/TotalSegments: each item is in exactly one segment (developer guide, parallel scan).
        String t = seeded("s_segments");
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int seg = 0; seg < 3; seg++) {
            int sg = seg;
            ScanResponse r = c().scan(x -> x.tableName(t).segment(sg).totalSegments(3));
            for (Map<String, AttributeValue> i : r.items()) {
                assertTrue(seen.add(i.get("pk").s() + "/" + i.get("sk").n()), "in two segments: " + i);
            }
            total += r.count();
        }
        assertEquals(13, total);
        Expect.validation(() -> c().scan(x -> x.tableName(t).segment(3).totalSegments(3)));
    }

    @Test
    void pagingContinuesAfterTheLastEvaluatedItemIsDeleted() {
        String t = seeded("q_deleted_start");
        QueryResponse p1 = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(3)
                .expressionAttributeValues(Map.of(":p", s("p"))));
        c().deleteItem(x -> x.tableName(t).key(p1.lastEvaluatedKey()));
        QueryResponse p2 = c().query(x -> x.tableName(t).keyConditionExpression("pk = :p").limit(3)
                .expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(p1.lastEvaluatedKey()));
        assertEquals(List.of("4", "5", "6"), sks(p2.items()));
    }

    @Test
    void sortKeyConditionOnAHashOnlyTableIsRefused() {
        String t = ddb.hashTable("q_hashonly");
        Expect.validation(() -> q(t, "pk = :p AND sk = :k", Map.of(":p", s("a"), ":k", n(1))));
    }

    @Test
    void keyConditionBetweenWithReversedBoundsIsRefused() {
        String t = seeded("q_between_rev");
        Expect.validation(() -> q(t, "pk = :p AND sk BETWEEN :a AND :b", Map.of(":p", s("p"), ":a", n(5), ":b", n(3))),
                "BETWEEN operator requires upper bound to be greater than or equal to lower bound");
    }

    @Test
    void keyConditionValueOfTheWrongTypeIsRefused() {
        String t = seeded("q_keytype");
        Expect.validation(() -> q(t, "pk = :p", Map.of(":p", n(1))),
                "One or more parameter values were invalid: Condition parameter type does not match schema type");
        Expect.validation(() -> q(t, "pk = :p AND sk > :k", Map.of(":p", s("p"), ":k", s("1"))),
                "One or more parameter values were invalid: Condition parameter type does not match schema type");
    }

    @Test
    void selectCountWithLimitCountsAtMostLimit() {
        String t = seeded("s_countlimit");
        ScanResponse r = c().scan(x -> x.tableName(t).select(Select.COUNT).limit(5));
        assertEquals(5, r.count());
        assertEquals(5, r.scannedCount());
        assertTrue(r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty());
    }
}
