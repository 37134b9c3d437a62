package com.llmgateway.dynamodb.standin.expr;

import org.junit.jupiter.api.Test;

import static com.llmgateway.dynamodb.standin.expr.Json.names;
import static com.llmgateway.dynamodb.standin.expr.Json.obj;
import static com.llmgateway.dynamodb.standin.expr.Json.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cases the engine relies on first: conditional create, counters, simple reads and queries. */
class CommonCasesTest {
    @Test
    void attributeNotExistsHoldsForAMissingItemAndFailsForAnExistingOne() {
        Condition c = new ExpressionContext(null, null).condition("attribute_not_exists(pk)", "ConditionExpression");
        assertTrue(c.test(obj("{}")));
        assertTrue(c.test(null));
        assertFalse(c.test(obj("{'pk':{'S':'a'}}")));
    }

    @Test
    void equalityWithAPlaceholderValueAndName() {
        ExpressionContext ctx = new ExpressionContext(names("#s", "status"), values(":v", "{'S':'open'}"));
        Condition c = ctx.condition("#s = :v", "ConditionExpression");
        ctx.checkAllUsed();
        assertTrue(c.test(obj("{'status':{'S':'open'}}")));
        assertFalse(c.test(obj("{'status':{'S':'closed'}}")));
        assertFalse(c.test(obj("{}")));
    }

    @Test
    void setAndAddProduceANewItemAndLeaveTheInputAlone() {
        ExpressionContext ctx = new ExpressionContext(null, values(":v", "{'S':'x'}", ":inc", "{'N':'1'}"));
        Update u = ctx.update("SET a = :v ADD n :inc");
        ctx.checkAllUsed();
        var item = obj("{'pk':{'S':'k'},'n':{'N':'41'}}");
        var out = u.apply(item);
        assertEquals(obj("{'pk':{'S':'k'},'n':{'N':'42'},'a':{'S':'x'}}"), out);
        assertEquals(obj("{'pk':{'S':'k'},'n':{'N':'41'}}"), item);
        assertEquals(java.util.Set.of("a", "n"), u.topLevelAttributes());
    }

    @Test
    void projectionKeepsOnlyTheNamedAttributes() {
        Projection p = new ExpressionContext(null, null).projection("a, c");
        assertEquals(obj("{'a':{'S':'1'},'c':{'N':'3'}}"), p.apply(obj("{'a':{'S':'1'},'b':{'S':'2'},'c':{'N':'3'}}")));
    }

    @Test
    void keyConditionWithEqualityAndBeginsWith() {
        ExpressionContext ctx = new ExpressionContext(null, values(":p", "{'S':'user#1'}", ":s", "{'S':'order#'}"));
        KeyCondition k = ctx.keyCondition("pk = :p AND begins_with(sk, :s)", "pk", "sk");
        assertEquals(obj("{'S':'user#1'}"), k.hashValue());
        assertTrue(k.matchesRange(obj("{'S':'order#2024'}")));
        assertFalse(k.matchesRange(obj("{'S':'profile'}")));
        assertEquals("begins_with", k.rangeOperator());
    }

    @Test
    void aSyntaxErrorIsWordedAsDynamoDbDoes() {
        ValidationError e = assertThrows(ValidationError.class,
                () -> new ExpressionContext(null, values(":v", "{'S':'x'}")).update("SETT a = :v"));
        assertEquals("Invalid UpdateExpression: Syntax error; token: \"SETT\", near: \"SETT a\"", e.getMessage());
    }
}
