package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: wire-form items and values from JSON text written with single quotes. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code obj("{'a':{'S':'x'}}")} */
    static ObjectNode obj(String json) {
        try {
            JsonNode node = MAPPER.readTree(json.replace('\'', '"'));
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** ExpressionAttributeValues from alternating keys and JSON values: {@code values(":v", "{'S':'x'}")}. */
    static Map<String, ObjectNode> values(String... keysAndJson) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndJson.length; i += 2) {
            out.put(keysAndJson[i], obj(keysAndJson[i + 1]));
        }
        return out;
    }

    /** ExpressionAttributeNames from alternating keys and names. */
    static Map<String, String> names(String... keysAndNames) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndNames.length; i += 2) {
            out.put(keysAndNames[i], keysAndNames[i + 1]);
        }
        return out;
    }
}
