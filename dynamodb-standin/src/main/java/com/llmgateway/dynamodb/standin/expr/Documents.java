package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading and writing document paths in items (wire-form Jackson trees). Writes mutate the item they
 * are given; {@link UpdateExpr} calls them on its own deep copy.
 */
final class Documents {
    static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";

    private Documents() {
    }

    /** The value at {@code path}, or null when any step is missing or of the wrong type. */
    static ObjectNode get(ObjectNode item, Path path) {
        JsonNode value = item.get(((Path.Attr) path.steps().get(0)).name());
        for (int i = 1; i < path.length() && value != null; i++) {
            value = step(value, path.steps().get(i));
        }
        return value instanceof ObjectNode o ? o : null;
    }

    private static JsonNode step(JsonNode value, Path.Step step) {
        if (step instanceof Path.Attr a) {
            JsonNode map = value.get("M");
            return map == null ? null : map.get(a.name());
        }
        JsonNode list = value.get("L");
        int index = ((Path.Index) step).index();
        return list == null || index >= list.size() ? null : list.get(index);
    }

    /**
     * Sets the value at {@code path}. The parent must exist and be a map (for a name) or a list (for an
     * index); an index past the end appends, as DynamoDB does.
     */
    static void set(ObjectNode item, Path path, ObjectNode value) {
        if (path.length() == 1) {
            item.set(path.head(), value);
            return;
        }
        ObjectNode parent = get(item, path.parent());
        if (parent == null) {
            throw new ValidationError(INVALID_PATH);
        }
        if (path.last() instanceof Path.Attr a) {
            JsonNode map = parent.get("M");
            if (!(map instanceof ObjectNode m)) {
                throw new ValidationError(INVALID_PATH);
            }
            m.set(a.name(), value);
        } else {
            JsonNode list = parent.get("L");
            if (!(list instanceof ArrayNode l)) {
                throw new ValidationError(INVALID_PATH);
            }
            int index = ((Path.Index) path.last()).index();
            if (index < l.size()) {
                l.set(index, value);
            } else {
                l.add(value);
            }
        }
    }

    /** Removes the value at {@code path}; a missing last step is no error, a missing parent is. */
    static void remove(ObjectNode item, Path path) {
        if (path.length() == 1) {
            item.remove(path.head());
            return;
        }
        ObjectNode parent = get(item, path.parent());
        if (parent == null) {
            throw new ValidationError(INVALID_PATH);
        }
        if (path.last() instanceof Path.Attr a) {
            JsonNode map = parent.get("M");
            if (!(map instanceof ObjectNode m)) {
                throw new ValidationError(INVALID_PATH);
            }
            m.remove(a.name());
        } else {
            JsonNode list = parent.get("L");
            if (!(list instanceof ArrayNode l)) {
                throw new ValidationError(INVALID_PATH);
            }
            int index = ((Path.Index) path.last()).index();
            if (index < l.size()) {
                l.remove(index);
            }
        }
    }
}
