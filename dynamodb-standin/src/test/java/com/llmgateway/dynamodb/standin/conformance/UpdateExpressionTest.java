package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.l;
import static com.llmgateway.dynamodb.standin.conformance.Av.m;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.ns;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static com.llmgateway.dynamodb.standin.conformance.Av.ss;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Update expressions: SET (+, -, if_not_exists, list_append, nested paths and list indexes), REMOVE
 * (attributes, map keys, list elements), ADD and DELETE on numbers and sets, several clauses at once.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
 */
class UpdateExpressionTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private static String table;

    private DynamoDbClient c() {
        return ddb.client();
    }

    private String t() {
        if (table == null) {
            table = ddb.hashTable("updates");
        }
        return table;
    }

    private String seed(String pk, Object... kv) {
        Object[] all = new Object[kv.length + 2];
        all[0] = "pk";
        all[1] = s(pk);
        System.arraycopy(kv, 0, all, 2, kv.length);
        c().putItem(r -> r.tableName(t()).item(item(all)));
        return pk;
    }

    private Map<String, AttributeValue> update(String pk, String expr, Map<String, AttributeValue> values) {
        return update(pk, expr, null, values);
    }

    private Map<String, AttributeValue> update(String pk, String expr, Map<String, String> names,
                                               Map<String, AttributeValue> values) {
        return c().updateItem(r -> r.tableName(t()).key(key(pk)).updateExpression(expr)
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)).attributes();
    }

    @Test
    void setAddsAndOverwritesAttributes() {
        seed("set1", "a", s("old"));
        assertEquals(item("pk", s("set1"), "a", s("new"), "b", n(1)),
                update("set1", "SET a = :a, b = :b", Map.of(":a", s("new"), ":b", n(1))));
    }

    @Test
    void setArithmeticWithPlusAndMinusIsExactDecimal() {
        seed("arith", "n", n(5), "d", n("1.1"));
        var r = update("arith", "SET n = n + :one, d = d + :d2, neg = :zero - n",
                Map.of(":one", n(1), ":d2", n("2.2"), ":zero", n(0)));
        assertEquals(n(6), r.get("n"));
        assertEquals(n("3.3"), r.get("d"));
        assertEquals(n(-5), r.get("neg"), "operands are read from the item before the update");
        assertEquals(n(-4), update("arith", "SET n = n - :ten", Map.of(":ten", n(10))).get("n"));
    }

    @Test
    void arithmeticOnAMissingAttributeIsRefused() {
        seed("arith_missing");
        Expect.validation(() -> update("arith_missing", "SET n = n + :one", Map.of(":one", n(1))),
                "The provided expression refers to an attribute that does not exist in the item");
    }

    @Test
    void arithmeticOnANonNumberIsRefused() {
        seed("arith_type", "s", s("x"));
        Expect.validation(() -> update("arith_type", "SET s = s + :one", Map.of(":one", n(1))),
                "An operand in the update expression has an incorrect data type");
    }

    @Test
    void ifNotExistsSuppliesADefault() {
        seed("ine");
        assertEquals(n(1), update("ine", "SET c = if_not_exists(c, :zero) + :one",
                Map.of(":zero", n(0), ":one", n(1))).get("c"));
        assertEquals(n(2), update("ine", "SET c = if_not_exists(c, :zero) + :one",
                Map.of(":zero", n(0), ":one", n(1))).get("c"));
        assertEquals(n(2), update("ine", "SET c = if_not_exists(c, :ten)", Map.of(":ten", n(10))).get("c"),
                "an existing value is kept");
    }

    @Test
    void listAppendAppendsAndPrepends() {
        seed("la", "l", l(s("b")));
        assertEquals(l(s("b"), s("c")), update("la", "SET l = list_append(l, :c)", Map.of(":c", l(s("c")))).get("l"));
        assertEquals(l(s("a"), s("b"), s("c")),
                update("la", "SET l = list_append(:a, l)", Map.of(":a", l(s("a")))).get("l"));
        assertEquals(l(s("x")), update("la", "SET fresh = list_append(if_not_exists(fresh, :empty), :x)",
                Map.of(":empty", l(), ":x", l(s("x")))).get("fresh"));
    }

    @Test
    void listAppendNeedsLists() {
        seed("la_type", "l", l(s("b")));
        Expect.validation(() -> update("la_type", "SET l = list_append(l, :s)", Map.of(":s", s("x"))));
    }

    @Test
    void setNestedMapPathsAndListIndexes() {
        seed("nested", "a", m("b", l(n(0), n(1), m("c", s("old")))), "l", l(s("x"), s("y"), s("z")));
        var r = update("nested", "SET a.b[2].c = :new, a.b[0] = :zero, a.fresh = :f, l[1] = :Y",
                Map.of(":new", s("new"), ":zero", s("zero"), ":f", n(7), ":Y", s("Y")));
        assertEquals(m("b", l(s("zero"), n(1), m("c", s("new"))), "fresh", n(7)), r.get("a"));
        assertEquals(l(s("x"), s("Y"), s("z")), r.get("l"));
    }

    @Test
    void setBeyondTheEndOfAListAppends() {
        // "If you use SET to add a list element at an index beyond the end of the list, the new element
        // is added at the end of the list" (UpdateExpressions page).
        seed("beyond", "l", l(s("a"), s("b")));
        assertEquals(l(s("a"), s("b"), s("c")), update("beyond", "SET l[10] = :c", Map.of(":c", s("c"))).get("l"));
    }

    @Test
    void setUnderAMissingParentIsRefused() {
        seed("noparent", "m", m());
        Expect.validation(() -> update("noparent", "SET m.x.y = :v", Map.of(":v", n(1))),
                "The document path provided in the update expression is invalid for update");
        Expect.validation(() -> update("noparent", "SET nothere.y = :v", Map.of(":v", n(1))),
                "The document path provided in the update expression is invalid for update");
        Expect.validation(() -> update("noparent", "SET m[0] = :v", Map.of(":v", n(1))),
                "The document path provided in the update expression is invalid for update");
    }

    @Test
    void setFromAnotherAttribute() {
        seed("copy", "src", m("x", n(1)));
        assertEquals(m("x", n(1)), update("copy", "SET dst = src", null).get("dst"));
    }

    @Test
    void aSubstitutedNameWithADotIsOneTopLevelAttribute() {
        // Expression attribute names: "#d" standing for "a.b" names the attribute "a.b", not a path.
        seed("dotted", "a", m("b", n(1)));
        var r = update("dotted", "SET #d = :v", Map.of("#d", "a.b"), Map.of(":v", n(2)));
        assertEquals(n(2), r.get("a.b"));
        assertEquals(m("b", n(1)), r.get("a"));
        var r2 = update("dotted", "SET #a.#b = :v", Map.of("#a", "a", "#b", "b"), Map.of(":v", n(3)));
        assertEquals(m("b", n(3)), r2.get("a"));
    }

    @Test
    void removeAttributesMapKeysAndListElements() {
        seed("rm", "x", s("x"), "m", m("k", n(1), "keep", n(2)), "l", l(s("a"), s("b"), s("c"), s("d")));
        var r = update("rm", "REMOVE x, m.k, l[0], l[2], notthere", null);
        assertFalse(r.containsKey("x"));
        assertEquals(m("keep", n(2)), r.get("m"));
        // Both indexes refer to the list before the update.
        assertEquals(l(s("b"), s("d")), r.get("l"));
        assertEquals(l(s("b"), s("d")), update("rm", "REMOVE l[10]", null).get("l"), "beyond the end: no-op");
    }

    @Test
    void addToNumbersAndSets() {
        seed("add", "n", n(5), "ss", ss("a", "b"), "ns", ns("1"));
        var r = update("add", "ADD n :three, ss :bc, ns :n23, fresh :one, freshset :xs",
                Map.of(":three", n(3), ":bc", ss("b", "c"), ":n23", ns("2", "3"), ":one", n(1), ":xs", ss("x")));
        assertEquals(n(8), r.get("n"));
        assertEquals(Set.of("a", "b", "c"), new HashSet<>(r.get("ss").ss()));
        assertEquals(Set.of("1", "2", "3"), new HashSet<>(r.get("ns").ns()));
        assertEquals(n(1), r.get("fresh"), "ADD to a missing number starts from 0");
        assertEquals(Set.of("x"), new HashSet<>(r.get("freshset").ss()));
        assertEquals(n(-2), update("add", "ADD fresh :m3", Map.of(":m3", n(-3))).get("fresh"));
    }

    @Test
    void addOfTheWrongTypeIsRefused() {
        seed("add_type", "ns", ns("1"), "s", s("x"));
        Expect.validation(() -> update("add_type", "ADD ns :ss", Map.of(":ss", ss("a"))),
                "An operand in the update expression has an incorrect data type");
        Expect.validation(() -> update("add_type", "ADD s :one", Map.of(":one", n(1))),
                "An operand in the update expression has an incorrect data type");
        Expect.validation(() -> update("add_type", "ADD x :str", Map.of(":str", s("a"))),
                "Incorrect operand type for operator or function");
    }

    @Test
    void deleteFromSetsAndTheEmptiedSetDisappears() {
        seed("del", "ss", ss("a", "b", "c"), "ns", ns("1", "2"));
        var r = update("del", "DELETE ss :ab, ns :n12", Map.of(":ab", ss("a", "b", "zz"), ":n12", ns("1", "2")));
        assertEquals(Set.of("c"), new HashSet<>(r.get("ss").ss()));
        assertFalse(r.containsKey("ns"), "an empty set cannot exist: the attribute is removed");
        assertFalse(update("del", "DELETE nosuchset :ab", Map.of(":ab", ss("a"))).containsKey("nosuchset"),
                "DELETE on a missing attribute changes nothing");
    }

    @Test
    void deleteNeedsASetOperand() {
        seed("del_type", "ss", ss("a"));
        Expect.validation(() -> update("del_type", "DELETE ss :n", Map.of(":n", n(1))),
                "Incorrect operand type for operator or function");
    }

    @Test
    void allFourClausesInAnyOrderAndAnyCase() {
        seed("four", "a", n(1), "b", s("gone"), "c", n(10), "ss", ss("x", "y"));
        var r = update("four", "remove b add c :one set a = :two delete ss :x",
                Map.of(":one", n(1), ":two", n(2), ":x", ss("x")));
        assertEquals(item("pk", s("four"), "a", n(2), "c", n(11), "ss", ss("y")), r);
    }

    @Test
    void eachClauseAtMostOnce() {
        seed("twice");
        Expect.validation(() -> update("twice", "SET a = :v SET b = :v", Map.of(":v", n(1))),
                "The \"SET\" section can only be used once in an update expression");
        Expect.validation(() -> update("twice", "REMOVE a REMOVE b", null),
                "The \"REMOVE\" section can only be used once in an update expression");
    }

    @Test
    void syntaxErrorWordsTheTokenAndWhatIsNearIt() {
        seed("syntax");
        Expect.validation(() -> update("syntax", "SETT a = :v", Map.of(":v", n(1))),
                "Invalid UpdateExpression: Syntax error; token: \"SETT\", near: \"SETT a\"");
        Expect.validation(() -> update("syntax", "SET a = ", null), "Invalid UpdateExpression: Syntax error");
    }

    @Test
    void emptyUpdateExpressionIsRefused() {
        seed("emptyexpr");
        Expect.validation(() -> update("emptyexpr", "", null), "Invalid UpdateExpression: The expression can not be empty");
    }

    @Test
    void conditionFunctionsAreNotAllowedInUpdates() {
        seed("nofunc", "s", s("abc"));
        Expect.validation(() -> update("nofunc", "SET a = size(s)", null),
                "The function is not allowed in an update expression");
    }

    @Test
    void overlappingAndConflictingPathsAreRefused() {
        seed("overlap", "a", m("b", n(1)));
        Expect.validation(() -> update("overlap", "SET a = :v, a.b = :w", Map.of(":v", m(), ":w", n(2))),
                "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                        + "path one: [a], path two: [a, b]");
        Expect.validation(() -> update("overlap", "SET a.b = :v REMOVE a.b", Map.of(":v", n(2))),
                "Two document paths overlap with each other");
        Expect.validation(() -> update("overlap", "SET a[0] = :v, a.b = :w", Map.of(":v", n(1), ":w", n(2))),
                "Two document paths conflict with each other");
    }

    @Test
    void everyOperandReadsTheItemAsItWasBeforeTheUpdate() {
        seed("before", "a", n(1));
        var r = update("before", "SET a = :two, b = a", Map.of(":two", n(2)));
        assertEquals(n(2), r.get("a"));
        assertEquals(n(1), r.get("b"));
    }

    @Test
    void pathsThroughNonContainersAreRefused() {
        seed("through", "s", s("text"), "m", m("k", n(1)));
        Expect.validation(() -> update("through", "SET s.x = :v", Map.of(":v", n(1))),
                "The document path provided in the update expression is invalid for update");
        Expect.validation(() -> update("through", "REMOVE m[0]", null),
                "The document path provided in the update expression is invalid for update");
    }

    @Test
    void addOnAListIsRefused() {
        seed("addlist", "l", l(n(1)));
        Expect.validation(() -> update("addlist", "ADD l :l", Map.of(":l", l(n(2)))),
                "Incorrect operand type for operator or function");
    }

    @Test
    void decimalAdditionIsExact() {
        seed("decimal", "x", n("0.1"));
        assertEquals(n("0.3"), update("decimal", "ADD x :y", Map.of(":y", n("0.2"))).get("x"));
        assertEquals(n("0.1"), update("decimal", "SET x = x - :y", Map.of(":y", n("0.2"))).get("x"));
    }
}
