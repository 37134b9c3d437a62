package com.llmgateway.dynamodb.standin.expr;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.llmgateway.dynamodb.standin.expr.Json.names;
import static com.llmgateway.dynamodb.standin.expr.Json.obj;
import static com.llmgateway.dynamodb.standin.expr.Json.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Developer Guide, "Using expression attribute names" / "Using expression attribute values". */
class ExpressionContextTest {
    private static String error(Runnable r) {
        return assertThrows(ValidationError.class, r::run).getMessage();
    }

    @Test
    void unusedNamesAreReportedBeforeUnusedValues() {
        ExpressionContext ctx = new ExpressionContext(names("#a", "a", "#b", "b", "#c", "c"),
                values(":v", "{'S':'x'}", ":w", "{'S':'y'}"));
        ctx.condition("#a = :v", "ConditionExpression");
        assertEquals("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}", error(ctx::checkAllUsed));
        ctx.projection("#b, #c");
        assertEquals("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}", error(ctx::checkAllUsed));
    }

    @Test
    void namesAndValuesUsedByAnyExpressionOfTheRequestCount() {
        ExpressionContext ctx = new ExpressionContext(names("#a", "a"), values(":v", "{'N':'1'}"));
        ctx.update("SET #a = #a + :v");
        ctx.condition("attribute_exists(#a)", "ConditionExpression");
        ctx.checkAllUsed();
    }

    @Test
    void malformedKeysAndEmptyMapsAreRefused() {
        assertEquals("ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"",
                error(() -> new ExpressionContext(names("a", "a"), null)));
        assertEquals("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"",
                error(() -> new ExpressionContext(names("#a-b", "a"), null)));
        assertEquals("ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"",
                error(() -> new ExpressionContext(null, values("v", "{'S':'x'}"))));
        assertEquals("ExpressionAttributeNames must not be empty", error(() -> new ExpressionContext(Map.of(), null)));
        assertEquals("ExpressionAttributeValues must not be empty", error(() -> new ExpressionContext(null, Map.of())));
    }

    @Test
    void invalidValuesAreReportedWithTheirKey() {
        assertEquals("ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: "
                        + "An string set  may not be empty for key :s",
                error(() -> new ExpressionContext(null, values(":s", "{'SS':[]}"))));
        assertEquals("ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric "
                + "value: x for key :n", error(() -> new ExpressionContext(null, values(":n", "{'N':'x'}"))));
    }

    @Test
    void valuesAreNormalisedBeforeUse() {
        ExpressionContext ctx = new ExpressionContext(null, values(":v", "{'N':'2.50'}"));
        assertEquals(obj("{'n':{'N':'2.5'}}"), ctx.update("SET n = :v").apply(obj("{}")));
    }

    @Test
    void aCachedExpressionIsBoundAfreshToEachRequestsNamesAndValues() {
        String text = "#k = :v";
        Condition first = new ExpressionContext(names("#k", "a"), values(":v", "{'S':'1'}")).condition(text, "ConditionExpression");
        Condition second = new ExpressionContext(names("#k", "b"), values(":v", "{'S':'2'}")).condition(text, "ConditionExpression");
        assertTrue(first.test(obj("{'a':{'S':'1'}}")));
        assertFalse(first.test(obj("{'b':{'S':'2'}}")));
        assertTrue(second.test(obj("{'b':{'S':'2'}}")));
        assertFalse(second.test(obj("{'a':{'S':'1'}}")));
        // The same text with undefined placeholders still fails for a request that lacks them.
        assertEquals("Invalid ConditionExpression: An expression attribute name used in the document path is not "
                + "defined; attribute name: #k", error(() -> new ExpressionContext(null, values(":v", "{'S':'1'}"))
                .condition(text, "ConditionExpression")));
    }

    @Test
    void theSameTextKeepsItsErrorPrefixPerParameter() {
        ExpressionContext ctx = new ExpressionContext(null, null);
        assertEquals("Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"a\"",
                error(() -> ctx.condition("a", "FilterExpression")));
        assertEquals("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"",
                error(() -> ctx.condition("a", "ConditionExpression")));
    }

    @Test
    void boundExpressionsCanBeSharedBetweenThreads() throws Exception {
        ExpressionContext ctx = new ExpressionContext(null, values(":one", "{'N':'1'}"));
        Update u = ctx.update("ADD n :one");
        Condition c = ctx.condition("n >= :one", "ConditionExpression");
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                boolean all = true;
                for (int i = 0; i < 500; i++) {
                    all &= c.test(u.apply(obj("{'n':{'N':'" + i + "'}}")));
                }
                ok[id] = all;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (boolean b : ok) {
            assertTrue(b);
        }
    }

    @Test
    void expressionsHaveAtMostThreeHundredOperators() {
        StringBuilder sb = new StringBuilder("a = :v");
        for (int i = 0; i < 150; i++) {
            sb.append(" OR a = :v");
        }
        assertEquals("Invalid FilterExpression: The expression contains too many operators; operator count: 301",
                error(() -> new ExpressionContext(null, values(":v", "{'S':'x'}")).condition(sb.toString(), "FilterExpression")));
    }

    @Test
    void expressionsAreAtMostFourKilobytes() {
        String longName = "a".repeat(4100);
        assertEquals("Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size",
                error(() -> new ExpressionContext(null, null).projection(longName)));
    }
}
