package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Key checks with DynamoDB's wording, and the extraction of an item's primary key.
 * See the developer guide, "Service, account, and table quotas": partition key values at most
 * 2048 bytes, sort key values at most 1024 bytes.
 */
final class Keys {
    private Keys() {
    }

    /** A primary key as storage addresses it. */
    record PrimaryKey(KeyValue hash, KeyValue range) {
    }

    /** Checks a Key parameter (GetItem, DeleteItem, UpdateItem, ...): exactly the key attributes, right types. */
    static PrimaryKey ofKeyParameter(TableSchema s, ObjectNode key) {
        if (key == null) {
            throw ApiException.validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        }
        int expected = s.range() == null ? 1 : 2;
        if (key.size() != expected) {
            throw ApiException.validation("The provided key element does not match the schema");
        }
        KeyValue h = element(s.hash(), key.get(s.hash().name()), true, false);
        KeyValue r = s.range() == null ? KeyValue.NONE : element(s.range(), key.get(s.range().name()), true, true);
        return new PrimaryKey(h, r);
    }

    /** The key of an item to be written: each key attribute present, of its declared type, not empty. */
    static PrimaryKey ofItem(TableSchema s, ObjectNode item) {
        KeyValue h = itemElement(s.hash(), item, false);
        KeyValue r = s.range() == null ? KeyValue.NONE : itemElement(s.range(), item, true);
        return new PrimaryKey(h, r);
    }

    /** The key of an item already stored (trusted). */
    static PrimaryKey ofStored(TableSchema s, ObjectNode item) {
        KeyValue h = KeyValue.of((ObjectNode) item.get(s.hash().name()), s.hash().type());
        KeyValue r = s.range() == null ? KeyValue.NONE
                : KeyValue.of((ObjectNode) item.get(s.range().name()), s.range().type());
        return new PrimaryKey(h, r);
    }

    private static KeyValue itemElement(KeyDef def, ObjectNode item, boolean isRange) {
        JsonNode v = item.get(def.name());
        if (v == null) {
            throw ApiException.validation("One or more parameter values were invalid: Missing the key "
                    + def.name() + " in the item");
        }
        String actual = typeOf(v);
        if (!String.valueOf(def.type()).equals(actual)) {
            throw ApiException.validation("One or more parameter values were invalid: Type mismatch for key "
                    + def.name() + " expected: " + def.type() + " actual: " + actual);
        }
        return checked(def, (ObjectNode) v, isRange);
    }

    private static KeyValue element(KeyDef def, JsonNode v, boolean keyParam, boolean isRange) {
        if (v == null || !v.isObject() || !String.valueOf(def.type()).equals(typeOf(v))) {
            throw ApiException.validation("The provided key element does not match the schema");
        }
        return checked(def, (ObjectNode) v, isRange);
    }

    private static KeyValue checked(KeyDef def, ObjectNode v, boolean isRange) {
        String text = v.get(String.valueOf(def.type())).asText();
        if (text.isEmpty()) {
            throw ApiException.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty " + (def.type() == 'B' ? "binary" : "string")
                    + " value. Key: " + def.name());
        }
        long size = switch (def.type()) {
            case 'S' -> text.getBytes(StandardCharsets.UTF_8).length;
            case 'B' -> Base64.getDecoder().decode(text).length;
            default -> 0;
        };
        if (!isRange && size > 2048) {
            throw ApiException.validation("One or more parameter values were invalid: Size of hashkey has exceeded "
                    + "the maximum size limit of2048 bytes");
        }
        if (isRange && size > 1024) {
            throw ApiException.validation("One or more parameter values were invalid: Aggregated size of all range "
                    + "keys has exceeded the size limit of 1024 bytes");
        }
        return KeyValue.of(v, def.type());
    }

    /** The single type key of an attribute value, or null when it is malformed. */
    static String typeOf(JsonNode v) {
        if (v == null || !v.isObject() || v.size() != 1) {
            return null;
        }
        return v.fieldNames().next();
    }

    /** The primary key attributes of an item, as an item (for LastEvaluatedKey and ALL_OLD keys). */
    static ObjectNode keyAttributes(TableSchema s, ObjectNode item) {
        ObjectNode k = Json.object();
        k.set(s.hash().name(), item.get(s.hash().name()));
        if (s.range() != null) {
            k.set(s.range().name(), item.get(s.range().name()));
        }
        return k;
    }
}
