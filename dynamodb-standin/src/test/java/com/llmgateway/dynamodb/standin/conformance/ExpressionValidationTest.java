package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static com.llmgateway.dynamodb.standin.conformance.Av.ss;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ExpressionAttributeNames / ExpressionAttributeValues rules: unused and undefined placeholders,
 * reserved words, empty maps, placeholders without expressions, malformed keys, overlapping projections.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
 */
class ExpressionValidationTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    static String table;

    @BeforeAll
    static void seed() {
        table = ddb.hashTable("exprval");
        ddb.client().putItem(r -> r.tableName(table).item(item("pk", s("a"), "v", n(1), "status", s("s"),
                "m", Av.m("x", n(1)))));
    }

    private DynamoDbClient c() {
        return ddb.client();
    }

    @Test
    void unusedValueIsRefused() {
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", n(2), ":unused", n(3)))),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
        assertEquals(n(1), c().getItem(r -> r.tableName(table).key(key("a"))).item().get("v"));
    }

    @Test
    void unusedNameIsRefused() {
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("#v")
                        .expressionAttributeNames(Map.of("#v", "v", "#unused", "x"))),
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
    }

    @Test
    void valuesAndNamesAreCountedAcrossAllExpressionsOfTheRequest() {
        // :c only in the condition, :v only in the update, #s only in the condition: all used.
        c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :v")
                .conditionExpression("#s = :c")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":v", n(1), ":c", s("s"))));
        var q = c().query(r -> r.tableName(table).keyConditionExpression("pk = :p").filterExpression("v = :v")
                .projectionExpression("#s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":p", s("a"), ":v", n(1))));
        assertEquals(1, q.count());
    }

    @Test
    void undefinedValueIsRefused() {
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :nope")
                        .expressionAttributeValues(Map.of(":other", n(1)))),
                "An expression attribute value used in expression is not defined; attribute value: :nope");
        Expect.validation(() -> c().putItem(r -> r.tableName(table).item(key("a")).conditionExpression("v = :nope")),
                "An expression attribute value used in expression is not defined; attribute value: :nope");
    }

    @Test
    void undefinedNameIsRefused() {
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("#nope")),
                "An expression attribute name used in the document path is not defined; attribute name: #nope");
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET #nope = :v")
                        .expressionAttributeNames(Map.of("#other", "x")).expressionAttributeValues(Map.of(":v", n(1)))),
                "An expression attribute name used in the document path is not defined; attribute name: #nope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "name", "data", "count", "value", "year", "date", "user", "timestamp", "Status"})
    void reservedWordsCannotBeBareAttributeNames(String word) {
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression(word)),
                "Attribute name is a reserved keyword; reserved keyword: " + word);
    }

    @Test
    void reservedWordsAreRefusedInEveryExpressionKindAndInNestedPaths() {
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET data = :v")
                        .expressionAttributeValues(Map.of(":v", n(1)))),
                "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: data");
        Expect.validation(() -> c().putItem(r -> r.tableName(table).item(key("a")).conditionExpression("attribute_exists(status)")),
                "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("m.name")),
                "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    }

    @Test
    void emptyPlaceholderMapsAreRefused() {
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("REMOVE x")
                .expressionAttributeValues(Map.of())), "ExpressionAttributeValues must not be empty");
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("REMOVE x")
                .expressionAttributeNames(Map.of())), "ExpressionAttributeNames must not be empty");
    }

    @Test
    void placeholdersWithoutAnyExpressionAreRefused() {
        Expect.validation(() -> c().putItem(r -> r.tableName(table).item(key("z"))
                        .expressionAttributeValues(Map.of(":v", n(1)))),
                "ExpressionAttributeValues can only be specified when using expressions");
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a"))
                        .expressionAttributeNames(Map.of("#v", "v"))),
                "ExpressionAttributeNames can only be specified when using expressions");
    }

    @Test
    void placeholderKeysMustStartWithTheirSigil() {
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("v")
                .expressionAttributeNames(Map.of("v", "v"))), "ExpressionAttributeNames contains invalid key");
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", n(1), "w", n(2)))),
                "ExpressionAttributeValues contains invalid key");
    }

    @Test
    void invalidValueInExpressionAttributeValuesIsRefused() {
        Expect.validation(() -> c().updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", ss()))),
                "ExpressionAttributeValues contains invalid value");
    }

    @Test
    void overlappingProjectionPathsAreRefused() {
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("m, m.x")),
                "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
                        + "one of these paths; path one: [m], path two: [m, x]");
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("v, v")),
                "Two document paths overlap with each other");
    }

    @Test
    void projectionSyntaxErrorIsRefused() {
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("v,,m")),
                "Invalid ProjectionExpression: Syntax error");
    }

    @Test
    void legacyParametersMixedWithExpressionsAreRefused() {
        // Mixing a legacy parameter with its expression replacement is refused by DynamoDB with a message
        // naming both (API_GetItem: AttributesToGet is legacy; use ProjectionExpression).
        Expect.validation(() -> c().getItem(r -> r.tableName(table).key(key("a")).projectionExpression("v")
                .attributesToGet("v")));
    }
}
