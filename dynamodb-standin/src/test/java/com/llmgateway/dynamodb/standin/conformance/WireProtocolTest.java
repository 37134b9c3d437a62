package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DynamoDB's JSON 1.0 wire protocol checked without the SDK: headers, checksums, error shapes.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
class WireProtocolTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void assertProtocolHeaders(HttpResponse<byte[]> r) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-amz-json-1.0"),
                "Content-Type: " + r.headers().firstValue("Content-Type"));
        assertTrue(r.headers().firstValue("x-amzn-RequestId").filter(v -> !v.isBlank()).isPresent(), "x-amzn-RequestId");
        r.headers().firstValue("x-amz-crc32").ifPresent(crc -> {
            CRC32 c = new CRC32();
            c.update(r.body());
            assertEquals(Long.toString(c.getValue()), crc, "x-amz-crc32 is the CRC32 of the body bytes");
        });
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String message(JsonNode error) {
        return error.has("message") ? error.get("message").asText() : error.path("Message").asText();
    }

    @Test
    void successfulResponsesCarryTheProtocolHeaders() throws IOException {
        String t = ddb.hashTable("wire_ok");
        var put = ddb.rawCall("DynamoDB_20120810.PutItem",
                "{\"TableName\":\"" + t + "\",\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"250.00\"}}}");
        assertEquals(200, put.statusCode());
        assertProtocolHeaders(put);
        var get = ddb.rawCall("DynamoDB_20120810.GetItem", "{\"TableName\":\"" + t + "\",\"Key\":{\"pk\":{\"S\":\"a\"}}}");
        assertEquals(200, get.statusCode());
        assertProtocolHeaders(get);
        assertEquals("250", json(get).path("Item").path("n").path("N").asText());
        assertNotEquals(put.headers().firstValue("x-amzn-RequestId"), get.headers().firstValue("x-amzn-RequestId"),
                "each request has its own id");
        var missing = ddb.rawCall("DynamoDB_20120810.GetItem", "{\"TableName\":\"" + t + "\",\"Key\":{\"pk\":{\"S\":\"zz\"}}}");
        assertEquals(200, missing.statusCode());
        assertTrue(json(missing).path("Item").isMissingNode(), "no Item element for a missing item");
    }

    @Test
    void largeResponsesHaveACorrectChecksumToo() {
        String t = ddb.hashTable("wire_big");
        String big = "é".repeat(150_000);
        for (int i = 0; i < 3; i++) {
            int k = i;
            ddb.client().putItem(r -> r.tableName(t).item(item("pk", s("k" + k), "v", s(big))));
        }
        var scan = ddb.rawCall("DynamoDB_20120810.Scan", "{\"TableName\":\"" + t + "\"}");
        assertEquals(200, scan.statusCode());
        assertProtocolHeaders(scan);
        assertTrue(scan.body().length > 900_000);
    }

    @Test
    void unknownOperationShape() throws IOException {
        var r = ddb.rawCall("DynamoDB_20120810.DoSomethingElse", "{}");
        assertEquals(400, r.statusCode());
        assertProtocolHeaders(r);
        assertEquals("com.amazon.coral.service#UnknownOperationException", json(r).path("__type").asText());
    }

    @Test
    void unparseableBodyIsASerializationException() throws IOException {
        var r = ddb.rawCall("DynamoDB_20120810.ListTables", "{not json");
        assertEquals(400, r.statusCode());
        assertProtocolHeaders(r);
        assertEquals("com.amazon.coral.service#SerializationException", json(r).path("__type").asText());
    }

    @Test
    void wrongJsonTypeForAFieldIsASerializationException() throws IOException {
        var r = ddb.rawCall("DynamoDB_20120810.ListTables", "{\"Limit\":\"many\"}");
        assertEquals(400, r.statusCode());
        String type = json(r).path("__type").asText();
        assertTrue(type.equals("com.amazon.coral.service#SerializationException")
                || type.equals("com.amazon.coral.validate#ValidationException"), type);
    }

    @Test
    void validationErrorShape() throws IOException {
        String t = ddb.hashTable("wire_val");
        var r = ddb.rawCall("DynamoDB_20120810.PutItem", "{\"TableName\":\"" + t + "\",\"Item\":{\"pk\":{\"N\":\"1\"}}}");
        assertEquals(400, r.statusCode());
        assertProtocolHeaders(r);
        JsonNode e = json(r);
        assertEquals("com.amazon.coral.validate#ValidationException", e.path("__type").asText());
        assertTrue(message(e).contains("Type mismatch for key"), e.toString());
    }

    @Test
    void serviceErrorShapes() throws IOException {
        var nf = ddb.rawCall("DynamoDB_20120810.GetItem", "{\"TableName\":\"no_such_wire_table\",\"Key\":{\"pk\":{\"S\":\"a\"}}}");
        assertEquals(400, nf.statusCode());
        assertProtocolHeaders(nf);
        JsonNode e = json(nf);
        assertEquals("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", e.path("__type").asText());
        assertEquals("Requested resource not found", e.path("message").asText());

        String t = ddb.hashTable("wire_ccf");
        ddb.client().putItem(r -> r.tableName(t).item(item("pk", s("a"), "v", s("old"))));
        var ccf = ddb.rawCall("DynamoDB_20120810.PutItem", "{\"TableName\":\"" + t + "\",\"Item\":{\"pk\":{\"S\":\"a\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk)\",\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}");
        assertEquals(400, ccf.statusCode());
        assertProtocolHeaders(ccf);
        JsonNode c = json(ccf);
        assertEquals("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", c.path("__type").asText());
        assertEquals("The conditional request failed", c.path("message").asText());
        assertEquals("old", c.path("Item").path("v").path("S").asText(), "the old item as top-level Item");
    }

    @Test
    void transactionCanceledShape() throws IOException {
        String t = ddb.hashTable("wire_tx");
        ddb.client().putItem(r -> r.tableName(t).item(item("pk", s("a"))));
        var r = ddb.rawCall("DynamoDB_20120810.TransactWriteItems", "{\"TransactItems\":["
                + "{\"Put\":{\"TableName\":\"" + t + "\",\"Item\":{\"pk\":{\"S\":\"a\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk)\",\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}},"
                + "{\"Put\":{\"TableName\":\"" + t + "\",\"Item\":{\"pk\":{\"S\":\"b\"}}}}]}");
        assertEquals(400, r.statusCode());
        assertProtocolHeaders(r);
        JsonNode e = json(r);
        assertEquals("com.amazonaws.dynamodb.v20120810#TransactionCanceledException", e.path("__type").asText());
        assertEquals("Transaction cancelled, please refer cancellation reasons for specific reasons "
                + "[ConditionalCheckFailed, None]", message(e));
        JsonNode reasons = e.path("CancellationReasons");
        assertEquals(2, reasons.size());
        assertEquals("ConditionalCheckFailed", reasons.get(0).path("Code").asText());
        assertEquals("The conditional request failed", reasons.get(0).path("Message").asText());
        assertEquals("a", reasons.get(0).path("Item").path("pk").path("S").asText());
        assertEquals("None", reasons.get(1).path("Code").asText());
    }

    @Test
    void statsCountRequestsByOperation() throws IOException {
        long before = json(ddb.control("GET", "/_standin/stats", null)).path("by_operation").path("ListTables").asLong(0);
        ddb.rawCall("DynamoDB_20120810.ListTables", "{}");
        ddb.rawCall("DynamoDB_20120810.ListTables", "{}");
        var r = ddb.control("GET", "/_standin/stats", null);
        assertEquals(200, r.statusCode());
        JsonNode stats = json(r);
        assertTrue(stats.path("requests").asLong() >= 2, stats.toString());
        assertEquals(before + 2, stats.path("by_operation").path("ListTables").asLong(), stats.toString());
    }
}
