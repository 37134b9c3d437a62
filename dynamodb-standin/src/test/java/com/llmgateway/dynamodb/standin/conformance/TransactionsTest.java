package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * TransactWriteItems and TransactGetItems: all-or-nothing, cancellation reasons in request order,
 * limits, one action per item, ClientRequestToken idempotency for 10 minutes of the engine's clock.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
 */
class TransactionsTest {
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)); // from the real clock; the test moves it

    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension(b -> b.clock(CLOCK));

    private DynamoDbClient c() {
        return ddb.client();
    }

    static TransactWriteItem put(String t, Map<String, AttributeValue> it) {
        return TransactWriteItem.builder().put(Put.builder().tableName(t).item(it).build()).build();
    }

    static TransactWriteItem putIfAbsent(String t, Map<String, AttributeValue> it) {
        return TransactWriteItem.builder().put(Put.builder().tableName(t).item(it)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    static TransactWriteItem add(String t, Map<String, AttributeValue> k, long by) {
        return TransactWriteItem.builder().update(Update.builder().tableName(t).key(k)
                .updateExpression("ADD c :by").expressionAttributeValues(Map.of(":by", n(by))).build()).build();
    }

    static TransactWriteItem delete(String t, Map<String, AttributeValue> k) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(t).key(k).build()).build();
    }

    static TransactWriteItem check(String t, Map<String, AttributeValue> k, String cond,
                                   Map<String, AttributeValue> values, ReturnValuesOnConditionCheckFailure rv) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(t).key(k)
                .conditionExpression(cond).expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(rv).build()).build();
    }

    private Map<String, AttributeValue> get(String t, String pk) {
        var r = c().getItem(x -> x.tableName(t).key(key(pk)));
        return r.hasItem() ? r.item() : null;
    }

    @Test
    void allFourActionKindsApplyTogetherAcrossTables() {
        String a = ddb.hashTable("tx_a");
        String b = ddb.hashTable("tx_b");
        c().putItem(r -> r.tableName(a).item(item("pk", s("gone"))));
        c().putItem(r -> r.tableName(b).item(item("pk", s("guard"), "ok", s("yes"))));
        c().putItem(r -> r.tableName(b).item(item("pk", s("ctr"), "c", n(5))));
        c().transactWriteItems(r -> r.transactItems(
                put(a, item("pk", s("new"), "v", s("x"))),
                add(b, key("ctr"), 2),
                delete(a, key("gone")),
                check(b, key("guard"), "ok = :y", Map.of(":y", s("yes")), null)));
        assertEquals(item("pk", s("new"), "v", s("x")), get(a, "new"));
        assertEquals(n(7), get(b, "ctr").get("c"));
        assertNull(get(a, "gone"));
        assertEquals(item("pk", s("guard"), "ok", s("yes")), get(b, "guard"), "ConditionCheck changes nothing");
    }

    @Test
    void updateInATransactionCreatesAMissingItem() {
        String a = ddb.hashTable("tx_upsert");
        c().transactWriteItems(r -> r.transactItems(add(a, key("fresh"), 3)));
        assertEquals(item("pk", s("fresh"), "c", n(3)), get(a, "fresh"));
    }

    @Test
    void aFailedConditionCancelsEverythingWithReasonsInRequestOrder() {
        String a = ddb.hashTable("tx_cancel");
        c().putItem(r -> r.tableName(a).item(item("pk", s("exists"), "v", n(1))));
        c().putItem(r -> r.tableName(a).item(item("pk", s("ctr"), "c", n(10))));
        var e = (TransactionCanceledException) Expect.error("TransactionCanceledException",
                () -> c().transactWriteItems(r -> r.transactItems(
                        put(a, item("pk", s("other"))),
                        putIfAbsent(a, item("pk", s("exists"), "v", n(2))),
                        add(a, key("ctr"), 1))),
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                        + "[None, ConditionalCheckFailed, None]");
        List<CancellationReason> reasons = e.cancellationReasons();
        assertEquals(3, reasons.size());
        assertEquals("None", reasons.get(0).code());
        assertEquals("ConditionalCheckFailed", reasons.get(1).code());
        assertEquals("The conditional request failed", reasons.get(1).message());
        assertTrue(reasons.get(1).item() == null || reasons.get(1).item().isEmpty(), "no Item unless ALL_OLD");
        assertEquals("None", reasons.get(2).code());
        assertNull(get(a, "other"), "nothing applied");
        assertEquals(n(1), get(a, "exists").get("v"));
        assertEquals(n(10), get(a, "ctr").get("c"));
    }

    @Test
    void returnValuesOnConditionCheckFailureAllOldPutsTheItemInTheReason() {
        String a = ddb.hashTable("tx_allold");
        c().putItem(r -> r.tableName(a).item(item("pk", s("g"), "state", s("closed"))));
        var e = (TransactionCanceledException) Expect.error("TransactionCanceledException",
                () -> c().transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(a)
                                .key(key("g")).conditionExpression("#s = :open")
                                .expressionAttributeNames(Map.of("#s", "state"))
                                .expressionAttributeValues(Map.of(":open", s("open")))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build(),
                        put(a, item("pk", s("h"))))));
        assertEquals("ConditionalCheckFailed", e.cancellationReasons().get(0).code());
        assertEquals(item("pk", s("g"), "state", s("closed")), e.cancellationReasons().get(0).item());
        assertEquals("None", e.cancellationReasons().get(1).code());
        assertNull(get(a, "h"));
    }

    @Test
    void oneHundredActionsAreAllowedAndOneHundredOneAreRefused() {
        String a = ddb.hashTable("tx_100");
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(put(a, key("k" + i)));
        }
        c().transactWriteItems(r -> r.transactItems(items));
        assertEquals(100, c().scan(r -> r.tableName(a)).count());
        List<TransactWriteItem> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(put(a, key("m" + i)));
        }
        Expect.validation(() -> c().transactWriteItems(r -> r.transactItems(tooMany)),
                "Member must have length less than or equal to 100");
        assertNull(get(a, "m0"));
    }

    @Test
    void twoActionsOnOneItemAreRefused() {
        String a = ddb.hashTable("tx_same");
        Expect.validation(() -> c().transactWriteItems(r -> r.transactItems(
                        put(a, item("pk", s("x"), "v", n(1))),
                        check(a, key("x"), "attribute_not_exists(pk)", null, null))),
                "Transaction request cannot include multiple operations on one item");
        assertNull(get(a, "x"));
    }

    @Test
    void transactionOnAMissingTableIsResourceNotFound() {
        String a = ddb.hashTable("tx_missingtable");
        Expect.error("ResourceNotFoundException", () -> c().transactWriteItems(r -> r.transactItems(
                put(a, key("x")), put("no_such_tx_table", key("y")))));
        assertNull(get(a, "x"));
    }

    @Test
    void invalidKeyInATransactionIsAValidationError() {
        String a = ddb.hashTable("tx_badkey");
        Expect.validation(() -> c().transactWriteItems(r -> r.transactItems(
                put(a, key("x")), put(a, item("pk", n(1))))));
        assertNull(get(a, "x"));
    }

    @Test
    void clientRequestTokenMakesTheCallIdempotent() {
        String a = ddb.hashTable("tx_token");
        String token = "token-" + System.nanoTime();
        c().transactWriteItems(r -> r.clientRequestToken(token).transactItems(add(a, key("ctr"), 1)));
        c().transactWriteItems(r -> r.clientRequestToken(token).transactItems(add(a, key("ctr"), 1)));
        assertEquals(n(1), get(a, "ctr").get("c"), "the repeat with the same token is not applied again");
        c().transactWriteItems(r -> r.clientRequestToken(token + "-other").transactItems(add(a, key("ctr"), 1)));
        assertEquals(n(2), get(a, "ctr").get("c"), "another token is another request");
    }

    @Test
    void sameTokenWithADifferentRequestIsIdempotentParameterMismatch() {
        String a = ddb.hashTable("tx_mismatch");
        String token = "mismatch-" + System.nanoTime();
        c().transactWriteItems(r -> r.clientRequestToken(token).transactItems(add(a, key("ctr"), 1)));
        Expect.error("IdempotentParameterMismatchException",
                () -> c().transactWriteItems(r -> r.clientRequestToken(token).transactItems(add(a, key("ctr"), 5))));
        assertEquals(n(1), get(a, "ctr").get("c"));
    }

    @Test
    void aTokenExpiresAfterTenMinutesOfTheEnginesClock() {
        // "A client request token is valid for 10 minutes after the first request that uses it is completed.
        // After 10 minutes, any request with the same client token is treated as a new request."
        String a = ddb.hashTable("tx_expiry");
        String token = "expiry-" + System.nanoTime();
        c().transactWriteItems(r -> r.clientRequestToken(token).transactItems(add(a, key("ctr"), 1)));
        CLOCK.advance(Duration.ofMinutes(9));
        c().transactWriteItems(r -> r.clientRequestToken(token).transactItems(add(a, key("ctr"), 1)));
        assertEquals(n(1), get(a, "ctr").get("c"), "still inside the window");
        CLOCK.advance(Duration.ofMinutes(2));
        c().transactWriteItems(r -> r.clientRequestToken(token).transactItems(add(a, key("ctr"), 1)));
        assertEquals(n(2), get(a, "ctr").get("c"), "a new request after the window");
    }

    @Test
    void transactGetReturnsItemsInRequestOrderWithEmptyResponsesForMissingOnes() {
        String a = ddb.hashTable("txg_a");
        String b = ddb.hashTable("txg_b");
        c().putItem(r -> r.tableName(a).item(item("pk", s("1"), "v", s("a1"), "w", s("x"))));
        c().putItem(r -> r.tableName(b).item(item("pk", s("2"), "v", s("b2"))));
        var resp = c().transactGetItems(r -> r.transactItems(
                TransactGetItem.builder().get(Get.builder().tableName(b).key(key("2")).build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(a).key(key("missing")).build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(a).key(key("1")).projectionExpression("v").build()).build()));
        List<ItemResponse> rs = resp.responses();
        assertEquals(3, rs.size());
        assertEquals(item("pk", s("2"), "v", s("b2")), rs.get(0).item());
        assertTrue(rs.get(1).item() == null || rs.get(1).item().isEmpty(), "missing item: empty response");
        assertEquals(item("v", s("a1")), rs.get(2).item());
    }

    @Test
    void transactGetLimitsAndDuplicates() {
        String a = ddb.hashTable("txg_limits");
        List<TransactGetItem> gets = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            gets.add(TransactGetItem.builder().get(Get.builder().tableName(a).key(key("k" + i)).build()).build());
        }
        Expect.validation(() -> c().transactGetItems(r -> r.transactItems(gets)),
                "Member must have length less than or equal to 100");
        assertEquals(100, c().transactGetItems(r -> r.transactItems(gets.subList(0, 100))).responses().size());
        Expect.validation(() -> c().transactGetItems(r -> r.transactItems(gets.get(0), gets.get(0))),
                "Transaction request cannot include multiple operations on one item");
    }

    @Test
    void transactGetOnMissingTableIsResourceNotFound() {
        Expect.error("ResourceNotFoundException", () -> c().transactGetItems(r -> r.transactItems(
                TransactGetItem.builder().get(Get.builder().tableName("no_such_txg_table").key(key("x")).build()).build())));
    }

    @Test
    void conditionCheckOnAMissingItemSeesAnEmptyItem() {
        String a = ddb.hashTable("tx_checkmissing");
        c().transactWriteItems(r -> r.transactItems(
                check(a, key("nobody"), "attribute_not_exists(pk)", null, null),
                put(a, key("x"))));
        assertFalse(get(a, "x") == null);
    }

    @Test
    void aTransactionOverFourMegabytesIsRefused() {
        // "The aggregate size of the items in the transaction cannot exceed 4 MB." (API_TransactWriteItems)
        String a = ddb.hashTable("tx_4mb");
        String payload = "q".repeat(390_000);
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            items.add(put(a, item("pk", s("k" + i), "data", s(payload))));
        }
        Expect.validation(() -> c().transactWriteItems(r -> r.transactItems(items)));
        assertNull(get(a, "k0"));
    }

    @Test
    void conditionCheckWithoutAConditionIsRefused() {
        String a = ddb.hashTable("tx_nocond");
        Expect.validation(() -> c().transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(a).key(key("x")).build()).build())));
    }
}
