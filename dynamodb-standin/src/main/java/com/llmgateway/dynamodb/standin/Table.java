package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One table's items: a sorted map of partitions, each a sorted map from sort key to item (a
 * table without a sort key keeps one entry per partition under {@link KeyValue#NONE}). Stored
 * items are never modified in place; a write replaces the node. Callers hold the engine lock.
 */
final class Table {
    private volatile TableSchema schema;
    private final TreeMap<KeyValue, TreeMap<KeyValue, ObjectNode>> partitions = new TreeMap<>();
    private final Map<String, SecondaryIndex> indexes = new LinkedHashMap<>();
    private long count;
    private long sizeBytes;

    Table(TableSchema schema) {
        this.schema = schema;
        for (IndexSchema i : schema.indexes()) {
            indexes.put(i.name(), new SecondaryIndex(i, schema));
        }
    }

    TableSchema schema() {
        return schema;
    }

    void schema(TableSchema s) {
        this.schema = s;
    }

    SecondaryIndex index(String name) {
        return indexes.get(name);
    }

    Map<String, SecondaryIndex> indexes() {
        return indexes;
    }

    long count() {
        return count;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    NavigableMap<KeyValue, TreeMap<KeyValue, ObjectNode>> partitions() {
        return partitions;
    }

    ObjectNode get(Keys.PrimaryKey key) {
        TreeMap<KeyValue, ObjectNode> p = partitions.get(key.hash());
        return p == null ? null : p.get(key.range());
    }

    /** Stores (a {@link Items#compact compact} copy of) {@code item} under its key; returns the item it replaced, or null. */
    ObjectNode put(ObjectNode given) {
        ObjectNode item = Items.compact(given);
        Keys.PrimaryKey key = Keys.ofStored(schema, item);
        ObjectNode old = partitions.computeIfAbsent(key.hash(), k -> new TreeMap<>()).put(key.range(), item);
        if (old == null) {
            count++;
        } else {
            sizeBytes -= Items.size(old);
        }
        sizeBytes += Items.size(item);
        for (SecondaryIndex i : indexes.values()) {
            i.replace(old, item);
        }
        return old;
    }

    /** Removes the item under {@code key}; returns it, or null when there was none. */
    ObjectNode delete(Keys.PrimaryKey key) {
        TreeMap<KeyValue, ObjectNode> p = partitions.get(key.hash());
        if (p == null) {
            return null;
        }
        ObjectNode old = p.remove(key.range());
        if (old != null) {
            count--;
            sizeBytes -= Items.size(old);
            if (p.isEmpty()) {
                partitions.remove(key.hash());
            }
            for (SecondaryIndex i : indexes.values()) {
                i.replace(old, null);
            }
        }
        return old;
    }
}
