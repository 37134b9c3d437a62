package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one shared Jackson mapper and the request-field helpers every operation uses. */
final class Json {
    /**
     * Jackson's default read constraints are tighter than DynamoDB's limits: names are capped at
     * 50,000 chars, but DynamoDB allows attribute names up to 64 KB ("Attribute names must be at
     * least one character long and less than 64 KB", Service quotas). The limits here are generous
     * upper bounds on what a DynamoDB request can carry (16 MB for BatchWriteItem, 32 document levels
     * are checked by AttributeValues); the real limits are enforced with DynamoDB's own messages.
     */
    private static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNameLength(1 << 20)
            .maxStringLength(64 << 20)
            .maxNestingDepth(1000)
            .build();
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(READ_LIMITS).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static ObjectNode parseObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                return object(); // an empty body is an empty request, as the SDKs never send one
            }
            if (!node.isObject()) {
                throw serialization();
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw serialization();
        } catch (IOException e) {
            throw serialization();
        }
    }

    private static ApiException serialization() {
        return new ApiException(400, "com.amazon.coral.service#SerializationException",
                "Start of structure or map found where not expected");
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A string parameter, or null when absent; a non-string is a serialization error as in DynamoDB. */
    static String text(ObjectNode request, String field) {
        JsonNode n = request.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ApiException(400, "com.amazon.coral.service#SerializationException",
                    "NUMBER_VALUE cannot be converted to String");
        }
        return n.textValue();
    }

    static ObjectNode obj(ObjectNode request, String field) {
        JsonNode n = request.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw serialization();
        }
        return (ObjectNode) n;
    }

    static ArrayNode arr(ObjectNode request, String field) {
        JsonNode n = request.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw serialization();
        }
        return (ArrayNode) n;
    }

    /** ExpressionAttributeNames as a map (null when absent). */
    static Map<String, String> names(ObjectNode request) {
        ObjectNode n = obj(request, "ExpressionAttributeNames");
        if (n == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** ExpressionAttributeValues as a map (null when absent). */
    static Map<String, ObjectNode> values(ObjectNode request) {
        ObjectNode n = obj(request, "ExpressionAttributeValues");
        if (n == null) {
            return null;
        }
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            if (!e.getValue().isObject()) {
                throw serialization();
            }
            out.put(e.getKey(), (ObjectNode) e.getValue());
        });
        return out;
    }
}
