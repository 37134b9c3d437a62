package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.dynamodb.standin.expr.AttributeValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Item rules the engine enforces around the value model of {@code expr}: the 400 KB item limit,
 * secondary index key types, and refusal of the legacy (non-expression) parameters.
 * See the developer guide, "Service, account, and table quotas in Amazon DynamoDB".
 */
final class Items {
    static final long MAX_ITEM_BYTES = 400 * 1024;

    private static final Set<String> LEGACY = Set.of("Expected", "AttributesToGet", "KeyConditions",
            "AttributeUpdates", "ScanFilter", "QueryFilter", "ConditionalOperator");

    private Items() {
    }

    static long size(ObjectNode item) {
        return AttributeValues.itemSize(item);
    }

    /**
     * The form an item is stored in: equal to {@code item}, with each attribute value's one-member
     * wrapper ({@code {"S": "..."}}) on an immutable one-entry map instead of a LinkedHashMap with its
     * 16-slot table, and every map sized to its members: about half the heap of a parsed item. Stored
     * items are never modified in place (a write replaces the node; readers copy before changing), so
     * the immutable wrappers are never written to.
     */
    static ObjectNode compact(ObjectNode item) {
        Map<String, JsonNode> members = LinkedHashMap.newLinkedHashMap(item.size());
        item.properties().forEach(e -> members.put(e.getKey(), compactValue(e.getValue())));
        return new ObjectNode(JsonNodeFactory.instance, members);
    }

    private static JsonNode compactValue(JsonNode v) {
        if (!(v instanceof ObjectNode wrapper) || wrapper.size() != 1) {
            return v;
        }
        Map.Entry<String, JsonNode> only = wrapper.properties().iterator().next();
        JsonNode inner = only.getValue();
        if ("M".equals(only.getKey()) && inner instanceof ObjectNode map) {
            inner = compact(map);
        } else if ("L".equals(only.getKey()) && inner instanceof ArrayNode list) {
            List<JsonNode> elements = new ArrayList<>(list.size());
            list.forEach(element -> elements.add(compactValue(element)));
            inner = new ArrayNode(JsonNodeFactory.instance, elements);
        }
        return new ObjectNode(JsonNodeFactory.instance, Map.of(only.getKey(), inner));
    }

    /** Validates and normalises an Item or Key parameter. */
    static ObjectNode validate(ObjectNode item) {
        return AttributeValues.validateItem(item);
    }

    /** Refuses the legacy parameters this stand-in does not implement, naming them. */
    static void refuseLegacy(ObjectNode req) {
        for (String p : LEGACY) {
            if (req.has(p)) {
                throw ApiException.validation("The legacy parameter " + p + " is not supported by this DynamoDB "
                        + "stand-in; use the expression parameters (ConditionExpression, ProjectionExpression, "
                        + "KeyConditionExpression, UpdateExpression, FilterExpression) instead");
            }
        }
    }

    /** DynamoDB refuses expression attribute maps in a request that has no expression to use them. */
    static void refuseStrayMaps(ObjectNode req, boolean anyExpression) {
        if (anyExpression) {
            return;
        }
        if (req.has("ExpressionAttributeNames")) {
            throw ApiException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (req.has("ExpressionAttributeValues")) {
            throw ApiException.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
    }

    /** Checks a whole item about to be stored: its size and its secondary index key attributes. */
    static void checkStorable(TableSchema s, ObjectNode item, boolean update) {
        if (size(item) > MAX_ITEM_BYTES) {
            throw ApiException.validation(update ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size");
        }
        for (IndexSchema i : s.indexes()) {
            checkIndexKey(i, i.hash(), item);
            if (i.range() != null) {
                checkIndexKey(i, i.range(), item);
            }
        }
    }

    private static void checkIndexKey(IndexSchema index, KeyDef def, ObjectNode item) {
        JsonNode v = item.get(def.name());
        if (v == null) {
            return;
        }
        String actual = Keys.typeOf(v);
        if (!String.valueOf(def.type()).equals(actual)) {
            throw ApiException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                    + def.name() + " Expected: " + def.type() + " Actual: " + actual + " IndexName: " + index.name());
        }
        if (v.get(actual).asText().isEmpty()) {
            throw ApiException.validation("One or more parameter values are not valid. A value specified for a "
                    + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an "
                    + "empty string value. IndexName: " + index.name() + ", IndexKey: " + def.name());
        }
    }

    static Map<String, String> names(ObjectNode req) {
        return Json.names(req);
    }
}
