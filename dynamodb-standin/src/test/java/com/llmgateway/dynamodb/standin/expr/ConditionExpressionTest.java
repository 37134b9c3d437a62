package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.llmgateway.dynamodb.standin.expr.Json.names;
import static com.llmgateway.dynamodb.standin.expr.Json.obj;
import static com.llmgateway.dynamodb.standin.expr.Json.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Developer Guide, "Condition and filter expressions, operators and functions". */
class ConditionExpressionTest {
    private static final Map<String, ObjectNode> VALUES = values(
            ":one", "{'N':'1'}", ":five", "{'N':'5'}", ":ten", "{'N':'10'}", ":a", "{'S':'a'}",
            ":ab", "{'S':'ab'}", ":z", "{'S':'z'}", ":t", "{'BOOL':true}", ":S", "{'S':'S'}", ":L", "{'S':'L'}",
            ":bin", "{'B':'AQI='}", ":b1", "{'B':'AQ=='}", ":list", "{'L':[{'S':'a'}]}");

    private static final ObjectNode ITEM = obj("{'pk':{'S':'k'},'n':{'N':'5'},'s':{'S':'abc'},'flag':{'BOOL':true},"
            + "'ss':{'SS':['a','b']},'ns':{'NS':['1','2']},'l':{'L':[{'S':'a'},{'N':'1'}]},'m':{'M':{'x':{'N':'1'},"
            + "'nested':{'M':{'deep':{'S':'z'}}}}},'b':{'B':'AQID'},'nul':{'NULL':true}}");

    private static boolean holds(String expression) {
        return holds(expression, ITEM);
    }

    private static boolean holds(String expression, ObjectNode item) {
        return new ExpressionContext(names("#n", "n", "#m", "m", "#status", "status"), VALUES)
                .condition(expression, "ConditionExpression").test(item);
    }

    private static String error(String expression) {
        return assertThrows(ValidationError.class, () -> new ExpressionContext(null, VALUES)
                .condition(expression, "ConditionExpression")).getMessage();
    }

    @Test
    void comparatorsWorkOnNumbersByValue() {
        assertTrue(holds("n = :five"));
        assertTrue(holds("n <> :one"));
        assertTrue(holds("n > :one"));
        assertTrue(holds("n >= :five"));
        assertTrue(holds("n < :ten"));
        assertTrue(holds("n <= :five"));
        assertFalse(holds("n < :five"));
        assertTrue(holds(":ten > n"));
    }

    @Test
    void stringsCompareByBytesAndBinariesUnsigned() {
        assertTrue(holds("s > :ab"));
        assertTrue(holds("s < :z"));
        assertTrue(holds("b > :bin"));
    }

    @Test
    void comparingDifferentTypesIsFalseNotAnError() {
        assertFalse(holds("n = :a"));
        assertFalse(holds("n < :a"));
        assertFalse(holds("s > :one"));
        assertTrue(holds("n <> :a"));
    }

