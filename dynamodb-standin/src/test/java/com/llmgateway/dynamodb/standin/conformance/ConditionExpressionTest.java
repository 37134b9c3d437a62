package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.b;
import static com.llmgateway.dynamodb.standin.conformance.Av.bool;
import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.l;
import static com.llmgateway.dynamodb.standin.conformance.Av.m;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.ns;
import static com.llmgateway.dynamodb.standin.conformance.Av.nul;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static com.llmgateway.dynamodb.standin.conformance.Av.ss;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Condition and filter expressions: comparators, BETWEEN, IN, AND/OR/NOT precedence, parentheses,
 * the functions, document paths, and type rules.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
class ConditionExpressionTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    static String table;
    static final Map<String, AttributeValue> ITEM = item(
            "pk", s("c"),
            "n", n(5),
            "s", s("hello"),
            "b", b((byte) 1, (byte) 2, (byte) 3),
            "t", bool(true),
            "nul", nul(),
            "l", l(n(1), s("two"), l(n(3))),
            "m", m("a", n(1), "b", m("c", s("deep"))),
            "ss", ss("x", "y"),
            "ns", ns("1", "2"),
            "weird name", s("w"),
            "status", s("active"),
            "emptystr", s(""));

    /** Every placeholder a case may use; a case's map holds only the ones its expression names. */
    static final Map<String, AttributeValue> VALUES = new HashMap<>();

    static {
        VALUES.put(":one", n(1));
        VALUES.put(":two", n(2));
        VALUES.put(":three", n(3));
        VALUES.put(":four", n(4));
        VALUES.put(":five", n(5));
        VALUES.put(":six", n(6));
        VALUES.put(":fivepoint0", n("5.0"));
        VALUES.put(":str5", s("5"));
        VALUES.put(":hello", s("hello"));
        VALUES.put(":help", s("help"));
        VALUES.put(":he", s("he"));
        VALUES.put(":lo", s("lo"));
        VALUES.put(":ell", s("ell"));
        VALUES.put(":a", s("a"));
        VALUES.put(":z", s("z"));
        VALUES.put(":x", s("x"));
        VALUES.put(":w", s("w"));
        VALUES.put(":zz", s("zz"));
        VALUES.put(":twoS", s("two"));
        VALUES.put(":deep", s("deep"));
        VALUES.put(":active", s("active"));
        VALUES.put(":nope", s("nope"));
        VALUES.put(":true", bool(true));
        VALUES.put(":b12", b((byte) 1, (byte) 2));
        VALUES.put(":b23", b((byte) 2, (byte) 3));
        VALUES.put(":N", s("N"));
        VALUES.put(":S", s("S"));
        VALUES.put(":NULL", s("NULL"));
        VALUES.put(":SS", s("SS"));
        VALUES.put(":NS", s("NS"));
        VALUES.put(":L", s("L"));
        VALUES.put(":M", s("M"));
        VALUES.put(":B", s("B"));
        VALUES.put(":BOOL", s("BOOL"));
        VALUES.put(":mval", m("a", n(1), "b", m("c", s("deep"))));
        VALUES.put(":lval", l(n(1), s("two"), l(n(3))));
        VALUES.put(":ssyx", ss("y", "x"));
        VALUES.put(":ns21", ns("2.0", "1"));
        VALUES.put(":emptyS", s(""));
    }

    @BeforeAll
    static void seed() {
        table = ddb.hashTable("conditions");
        ddb.client().putItem(r -> r.tableName(table).item(ITEM));
    }

    private DynamoDbClient c() {
        return ddb.client();
    }

    /** Whether the condition holds for ITEM: a conditional re-put of the same item succeeds or fails. */
    private boolean holds(String condition) {
        Map<String, AttributeValue> used = new LinkedHashMap<>();
        VALUES.forEach((k, v) -> {
            if (condition.matches(".*" + java.util.regex.Pattern.quote(k) + "(?![A-Za-z0-9_]).*")) {
                used.put(k, v);
            }
        });
        Map<String, String> names = new LinkedHashMap<>();
        if (condition.contains("#w")) {
            names.put("#w", "weird name");
        }
        if (condition.contains("#st")) {
            names.put("#st", "status");
        }
        try {
            c().putItem(r -> r.tableName(table).item(ITEM).conditionExpression(condition)
                    .expressionAttributeValues(used.isEmpty() ? null : used)
                    .expressionAttributeNames(names.isEmpty() ? null : names));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "n = :five | true", "n = :fivepoint0 | true", "n <> :five | false", "n < :six | true",
            "n <= :five | true", "n > :four | true", "n >= :six | false", "n < :five | false",
            "s < :help | true", "s = :hello | true", "s > :z | false", "b < :b23 | true",
            "t = :true | true", "m.a = :one | true", "m.b.c = :deep | true", "l[1] = :twoS | true",
            "l[2][0] = :three | true", "n > m.a | true", "m = :mval | true", "l = :lval | true",
            "ss = :ssyx | true", "ns = :ns21 | true", "#w = :w | true",
            "#st = :active | true", "emptystr = :emptyS | true"})
    void comparisons(String condition, boolean expected) {
        assertEquals(expected, holds(condition), condition);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // Values of different types are never equal and never ordered (no error).
            "n = :str5 | false", "n <> :str5 | true", "n < :str5 | false", "n >= :str5 | false",
            "s > :five | false",
            // A missing attribute compares false with = and ordering operators.
            "nothere = :five | false", "nothere < :five | false"})
    void comparisonsAcrossTypesAndWithMissingAttributes(String condition, boolean expected) {
        assertEquals(expected, holds(condition), condition);
    }

    @Test
    void notEqualsOnAMissingAttributeIsTrue() {
        // Uncertain corner: DynamoDB evaluates "a <> :v" as true when a is absent (absent ≠ any value).
        assertEquals(true, holds("nothere <> :five"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "n BETWEEN :four AND :six | true", "n BETWEEN :five AND :five | true", "n BETWEEN :one AND :four | false",
            "s BETWEEN :a AND :z | true", "n BETWEEN :a AND :z | false",
            "n IN (:four, :five) | true", "n IN (:four) | false", "s IN (:five, :hello) | true",
            "n between :four and :six | true", "n in (:five) | true"})
    void betweenAndIn(String condition, boolean expected) {
        assertEquals(expected, holds(condition), condition);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // AND binds tighter than OR: T OR (F AND F).
            "n = :five OR n = :four AND s = :nope | true",
            "(n = :five OR n = :four) AND s = :nope | false",
            // NOT binds tighter than AND: (NOT F) AND F.
            "NOT n = :four AND s = :nope | false",
            "NOT (n = :four AND s = :nope) | true",
            "NOT n = :five | false", "NOT NOT n = :five | true",
            "(n = :five) | true", "(n = :five) AND (s = :hello) | true",
            "n = :four OR n = :three OR n = :five | true",
            "n = :five AND s = :hello AND t = :true | true",
            "n = :five and not s = :nope | true",
            "attribute_exists(n) AND NOT attribute_exists(nothere) | true"})
    void logicalPrecedenceAndParentheses(String condition, boolean expected) {
        assertEquals(expected, holds(condition), condition);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "attribute_exists(n) | true", "attribute_exists(nothere) | false",
            "attribute_not_exists(nothere) | true", "attribute_not_exists(n) | false",
            "attribute_exists(m.b.c) | true", "attribute_exists(m.b.x) | false",
            "attribute_exists(l[2][0]) | true", "attribute_exists(l[5]) | false",
            "attribute_exists(#w) | true", "attribute_exists(nul) | true",
            "attribute_exists(m.a[0]) | false", "attribute_exists(l.a) | false",
            "attribute_type(n, :N) | true", "attribute_type(s, :S) | true", "attribute_type(nul, :NULL) | true",
            "attribute_type(ss, :SS) | true", "attribute_type(ns, :NS) | true", "attribute_type(l, :L) | true",
            "attribute_type(m, :M) | true", "attribute_type(b, :B) | true", "attribute_type(t, :BOOL) | true",
            "attribute_type(l, :M) | false", "attribute_type(nothere, :S) | false",
            "begins_with(s, :he) | true", "begins_with(s, :lo) | false", "begins_with(b, :b12) | true",
            "begins_with(b, :b23) | false", "begins_with(n, :he) | false", "begins_with(nothere, :he) | false",
            "contains(s, :ell) | true", "contains(s, :zz) | false", "contains(ss, :x) | true",
            "contains(ss, :z) | false", "contains(l, :twoS) | true", "contains(l, :one) | true",
            "contains(ns, :two) | true", "contains(ns, :three) | false",
            "contains(n, :five) | false",
            "size(s) = :five | true", "size(l) = :three | true", "size(m) = :two | true",
            "size(ss) = :two | true", "size(b) = :three | true", "size(s) > :four | true",
            "size(s) < :five | false", "size(m.b) = :one | true", "size(nothere) = :one | false"})
    void functions(String condition, boolean expected) {
        assertEquals(expected, holds(condition), condition);
    }

    @Test
    void betweenWithLowerBoundAboveUpperBoundIsRefused() {
        Expect.validation(() -> holds("n BETWEEN :six AND :four"),
                "BETWEEN operator requires upper bound to be greater than or equal to lower bound");
    }

    @Test
    void inAcceptsOneHundredOperandsAndRefusesMore() {
        StringBuilder in = new StringBuilder();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            in.append(i == 0 ? "" : ", ").append(":v").append(i);
            values.put(":v" + i, n(i + 100));
        }
        Expect.validation(() -> c().putItem(r -> r.tableName(table).item(ITEM)
                        .conditionExpression("n IN (" + in + ")").expressionAttributeValues(values)),
                "The IN operator is provided with too many operands; number of operands: 101");
        String hundred = in.substring(0, in.lastIndexOf(","));
        values.remove(":v100");
        values.put(":v99", n(5));
        c().putItem(r -> r.tableName(table).item(ITEM)
                .conditionExpression("n IN (" + hundred + ")").expressionAttributeValues(values));
    }

    @Test
    void unknownAttributeTypeNameIsRefused() {
        Expect.validation(() -> c().putItem(r -> r.tableName(table).item(ITEM)
                        .conditionExpression("attribute_type(n, :t)").expressionAttributeValues(Map.of(":t", s("X")))),
                "Invalid attribute type name found");
    }

    @Test
    void orderingOperatorsRefuseBooleanAndDocumentOperands() {
        // "<" etc. apply to S, N and B only; a literal operand of another type is a ValidationException.
        AwsServiceException e = Expect.validation(() -> holds("t < :true"),
                "Incorrect operand type for operator or function");
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    }

    @Test
    void syntaxErrorsNameTheParameter() {
        Expect.validation(() -> holds("n = "), "Invalid ConditionExpression: Syntax error");
        Expect.validation(() -> holds("n == :five"), "Invalid ConditionExpression: Syntax error");
        Expect.validation(() -> c().scan(r -> r.tableName(table).filterExpression("n = = :v")
                .expressionAttributeValues(Map.of(":v", n(1)))), "Invalid FilterExpression: Syntax error");
    }

    @Test
    void doubledParenthesesAreRedundantAndRefused() {
        Expect.validation(() -> holds("((n = :five))"),
                "Invalid ConditionExpression: The expression has redundant parentheses;");
    }

    @Test
    void unknownFunctionIsRefused() {
        Expect.validation(() -> holds("foo(n)"), "Invalid function name");
    }

    @Test
    void updateOnlyFunctionsAreRefusedInConditions() {
        Expect.validation(() -> holds("if_not_exists(n, :five) = :five"));
    }

    @Test
    void filterExpressionUsesTheSameLanguage() {
        var r = c().scan(x -> x.tableName(table)
                .filterExpression("size(l) = :three AND contains(ss, :x) AND m.b.c = :deep")
                .expressionAttributeValues(Map.of(":three", n(3), ":x", s("x"), ":deep", s("deep"))));
        assertEquals(1, r.count());
        var none = c().scan(x -> x.tableName(table).filterExpression("attribute_type(n, :S)")
                .expressionAttributeValues(Map.of(":S", s("S"))));
        assertEquals(0, none.count());
        assertEquals(1, none.scannedCount());
    }

    @Test
    void beginsWithNeedsAStringOrBinaryOperand() {
        Expect.validation(() -> holds("begins_with(s, :five)"), "Incorrect operand type for operator or function");
    }

    @Test
    void expressionsAreLimitedToFourKilobytes() {
        // "The maximum length of any expression string is 4 KB" (ServiceQuotas, expression parameters).
        StringBuilder cond = new StringBuilder("attribute_exists(n)");
        while (cond.length() <= 4200) {
            cond.append(" AND attribute_exists(n)");
        }
        Expect.validation(() -> c().putItem(r -> r.tableName(table).item(ITEM).conditionExpression(cond.toString())),
                "Expression size has exceeded the maximum allowed size");
    }
}
