package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A global or local secondary index kept in step with its table on every write. Only items that carry
 * both index key attributes with the declared types are indexed (a sparse index, as in DynamoDB).
 * Within one index partition entries sort by the index sort key, then by the table's primary key,
 * so that equal index sort keys still page deterministically.
 */
final class SecondaryIndex {
    /** An entry's position inside an index partition. */
    record Position(KeyValue range, KeyValue tableHash, KeyValue tableRange) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = range.compareTo(o.range);
            if (c == 0) {
                c = tableHash.compareTo(o.tableHash);
            }
            return c != 0 ? c : tableRange.compareTo(o.tableRange);
        }
    }

    private final IndexSchema schema;
    private final TableSchema table;
    private final Set<String> projected;
    private final TreeMap<KeyValue, TreeMap<Position, ObjectNode>> partitions = new TreeMap<>();
    private long count;

    SecondaryIndex(IndexSchema schema, TableSchema table) {
        this.schema = schema;
        this.table = table;
        Set<String> p = new HashSet<>();
        p.add(table.hash().name());
        if (table.range() != null) {
            p.add(table.range().name());
        }
        p.add(schema.hash().name());
        if (schema.range() != null) {
            p.add(schema.range().name());
        }
        if (schema.nonKeyAttributes() != null) {
            p.addAll(schema.nonKeyAttributes());
        }
        this.projected = p;
    }

    IndexSchema schema() {
        return schema;
    }

    long count() {
        return count;
    }

    NavigableMap<KeyValue, TreeMap<Position, ObjectNode>> partitions() {
        return partitions;
    }

    /** Replaces {@code old} (may be null) by {@code now} (may be null) in the index. */
    void replace(ObjectNode old, ObjectNode now) {
        if (old != null) {
            KeyValue h = indexHash(old);
            if (h != null) {
                TreeMap<Position, ObjectNode> part = partitions.get(h);
                if (part != null && part.remove(position(old)) != null) {
                    count--;
                    if (part.isEmpty()) {
                        partitions.remove(h);
                    }
                }
            }
        }
        if (now != null) {
            KeyValue h = indexHash(now);
            Position pos = h == null ? null : position(now);
            if (pos != null) {
                if (partitions.computeIfAbsent(h, k -> new TreeMap<>()).put(pos, project(now)) == null) {
                    count++;
                }
            }
        }
    }

    private KeyValue indexHash(ObjectNode item) {
        JsonNode v = item.get(schema.hash().name());
        if (v == null || !String.valueOf(schema.hash().type()).equals(Keys.typeOf(v))) {
            return null;
        }
        return KeyValue.of((ObjectNode) v, schema.hash().type());
    }

    /** The entry's position, or null when the item lacks a usable index sort key. */
    Position position(ObjectNode item) {
        KeyValue r = KeyValue.NONE;
        if (schema.range() != null) {
            JsonNode v = item.get(schema.range().name());
            if (v == null || !String.valueOf(schema.range().type()).equals(Keys.typeOf(v))) {
                return null;
            }
            r = KeyValue.of((ObjectNode) v, schema.range().type());
        }
        Keys.PrimaryKey pk = Keys.ofStored(table, item);
        return new Position(r, pk.hash(), pk.range());
    }

    /** The entry {@code item} has in this index (its projection), or null when the index does not hold it. */
    ObjectNode entryOf(ObjectNode item) {
        return indexHash(item) == null || position(item) == null ? null : project(item);
    }

    /** Whether two images of one item carry the same index key attributes. */
    boolean sameIndexKey(ObjectNode a, ObjectNode b) {
        if (!java.util.Objects.equals(a.get(schema.hash().name()), b.get(schema.hash().name()))) {
            return false;
        }
        return schema.range() == null || java.util.Objects.equals(a.get(schema.range().name()), b.get(schema.range().name()));
    }

    ObjectNode project(ObjectNode item) {
        if ("ALL".equals(schema.projectionType())) {
            return item;
        }
        ObjectNode out = Json.object();
        item.properties().forEach(e -> {
            if (projected.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** The attributes an index entry carries, for Select=ALL_PROJECTED_ATTRIBUTES checks. */
    boolean projects(String attribute) {
        return "ALL".equals(schema.projectionType()) || projected.contains(attribute);
    }

    /** LastEvaluatedKey for an entry: the table's key plus the index's key. */
    ObjectNode lastKey(ObjectNode entry) {
        ObjectNode k = Keys.keyAttributes(table, entry);
        k.set(schema.hash().name(), entry.get(schema.hash().name()));
        if (schema.range() != null) {
            k.set(schema.range().name(), entry.get(schema.range().name()));
        }
        return k;
    }
}