    @Test
    void orderingOperatorsDoNotApplyToOtherTypes() {
        // A stored BOOL or document is known only per item: the comparison is false.
        assertFalse(holds("flag >= n"));
        assertFalse(holds("l < :a"));
        assertTrue(holds("flag = :t"));
        // A value placeholder's type is known up front: DynamoDB refuses the expression.
        assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
                + "function: >=, operand type: BOOL", error("flag >= :t"));
        assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
                + "function: <, operand type: L", error("l < :list"));
        assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
                + "function: BETWEEN, operand type: BOOL", error("n BETWEEN :t AND :t"));
    }

    @Test
    void aMissingAttributeMakesComparisonsFalseButNotEqualTrue() {
        assertFalse(holds("gone = :one"));
        assertFalse(holds("gone < :one"));
        assertTrue(holds("gone <> :one"));
    }

    @Test
    void betweenIsInclusive() {
        assertTrue(holds("n BETWEEN :one AND :five"));
        assertTrue(holds("n between :five and :ten"));
        assertFalse(holds("n BETWEEN :one AND :one"));
        assertFalse(holds("s BETWEEN :one AND :ten"));
    }

    @Test
    void inMatchesAnyCandidate() {
        assertTrue(holds("n IN (:one, :five)"));
        assertFalse(holds("n IN (:one, :ten)"));
        assertFalse(holds("gone IN (:one)"));
    }

    // Precedence, loosest first: OR, AND, NOT ("Precedence in conditions").
    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        assertTrue(holds("n = :one AND n = :ten OR n = :five"));      // (F AND F) OR T
        assertFalse(holds("n = :one AND (n = :ten OR n = :five)"));   // F AND (F OR T)
        assertTrue(holds("NOT n = :one AND n = :five"));              // (NOT F) AND T
        assertFalse(holds("NOT (n = :one OR n = :five)"));
        assertTrue(holds("NOT NOT n = :five"));
    }

    @Test
    void keywordsAreCaseInsensitiveButFunctionNamesAreNot() {
        assertTrue(holds("n = :five and not n = :one"));
        assertEquals("Invalid ConditionExpression: Invalid function name; function: Attribute_Exists",
                error("Attribute_Exists(n)"));
    }

    @Test
    void parenthesizedOperandsAreAllowed() {
        assertTrue(holds("(n) = :five"));
        assertTrue(holds("(n = :five)"));
        assertTrue(holds("(size(s)) = (:five) OR (n) > :one"));
    }

    @Test
    void attributeExistsAndNotExistsLookAtNestedPaths() {
        assertTrue(holds("attribute_exists(m.nested.deep)"));
        assertTrue(holds("attribute_not_exists(m.nested.nope)"));
        assertTrue(holds("attribute_exists(l[1])"));
        assertTrue(holds("attribute_not_exists(l[2])"));
        assertTrue(holds("attribute_not_exists(s.x)"));
        assertTrue(holds("attribute_exists(#m.x)"));
    }

    @Test
    void attributeTypeChecksTheStoredType() {
        assertTrue(holds("attribute_type(s, :S)"));
        assertTrue(holds("attribute_type(l, :L)"));
        assertFalse(holds("attribute_type(n, :S)"));
        assertFalse(holds("attribute_type(gone, :S)"));
    }

    @Test
    void beginsWithWorksOnStringsAndBinaries() {
        assertTrue(holds("begins_with(s, :ab)"));
        assertFalse(holds("begins_with(s, :z)"));
        assertTrue(holds("begins_with(b, :b1)"));
        assertFalse(holds("begins_with(n, :a)"));
    }

    @Test
    void containsLooksInStringsSetsAndLists() {
        assertTrue(holds("contains(s, :ab)"));
        assertTrue(holds("contains(ss, :a)"));
        assertFalse(holds("contains(ss, :z)"));
        assertTrue(holds("contains(ns, :one)"));
        assertTrue(holds("contains(l, :a)"));
        assertTrue(holds("contains(l, :one)"));
        assertFalse(holds("contains(ns, :a)"));
        assertFalse(holds("contains(gone, :a)"));
    }

    @Test
    void sizeCountsCharactersBytesAndElements() {
        assertTrue(holds("size(s) = :five OR size(s) < :five"));
        assertTrue(holds("size(ss) > :one"));
        assertTrue(holds("size(b) < :five"));
        assertTrue(holds("size(m) > :one"));
        assertFalse(holds("size(n) = :one")); // size of a number is undefined at run time
        assertFalse(holds("size(gone) >= :one"));
    }

    @Test
    void expressionAttributeNamesStandForAttributes() {
        assertTrue(holds("#n = :five"));
        assertTrue(holds("attribute_not_exists(#status)"));
    }

    @Test
    void reservedWordsMustBeAliased() {
        assertEquals("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
                error("status = :a"));
        assertEquals("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name",
                error("a.Name = :a"));
    }

    @Test
    void undefinedNamesAndValuesAreRefused() {
        assertEquals("Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
                + "attribute name: #x", error("#x = :a"));
        assertEquals("Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
                + "attribute value: :nope", error("a = :nope"));
    }

    @Test
    void syntaxErrorsNameTheTokenAndItsNeighbours() {
        assertEquals("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"", error("a = "));
        assertEquals("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"", error("a"));
        assertEquals("Invalid ConditionExpression: Syntax error; token: \"AND\", near: \"= AND :a\"", error("a = AND :a"));
        assertEquals("Invalid ConditionExpression: Syntax error; token: \"$\", near: \"a$b\"", error("a$b = :a"));
        assertEquals("Invalid FilterExpression: Syntax error; token: \")\", near: \":a)\"",
                assertThrows(ValidationError.class, () -> new ExpressionContext(null, VALUES)
                        .condition("a = :a)", "FilterExpression")).getMessage());
    }

    @Test
    void anEmptyExpressionIsRefused() {
        assertEquals("Invalid ConditionExpression: The expression can not be empty;", error(""));
    }

    @Test
    void functionMisuseIsRefused() {
        assertEquals("Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
                + "function: begins_with", error("begins_with(s, :a) = :t"));
        assertEquals("Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
                + "function: size", error("size(s)"));
        assertEquals("Invalid ConditionExpression: Invalid function name; function: nope", error("nope(s)"));
        assertEquals("Invalid ConditionExpression: Incorrect number of operands for operator or function; "
                + "operator or function: attribute_exists, number of operands: 2", error("attribute_exists(a, b)"));
        assertEquals("Invalid ConditionExpression: Operator or function requires a document path; "
                + "operator or function: attribute_exists", error("attribute_exists(:a)"));
    }

    @Test
    void operandTypesKnownBeforehandAreChecked() {
        assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                + "operator or function: begins_with, operand type: N", error("begins_with(s, :one)"));
        assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                + "operator or function: size, operand type: N", error("size(:one) > :one"));
        assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                + "operator or function: attribute_type, operand type: N", error("attribute_type(a, :one)"));
        assertEquals("Invalid ConditionExpression: Invalid attribute type name found; type: a, "
                + "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}", error("attribute_type(a, :a)"));
    }

    @Test
    void betweenBoundsMustShareATypeAndBeOrdered() {
        assertEquals("Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
                + "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}",
                error("n BETWEEN :one AND :a"));
        assertEquals("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal "
                + "to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1}",
                error("n BETWEEN :ten AND :one"));
    }

    @Test
    void anOperandMayNotBeComparedWithItself() {
        assertEquals("Invalid ConditionExpression: The first operand must be distinct from the remaining operands for "
                + "this operator or function; operator: =, first operand: [a, b]", error("a.b = a.b"));
    }

    @Test
    void doubledParenthesesAreRedundant() {
        assertEquals("Invalid ConditionExpression: The expression has redundant parentheses;", error("((a = :a))"));
    }

    @Test
    void inAcceptsAtMostOneHundredOperands() {
        StringBuilder sb = new StringBuilder("a IN (");
        for (int i = 0; i < 101; i++) {
            sb.append(i == 0 ? "" : ", ").append(":a");
        }
        assertEquals("Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
                error(sb.append(")").toString()));
    }

    @Test
    void topLevelAttributesAreReported() {
        Condition c = new ExpressionContext(names("#n", "n"), VALUES)
                .condition("#n = :one AND begins_with(m.x, :a) OR size(l[0]) > :one", "FilterExpression");
        assertEquals(java.util.Set.of("n", "m", "l"), c.topLevelAttributes());
    }
}
