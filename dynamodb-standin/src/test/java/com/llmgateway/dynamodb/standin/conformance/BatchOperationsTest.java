package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem (≤ 25 requests, no two on one item) and BatchGetItem (≤ 100 keys, no duplicates).
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
class BatchOperationsTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private DynamoDbClient c() {
        return ddb.client();
    }

    private static WriteRequest put(Map<String, AttributeValue> it) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build();
    }

    private static WriteRequest del(Map<String, AttributeValue> k) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build();
    }

    @Test
    void batchWritePutsAndDeletesAcrossTablesWithNothingUnprocessed() {
        String a = ddb.hashTable("bw_a");
        String b = ddb.hashTable("bw_b");
        c().putItem(r -> r.tableName(b).item(item("pk", s("old"))));
        List<WriteRequest> toA = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            toA.add(put(item("pk", s("k" + i), "i", n(i))));
        }
        var resp = c().batchWriteItem(r -> r.requestItems(Map.of(a, toA, b, List.of(del(key("old"))))));
        assertTrue(resp.unprocessedItems() == null || resp.unprocessedItems().isEmpty(), "UnprocessedItems empty");
        assertEquals(24, c().scan(r -> r.tableName(a)).count());
        assertFalse(c().getItem(r -> r.tableName(b).key(key("old"))).hasItem());
    }

    @Test
    void batchWriteOfMoreThanTwentyFiveRequestsIsRefused() {
        String a = ddb.hashTable("bw_26");
        List<WriteRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            reqs.add(put(key("k" + i)));
        }
        Expect.validation(() -> c().batchWriteItem(r -> r.requestItems(Map.of(a, reqs))),
                "Member must have length less than or equal to 25");
        assertEquals(0, c().scan(r -> r.tableName(a)).count(), "nothing written");
    }

    @Test
    void twentyFiveRequestsSpreadOverTablesAreTheLimitInTotal() {
        String a = ddb.hashTable("bw_sum_a");
        String b = ddb.hashTable("bw_sum_b");
        List<WriteRequest> ra = new ArrayList<>();
        List<WriteRequest> rb = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            ra.add(put(key("k" + i)));
            rb.add(put(key("k" + i)));
        }
        // 26 in all: "The BatchWriteItem operation puts or deletes multiple items in one or more tables...
        // up to 25 item put or delete operations" — the limit is per call.
        Expect.validation(() -> c().batchWriteItem(r -> r.requestItems(Map.of(a, ra, b, rb))),
                "Too many items requested for the BatchWriteItem call");
        assertEquals(0, c().scan(r -> r.tableName(a)).count());
    }

    @Test
    void batchWriteWithTwoRequestsOnOneItemIsRefused() {
        String a = ddb.hashTable("bw_dup");
        Expect.validation(() -> c().batchWriteItem(r -> r.requestItems(Map.of(a,
                        List.of(put(item("pk", s("x"), "v", n(1))), del(key("x")))))),
                "Provided list of item keys contains duplicates");
        Expect.validation(() -> c().batchWriteItem(r -> r.requestItems(Map.of(a,
                        List.of(put(item("pk", s("x"), "v", n(1))), put(item("pk", s("x"), "v", n(2))))))),
                "Provided list of item keys contains duplicates");
        assertFalse(c().getItem(r -> r.tableName(a).key(key("x"))).hasItem());
    }

    @Test
    void sameKeyInTwoTablesIsNotADuplicate() {
        String a = ddb.hashTable("bw_two_a");
        String b = ddb.hashTable("bw_two_b");
        c().batchWriteItem(r -> r.requestItems(Map.of(a, List.of(put(key("same"))), b, List.of(put(key("same"))))));
        assertTrue(c().getItem(r -> r.tableName(a).key(key("same"))).hasItem());
        assertTrue(c().getItem(r -> r.tableName(b).key(key("same"))).hasItem());
    }

    @Test
    void batchWriteWithAnInvalidItemWritesNothing() {
        String a = ddb.hashTable("bw_invalid");
        Expect.validation(() -> c().batchWriteItem(r -> r.requestItems(Map.of(a,
                List.of(put(key("good")), put(item("nokey", s("x"))))))));
        assertFalse(c().getItem(r -> r.tableName(a).key(key("good"))).hasItem());
    }

    @Test
    void batchWriteToMissingTableIsResourceNotFound() {
        Expect.error("ResourceNotFoundException", () -> c().batchWriteItem(r -> r.requestItems(
                Map.of("no_such_batch_table", List.of(put(key("a")))))), "Requested resource not found");
    }

    @Test
    void batchGetReturnsFoundItemsPerTableAndSkipsMissingOnes() {
        String a = ddb.hashTable("bg_a");
        String b = ddb.hashTable("bg_b");
        c().putItem(r -> r.tableName(a).item(item("pk", s("1"), "v", s("a1"), "w", s("x"))));
        c().putItem(r -> r.tableName(a).item(item("pk", s("2"), "v", s("a2"), "w", s("x"))));
        c().putItem(r -> r.tableName(b).item(item("pk", s("1"), "v", s("b1"))));
        BatchGetItemResponse resp = c().batchGetItem(r -> r.requestItems(Map.of(
                a, KeysAndAttributes.builder().keys(key("1"), key("2"), key("nope"))
                        .projectionExpression("pk, v").build(),
                b, KeysAndAttributes.builder().keys(key("1"), key("nope")).consistentRead(true).build())));
        assertTrue(resp.unprocessedKeys() == null || resp.unprocessedKeys().isEmpty(), "UnprocessedKeys empty");
        Set<Map<String, AttributeValue>> inA = new HashSet<>(resp.responses().get(a));
        assertEquals(Set.of(item("pk", s("1"), "v", s("a1")), item("pk", s("2"), "v", s("a2"))), inA);
        assertEquals(List.of(item("pk", s("1"), "v", s("b1"))), resp.responses().get(b));
    }

    @Test
    void batchGetOfOneHundredKeysIsAllowedAndOneHundredOneIsRefused() {
        String a = ddb.hashTable("bg_100");
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(key("k" + i));
        }
        for (int i = 0; i < 100; i += 25) {
            List<WriteRequest> w = new ArrayList<>();
            for (int j = i; j < i + 25; j++) {
                w.add(put(key("k" + j)));
            }
            c().batchWriteItem(r -> r.requestItems(Map.of(a, w)));
        }
        var resp = c().batchGetItem(r -> r.requestItems(Map.of(a, KeysAndAttributes.builder().keys(keys).build())));
        assertEquals(100, resp.responses().get(a).size());
        List<Map<String, AttributeValue>> tooMany = new ArrayList<>(keys);
        tooMany.add(key("k100"));
        Expect.validation(() -> c().batchGetItem(r -> r.requestItems(
                        Map.of(a, KeysAndAttributes.builder().keys(tooMany).build()))),
                "Too many items requested for the BatchGetItem call");
    }

    @Test
    void batchGetWithDuplicateKeysIsRefused() {
        String a = ddb.hashTable("bg_dup");
        Expect.validation(() -> c().batchGetItem(r -> r.requestItems(Map.of(a,
                        KeysAndAttributes.builder().keys(key("x"), key("x")).build()))),
                "Provided list of item keys contains duplicates");
    }

    @Test
    void batchGetFromMissingTableIsResourceNotFound() {
        Expect.error("ResourceNotFoundException", () -> c().batchGetItem(r -> r.requestItems(Map.of(
                "no_such_batch_get_table", KeysAndAttributes.builder().keys(key("x")).build()))));
    }

    @Test
    void batchGetKeyNotMatchingTheSchemaIsRefused() {
        String a = ddb.hashTable("bg_schema");
        Expect.validation(() -> c().batchGetItem(r -> r.requestItems(Map.of(a,
                        KeysAndAttributes.builder().keys(item("pk", n(1))).build()))),
                "The provided key element does not match the schema");
    }

    @Test
    void batchGetAnswersAtMostSixteenMegabytesAndReturnsTheRestAsUnprocessedKeys() {
        // "A single operation can retrieve up to 16 MB of data ... BatchGetItem returns a partial result if
        // the response size limit is exceeded" with the rest in UnprocessedKeys (API_BatchGetItem).
        String a = ddb.hashTable("bg_16mb");
        String payload = "p".repeat(390_000);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int k = i;
            c().putItem(r -> r.tableName(a).item(item("pk", s("k" + k), "data", s(payload))));
            keys.add(key("k" + i));
        }
        BatchGetItemResponse resp = c().batchGetItem(r -> r.requestItems(Map.of(a, KeysAndAttributes.builder().keys(keys).build())));
        int got = resp.responses().getOrDefault(a, List.of()).size();
        assertTrue(got * 390_000L <= 16L * 1024 * 1024 + 400_000, "at most about 16 MB answered: " + got + " items");
        int unprocessed = resp.hasUnprocessedKeys() && resp.unprocessedKeys().containsKey(a)
                ? resp.unprocessedKeys().get(a).keys().size() : 0;
        assertEquals(50, got + unprocessed, "every key is answered or handed back");
        assertTrue(unprocessed > 0, "19.5 MB cannot fit in one answer");
    }
}
