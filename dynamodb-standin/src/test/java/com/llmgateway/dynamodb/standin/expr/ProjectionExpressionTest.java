package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.llmgateway.dynamodb.standin.expr.Json.names;
import static com.llmgateway.dynamodb.standin.expr.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Developer Guide, "Using projection expressions in DynamoDB". */
class ProjectionExpressionTest {
    private static final ObjectNode ITEM = obj("{'pk':{'S':'k'},'a':{'S':'1'},'m':{'M':{'x':{'N':'1'},'y':{'N':'2'},"
            + "'deep':{'M':{'z':{'S':'z'}}}}},'l':{'L':[{'S':'l0'},{'M':{'q':{'S':'q'},'r':{'S':'r'}}},{'S':'l2'}]},"
            + "'status':{'S':'open'}}");

    private static ObjectNode project(String expression) {
        return new ExpressionContext(names("#s", "status"), null).projection(expression).apply(ITEM);
    }

    private static String error(String expression) {
        return assertThrows(ValidationError.class, () -> new ExpressionContext(null, null).projection(expression)).getMessage();
    }

    @Test
    void nestedPathsKeepTheirShape() {
        assertEquals(obj("{'m':{'M':{'y':{'N':'2'},'deep':{'M':{'z':{'S':'z'}}}}}}"), project("m.y, m.deep.z"));
    }

    @Test
    void selectedListElementsKeepTheirOrderAndCloseUp() {
        assertEquals(obj("{'l':{'L':[{'S':'l0'},{'S':'l2'}]}}"), project("l[2], l[0]"));
        assertEquals(obj("{'l':{'L':[{'M':{'r':{'S':'r'}}}]}}"), project("l[1].r"));
    }

    @Test
    void missingPathsContributeNothing() {
        assertEquals(obj("{'a':{'S':'1'}}"), project("a, gone, m.nope, l[7], a2.b"));
        assertEquals(obj("{}"), project("a.b"));
    }

    @Test
    void namesMayBeAliased() {
        assertEquals(obj("{'status':{'S':'open'},'pk':{'S':'k'}}"), project("#s, pk"));
    }

    @Test
    void theInputItemIsNotModifiedAndTheResultIsACopy() {
        ObjectNode out = project("m");
        ((ObjectNode) out.get("m").get("M")).removeAll();
        assertEquals(obj("{'x':{'N':'1'},'y':{'N':'2'},'deep':{'M':{'z':{'S':'z'}}}}"), ITEM.get("m").get("M"));
    }

    @Test
    void topLevelAttributesAreReported() {
        assertEquals(Set.of("m", "l", "status"),
                new ExpressionContext(names("#s", "status"), null).projection("m.x, l[0], #s").topLevelAttributes());
    }

    @Test
    void reservedWordsOverlapsAndSyntaxErrorsAreRefused() {
        assertEquals("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status", error("status"));
        assertEquals("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one "
                + "of these paths; path one: [m], path two: [m, x]", error("m, m.x"));
        assertEquals("Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one "
                + "of these paths; path one: [m, x], path two: [m, [0]]", error("m.x, m[0]"));
        assertEquals("Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"", error("a,"));
        assertEquals("Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; "
                + "attribute name: #x", error("#x"));
    }
}
