package com.llmgateway.dynamodb.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A body whose members have the wrong JSON types is the client's mistake: a 400
 * {@code SerializationException}, as DynamoDB's front end answers, never a 500 that shows the
 * engine's internals.
 */
class MalformedRequestTest {
    private static DynamoDbStandIn db;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        db = DynamoDbStandIn.builder().start();
        try (var c = StandInClients.client(db)) {
            StandInClients.createTable(c, "shapes", true);
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BatchGetItem|{\"RequestItems\":{\"shapes\":5}}",
        "BatchWriteItem|{\"RequestItems\":{\"shapes\":{\"PutRequest\":1}}}",
        "PutItem|{\"TableName\":\"shapes\",\"Item\":[1,2]}",
        "GetItem|{\"TableName\":\"shapes\",\"Key\":{\"pk\":\"not-an-attribute-value\",\"sk\":{\"S\":\"1\"}}}",
        "TransactWriteItems|{\"TransactItems\":{\"Put\":1}}",
    })
    void members_of_the_wrong_type_are_a_400_without_internals(String operation, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(db.endpoint() + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"__type\":\"com.amazon.coral."), r.body());
        assertFalse(r.body().contains("java."), r.body());
        assertFalse(r.body().contains("Exception:"), r.body());
    }
}
