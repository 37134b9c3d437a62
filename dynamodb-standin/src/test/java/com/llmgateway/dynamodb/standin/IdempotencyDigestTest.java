package com.llmgateway.dynamodb.standin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The digest a ClientRequestToken's request is remembered by: equal exactly when the requests are equal trees. */
class IdempotencyDigestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] digest(String json) throws Exception {
        JsonNode n = JSON.readTree(json);
        return Idempotency.digest(n);
    }

    private static void assertDiffer(String a, String b) throws Exception {
        assertFalse(MessageDigest.isEqual(digest(a), digest(b)), a + " and " + b + " must not share a digest");
    }

    @Test
    void memberOrderDoesNotMatterAtAnyDepth() throws Exception {
        assertArrayEquals(
                digest("{\"TransactItems\":[{\"Put\":{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}}}],\"ClientRequestToken\":\"x\"}"),
                digest("{\"ClientRequestToken\":\"x\",\"TransactItems\":[{\"Put\":{\"Item\":{\"n\":{\"N\":\"1\"},\"pk\":{\"S\":\"a\"}},\"TableName\":\"t\"}}]}"));
    }

    @Test
    void anyDifferenceInContentOrShapeChangesTheDigest() throws Exception {
        assertDiffer("{\"a\":\"bc\"}", "{\"ab\":\"c\"}");
        assertDiffer("{\"a\":\"1\"}", "{\"a\":1}");
        assertDiffer("{\"a\":[\"x\",\"y\"]}", "{\"a\":[\"y\",\"x\"]}");
        assertDiffer("{\"a\":[[\"x\"],\"y\"]}", "{\"a\":[[\"x\",\"y\"]]}");
        assertDiffer("{\"a\":{}}", "{\"a\":[]}");
        assertDiffer("{\"a\":null}", "{\"a\":\"null\"}");
        assertDiffer("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"c\"},\"d\":\"e\"}");
        assertDiffer("{\"a\":true}", "{\"a\":\"true\"}");
    }
}
