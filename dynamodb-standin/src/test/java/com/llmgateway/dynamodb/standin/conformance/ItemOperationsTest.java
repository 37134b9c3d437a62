package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.l;
import static com.llmgateway.dynamodb.standin.conformance.Av.m;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * GetItem, PutItem, UpdateItem and DeleteItem: ReturnValues (which each operation accepts),
 * conditions, ConditionalCheckFailedException with the old item, and key validation.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html and siblings.
 */
class ItemOperationsTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private DynamoDbClient c() {
        return ddb.client();
    }

    private static boolean empty(Map<String, AttributeValue> attrs) {
        return attrs == null || attrs.isEmpty();
    }

    @Test
    void putThenGetReturnsTheItemAndMissingItemHasNoItemField() {
        String t = ddb.hashTable("putget");
        Map<String, AttributeValue> it = item("pk", s("a"), "v", s("x"), "n", n(3));
        c().putItem(r -> r.tableName(t).item(it));
        assertEquals(it, c().getItem(r -> r.tableName(t).key(key("a"))).item());
        assertEquals(it, c().getItem(r -> r.tableName(t).key(key("a")).consistentRead(true)).item());
        assertFalse(c().getItem(r -> r.tableName(t).key(key("missing"))).hasItem(),
                "a missing item answers no Item element");
    }

    @Test
    void putReplacesTheWholeItem() {
        String t = ddb.hashTable("replace");
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "old", s("x"))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "new", s("y"))));
        assertEquals(item("pk", s("a"), "new", s("y")), c().getItem(r -> r.tableName(t).key(key("a"))).item());
    }

    @Test
    void getItemProjectionExpressionReturnsOnlyNamedAttributes() {
        String t = ddb.hashTable("proj");
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "x", n(1), "y", n(2),
                "m", m("in", s("i"), "out", s("o")))));
        Map<String, AttributeValue> got = c().getItem(r -> r.tableName(t).key(key("a"))
                .projectionExpression("x, m.#i").expressionAttributeNames(Map.of("#i", "in"))).item();
        assertEquals(item("x", n(1), "m", m("in", s("i"))), got);
    }

    @Test
    void putItemReturnValuesAllOldAnswersThePreviousItemOnly() {
        String t = ddb.hashTable("putold");
        var first = c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", n(1))).returnValues(ReturnValue.ALL_OLD));
        assertTrue(empty(first.attributes()), "no old item, no Attributes");
        var second = c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", n(2))).returnValues(ReturnValue.ALL_OLD));
        assertEquals(item("pk", s("a"), "v", n(1)), second.attributes());
        var none = c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", n(3))).returnValues(ReturnValue.NONE));
        assertTrue(empty(none.attributes()));
    }

    @ParameterizedTest
    @EnumSource(value = ReturnValue.class, names = {"ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"})
    void putItemRefusesReturnValuesOtherThanNoneAndAllOld(ReturnValue rv) {
        // "PutItem does not recognize any values other than NONE or ALL_OLD." (API_PutItem)
        String t = ddb.hashTable("putrv");
        Expect.validation(() -> c().putItem(r -> r.tableName(t).item(key("a")).returnValues(rv)),
                "ReturnValues can only be ALL_OLD or NONE");
        assertFalse(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem(), "refused put wrote nothing");
    }

    @ParameterizedTest
    @EnumSource(value = ReturnValue.class, names = {"ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"})
    void deleteItemRefusesReturnValuesOtherThanNoneAndAllOld(ReturnValue rv) {
        String t = ddb.hashTable("delrv");
        c().putItem(r -> r.tableName(t).item(key("a")));
        Expect.validation(() -> c().deleteItem(r -> r.tableName(t).key(key("a")).returnValues(rv)),
                "ReturnValues can only be ALL_OLD or NONE");
        assertTrue(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem(), "refused delete deleted nothing");
    }

    @Test
    void deleteItemReturnValuesAllOld() {
        String t = ddb.hashTable("delold");
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", s("x"))));
        var d = c().deleteItem(r -> r.tableName(t).key(key("a")).returnValues(ReturnValue.ALL_OLD));
        assertEquals(item("pk", s("a"), "v", s("x")), d.attributes());
        assertFalse(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem());
        // Deleting a missing item succeeds and returns nothing.
        var again = c().deleteItem(r -> r.tableName(t).key(key("a")).returnValues(ReturnValue.ALL_OLD));
        assertTrue(empty(again.attributes()));
    }

    private UpdateItemResponse updateWith(String t, ReturnValue rv) {
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "a", n(1), "b", s("keep"), "gone", s("g"))));
        return c().updateItem(r -> r.tableName(t).key(key("a"))
                .updateExpression("SET a = a + :one, d = :d REMOVE gone")
                .expressionAttributeValues(Map.of(":one", n(1), ":d", s("new")))
                .returnValues(rv));
    }

    @Test
    void updateItemReturnValuesNone() {
        String t = ddb.hashTable("uprv_none");
        assertTrue(empty(updateWith(t, ReturnValue.NONE).attributes()));
        assertEquals(item("pk", s("a"), "a", n(2), "b", s("keep"), "d", s("new")),
                c().getItem(r -> r.tableName(t).key(key("a"))).item());
    }

    @Test
    void updateItemReturnValuesAllOld() {
        String t = ddb.hashTable("uprv_allold");
        assertEquals(item("pk", s("a"), "a", n(1), "b", s("keep"), "gone", s("g")),
                updateWith(t, ReturnValue.ALL_OLD).attributes());
    }

    @Test
    void updateItemReturnValuesUpdatedOldHasOnlyTouchedAttributesThatExisted() {
        String t = ddb.hashTable("uprv_updold");
        assertEquals(item("a", n(1), "gone", s("g")), updateWith(t, ReturnValue.UPDATED_OLD).attributes());
    }

    @Test
    void updateItemReturnValuesAllNew() {
        String t = ddb.hashTable("uprv_allnew");
        assertEquals(item("pk", s("a"), "a", n(2), "b", s("keep"), "d", s("new")),
                updateWith(t, ReturnValue.ALL_NEW).attributes());
    }

    @Test
    void updateItemReturnValuesUpdatedNewHasOnlyTouchedAttributesThatExistAfter() {
        String t = ddb.hashTable("uprv_updnew");
        assertEquals(item("a", n(2), "d", s("new")), updateWith(t, ReturnValue.UPDATED_NEW).attributes());
    }

    @Test
    void updatedOldAndNewKeepTheNestedShapeOfTheTouchedPath() {
        String t = ddb.hashTable("uprv_nested");
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"),
                "m", m("x", n(1), "y", n(5)), "lst", l(s("p"), s("q"), s("r")))));
        var old = c().updateItem(r -> r.tableName(t).key(key("a"))
                .updateExpression("SET m.x = :v, lst[1] = :w")
                .expressionAttributeValues(Map.of(":v", n(9), ":w", s("Q")))
                .returnValues(ReturnValue.UPDATED_OLD)).attributes();
        assertEquals(item("m", m("x", n(1)), "lst", l(s("q"))), old);
        var neu = c().updateItem(r -> r.tableName(t).key(key("a"))
                .updateExpression("SET m.x = :v")
                .expressionAttributeValues(Map.of(":v", n(10)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertEquals(item("m", m("x", n(10))), neu);
    }

    @Test
    void updateItemOnMissingItemCreatesItWithTheKey() {
        String t = ddb.rangeTable("upsert", ScalarAttributeType.N);
        var r0 = c().updateItem(r -> r.tableName(t).key(key("a", n(1)))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("x")))
                .returnValues(ReturnValue.ALL_OLD));
        assertTrue(empty(r0.attributes()));
        assertEquals(item("pk", s("a"), "sk", n(1), "v", s("x")),
                c().getItem(r -> r.tableName(t).key(key("a", n(1)))).item());
    }

    @Test
    void conditionalPutOfExistingItemFailsWithDynamoDbsMessage() {
        String t = ddb.hashTable("condput");
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", n(1))));
        ConditionalCheckFailedException e = (ConditionalCheckFailedException) Expect.error(
                "ConditionalCheckFailedException",
                () -> c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", n(2)))
                        .conditionExpression("attribute_not_exists(pk)")),
                "The conditional request failed");
        assertFalse(e.hasItem(), "no Item unless ReturnValuesOnConditionCheckFailure=ALL_OLD");
        assertEquals(n(1), c().getItem(r -> r.tableName(t).key(key("a"))).item().get("v"));
    }

    @Test
    void conditionalCheckFailedCarriesOldItemWhenAskedForPutUpdateAndDelete() {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
        // ReturnValuesOnConditionCheckFailure=ALL_OLD returns the item attributes as they were.
        String t = ddb.hashTable("condold");
        Map<String, AttributeValue> old = item("pk", s("a"), "v", n(1), "tag", s("t"));
        c().putItem(r -> r.tableName(t).item(old));
        var put = (ConditionalCheckFailedException) Expect.error("ConditionalCheckFailedException",
                () -> c().putItem(r -> r.tableName(t).item(key("a")).conditionExpression("v = :two")
                        .expressionAttributeValues(Map.of(":two", n(2)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals(old, put.item());
        var upd = (ConditionalCheckFailedException) Expect.error("ConditionalCheckFailedException",
                () -> c().updateItem(r -> r.tableName(t).key(key("a")).updateExpression("SET v = :two")
                        .conditionExpression("v = :two")
                        .expressionAttributeValues(Map.of(":two", n(2)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals(old, upd.item());
        var del = (ConditionalCheckFailedException) Expect.error("ConditionalCheckFailedException",
                () -> c().deleteItem(r -> r.tableName(t).key(key("a")).conditionExpression("attribute_not_exists(v)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals(old, del.item());
        var none = (ConditionalCheckFailedException) Expect.error("ConditionalCheckFailedException",
                () -> c().deleteItem(r -> r.tableName(t).key(key("a")).conditionExpression("attribute_not_exists(v)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE)));
        assertFalse(none.hasItem());
        assertEquals(old, c().getItem(r -> r.tableName(t).key(key("a"))).item(), "nothing changed");
    }

    @Test
    void failedConditionOnMissingItemHasNoItemAndCreatesNothing() {
        String t = ddb.hashTable("condmissing");
        var e = (ConditionalCheckFailedException) Expect.error("ConditionalCheckFailedException",
                () -> c().updateItem(r -> r.tableName(t).key(key("a")).updateExpression("SET v = :v")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":v", n(1)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertFalse(e.hasItem());
        assertFalse(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem());
    }

    @Test
    void conditionalDeleteAndUpdateSucceedWhenConditionHolds() {
        String t = ddb.hashTable("condok");
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "ver", n(1))));
        c().updateItem(r -> r.tableName(t).key(key("a")).updateExpression("SET ver = :new")
                .conditionExpression("ver = :old")
                .expressionAttributeValues(Map.of(":old", n(1), ":new", n(2))));
        c().deleteItem(r -> r.tableName(t).key(key("a")).conditionExpression("ver = :v")
                .expressionAttributeValues(Map.of(":v", n(2))));
        assertFalse(c().getItem(r -> r.tableName(t).key(key("a"))).hasItem());
    }

    @Test
    void getItemKeyMustMatchTheSchemaExactly() {
        String t = ddb.rangeTable("keyschema", ScalarAttributeType.S);
        // missing sort key
        Expect.validation(() -> c().getItem(r -> r.tableName(t).key(key("a"))),
                "The provided key element does not match the schema");
        // extra non-key attribute
        Expect.validation(() -> c().getItem(r -> r.tableName(t).key(item("pk", s("a"), "sk", s("b"), "x", s("c")))),
                "The provided key element does not match the schema");
        // wrong type
        Expect.validation(() -> c().getItem(r -> r.tableName(t).key(item("pk", s("a"), "sk", n(1)))),
                "The provided key element does not match the schema");
        Expect.validation(() -> c().deleteItem(r -> r.tableName(t).key(key("a"))),
                "The provided key element does not match the schema");
        Expect.validation(() -> c().updateItem(r -> r.tableName(t).key(key("a"))
                        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n(1)))),
                "The provided key element does not match the schema");
    }

    @Test
    void putItemMissingAKeyAttributeIsRefused() {
        String t = ddb.rangeTable("missingkey", ScalarAttributeType.S);
        Expect.validation(() -> c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", s("x")))),
                "One or more parameter values were invalid: Missing the key sk in the item");
    }

    @Test
    void putItemKeyTypeMismatchIsRefused() {
        String t = ddb.hashTable("keytype");
        Expect.validation(() -> c().putItem(r -> r.tableName(t).item(item("pk", n(1)))),
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
    }

    @Test
    void updateOfAKeyAttributeIsRefused() {
        String t = ddb.rangeTable("keyupd", ScalarAttributeType.S);
        c().putItem(r -> r.tableName(t).item(key("a", s("b"))));
        Expect.validation(() -> c().updateItem(r -> r.tableName(t).key(key("a", s("b")))
                        .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("z")))),
                "Cannot update attribute pk. This attribute is part of the key");
        Expect.validation(() -> c().updateItem(r -> r.tableName(t).key(key("a", s("b")))
                        .updateExpression("REMOVE sk")),
                "Cannot update attribute sk. This attribute is part of the key");
        assertEquals(key("a", s("b")), c().getItem(r -> r.tableName(t).key(key("a", s("b")))).item());
    }

    @Test
    void projectionOfAListElementKeepsTheListShape() {
        String t = ddb.hashTable("projlist");
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "l", l(s("p"), m("q", n(1), "r", n(2)), s("s")))));
        assertEquals(item("l", l(m("q", n(1)))),
                c().getItem(r -> r.tableName(t).key(key("a")).projectionExpression("l[1].q")).item());
        assertEquals(item("l", l(s("p"), s("s"))),
                c().getItem(r -> r.tableName(t).key(key("a")).projectionExpression("l[0], l[2]")).item());
    }

    @Test
    void returnConsumedCapacityTotalReportsCapacityUnits() {
        // Write: 1 WCU per 1 KB; read: 0.5 RCU eventually consistent / 1 RCU strongly consistent per 4 KB
        // (developer guide, read/write capacity mode). ReturnConsumedCapacity=TOTAL reports them.
        String t = ddb.hashTable("capacity");
        var put = c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", s("small")))
                .returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL));
        assertEquals(t, put.consumedCapacity().tableName());
        assertEquals(1.0, put.consumedCapacity().capacityUnits());
        var strong = c().getItem(r -> r.tableName(t).key(key("a")).consistentRead(true)
                .returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL));
        assertEquals(1.0, strong.consumedCapacity().capacityUnits());
        var eventual = c().getItem(r -> r.tableName(t).key(key("a"))
                .returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL));
        assertEquals(0.5, eventual.consumedCapacity().capacityUnits());
    }

    @Test
    void unknownEnumValueIsAValidationError() {
        String t = ddb.hashTable("enumval");
        Expect.validation(() -> c().putItem(r -> r.tableName(t).item(key("a")).returnValues("BOGUS")),
                "Member must satisfy enum value set");
    }

    @Test
    void missingTableNameIsAValidationError() {
        Expect.validation(() -> c().getItem(r -> r.key(key("a"))), "Member must not be null");
    }

    @Test
    void keyAttributeUpdateIsRefusedThroughANameSubstitutionToo() {
        String t = ddb.hashTable("keyupd_name");
        c().putItem(r -> r.tableName(t).item(key("a")));
        Expect.validation(() -> c().updateItem(r -> r.tableName(t).key(key("a")).updateExpression("SET #k = :v")
                        .expressionAttributeNames(Map.of("#k", "pk")).expressionAttributeValues(Map.of(":v", s("b")))),
                "Cannot update attribute pk. This attribute is part of the key");
    }
}
