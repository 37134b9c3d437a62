package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.llmgateway.dynamodb.standin.expr.Json.names;
import static com.llmgateway.dynamodb.standin.expr.Json.obj;
import static com.llmgateway.dynamodb.standin.expr.Json.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Developer Guide, "Querying tables in DynamoDB" → key condition expressions. */
class KeyConditionExpressionTest {
    private static final Map<String, ObjectNode> VALUES = values(
            ":p", "{'S':'p'}", ":one", "{'N':'1'}", ":five", "{'N':'5'}", ":a", "{'S':'a'}", ":pre", "{'S':'ord'}");

    private static KeyCondition key(String expression) {
        return new ExpressionContext(names("#pk", "pk"), VALUES).keyCondition(expression, "pk", "sk");
    }

    private static String error(String expression) {
        return assertThrows(ValidationError.class, () -> key(expression)).getMessage();
    }

    private static String errorHashOnly(String expression) {
        return assertThrows(ValidationError.class,
                () -> new ExpressionContext(null, VALUES).keyCondition(expression, "pk", null)).getMessage();
    }

    @Test
    void aPartitionKeyAloneMatchesEverySortKey() {
        KeyCondition k = key("#pk = :p");
        assertEquals(obj("{'S':'p'}"), k.hashValue());
        assertTrue(k.matchesRange(obj("{'N':'9'}")));
        assertNull(k.rangeOperator());
        assertEquals(List.of(), k.rangeValues());
    }

    @Test
    void sortKeyOperatorsSelectRanges() {
        assertTrue(key("pk = :p AND sk = :one").matchesRange(obj("{'N':'1'}")));
        assertTrue(key("pk = :p AND sk < :five").matchesRange(obj("{'N':'1'}")));
        assertFalse(key("pk = :p AND sk < :five").matchesRange(obj("{'N':'5'}")));
        assertTrue(key("pk = :p AND sk <= :five").matchesRange(obj("{'N':'5'}")));
        assertTrue(key("pk = :p AND sk > :one").matchesRange(obj("{'N':'5'}")));
        assertTrue(key("pk = :p AND sk >= :one").matchesRange(obj("{'N':'1'}")));
        KeyCondition between = key("sk BETWEEN :one AND :five AND pk = :p");
        assertTrue(between.matchesRange(obj("{'N':'3'}")));
        assertFalse(between.matchesRange(obj("{'N':'6'}")));
        assertEquals("BETWEEN", between.rangeOperator());
        assertEquals(List.of(obj("{'N':'1'}"), obj("{'N':'5'}")), between.rangeValues());
        assertTrue(key("pk = :p AND begins_with(sk, :pre)").matchesRange(obj("{'S':'order'}")));
        assertFalse(key("pk = :p AND begins_with(sk, :pre)").matchesRange(obj("{'N':'1'}")));
    }

    @Test
    void aValueOnTheLeftFlipsTheOperator() {
        KeyCondition k = key(":p = pk AND :five > sk");
        assertEquals("<", k.rangeOperator());
        assertTrue(k.matchesRange(obj("{'N':'1'}")));
        assertFalse(k.matchesRange(obj("{'N':'5'}")));
    }

    @Test
    void parenthesesAroundConditionsAreAccepted() {
        assertTrue(key("(pk = :p) AND (sk > :one)").matchesRange(obj("{'N':'2'}")));
    }

    @Test
    void onlyAndAndTheSortKeyOperatorsAreAllowed() {
        assertEquals("Invalid operator used in KeyConditionExpression: OR", error("pk = :p OR sk = :one"));
        assertEquals("Invalid operator used in KeyConditionExpression: NOT", error("pk = :p AND NOT sk = :one"));
        assertEquals("Invalid operator used in KeyConditionExpression: IN", error("pk = :p AND sk IN (:one)"));
        assertEquals("Invalid operator used in KeyConditionExpression: <>", error("pk = :p AND sk <> :one"));
        assertEquals("Invalid operator used in KeyConditionExpression: attribute_exists", error("pk = :p AND attribute_exists(sk)"));
        assertEquals("Invalid operator used in KeyConditionExpression: contains", error("pk = :p AND contains(sk, :a)"));
        assertEquals("KeyConditionExpressions cannot contain nested operations", error("pk = :p AND size(sk) > :one"));
    }

    @Test
    void eachConditionNamesOneTopLevelKeyAttribute() {
        assertEquals("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
                error("pk = sk"));
        assertEquals("Invalid condition in KeyConditionExpression: No key attribute specified", error(":p = :a"));
        assertEquals("KeyConditionExpressions cannot have conditions on nested attributes", error("pk.x = :p"));
        assertEquals("KeyConditionExpressions must only contain one condition per key", error("pk = :p AND pk = :a"));
        assertEquals("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its "
                + "first operand", error("pk = :p AND :one BETWEEN sk AND :five"));
    }

    @Test
    void thePartitionKeyNeedsAnEqualityCondition() {
        assertEquals("Query condition missed key schema element: pk", error("sk = :one"));
        assertEquals("Query key condition not supported", error("pk > :p"));
        assertEquals("Query key condition not supported", error("begins_with(pk, :p)"));
        assertEquals("Query condition missed key schema element: sk", error("pk = :p AND x1 = :one"));
        assertEquals("Query key condition not supported", errorHashOnly("pk = :p AND x1 = :one"));
        assertEquals("Conditions can be of length 1 or 2 only", error("pk = :p AND sk = :one AND x = :a"));
    }

    @Test
    void valueTypesAreCheckedAgainstTheSchemaWhenTypesAreGiven() {
        ExpressionContext ctx = new ExpressionContext(null, VALUES);
        assertEquals("One or more parameter values were invalid: Condition parameter type does not match schema type",
                assertThrows(ValidationError.class, () -> ctx.keyCondition("pk = :one", "pk", "S", null, null)).getMessage());
        assertEquals("One or more parameter values were invalid: Condition parameter type does not match schema type",
                assertThrows(ValidationError.class,
                        () -> ctx.keyCondition("pk = :p AND sk > :a", "pk", "S", "sk", "N")).getMessage());
    }

    @Test
    void parseErrorsCarryTheKeyConditionPrefix() {
        assertEquals("Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"", error("pk ="));
        assertEquals("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
                + "function: begins_with, operand type: N", error("pk = :p AND begins_with(sk, :one)"));
    }
}
