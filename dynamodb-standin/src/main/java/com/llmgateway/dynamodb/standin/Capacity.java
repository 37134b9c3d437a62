package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read and write request units one call consumes, per table and per secondary index, metered
 * as DynamoDB on-demand bills them (developer guide, "DynamoDB read and write operations" and
 * "Global secondary indexes: provisioned throughput considerations"):
 * <ul>
 *   <li>item size = attribute names + values ({@link Items#size});</li>
 *   <li>a read: 1 unit per 4 KB started, strongly consistent; eventually consistent half of that; a
 *       transactional read twice; a read of an absent item still the minimum;</li>
 *   <li>Query and Scan: the sizes of every item read (before the filter, whatever the projection)
 *       summed, then rounded up to 4 KB once; BatchGetItem: each item rounded up on its own;</li>
 *   <li>a write: 1 unit per 1 KB started of the larger of the item before and after (a delete: the
 *       item deleted; at least 1); a transactional write twice; a conditional write whose condition
 *       fails still consumes the size of the existing item (at least 1);</li>
 *   <li>each secondary index the write touches: one write of the entry put into it, one of the
 *       entry deleted from it, both when the index key changes, one of the larger entry when only
 *       projected attributes change, nothing when the item is in neither image or its entry is
 *       unchanged.</li>
 * </ul>
 * One instance per call, filled under the engine lock; {@link Service} turns it into the response's
 * {@code ConsumedCapacity} and adds it to the stats.
 */
final class Capacity {
    static final long READ_UNIT_BYTES = 4096;
    static final long WRITE_UNIT_BYTES = 1024;

    /** Units on one table or index. */
    static final class Units {
        double read;
        double write;

        double total() {
            return read + write;
        }

        void add(Units o) {
            read += o.read;
            write += o.write;
        }

        ObjectNode toJson() {
            ObjectNode n = Json.object();
            n.put("CapacityUnits", total());
            if (read > 0) {
                n.put("ReadCapacityUnits", read);
            }
            if (write > 0) {
                n.put("WriteCapacityUnits", write);
            }
            return n;
        }
    }

    /** One table's units: the table itself and each index by name. */
    static final class TableUnits {
        final Units table = new Units();
        final Map<String, Units> globalIndexes = new TreeMap<>();
        final Map<String, Units> localIndexes = new TreeMap<>();

        Units total() {
            Units t = new Units();
            t.add(table);
            globalIndexes.values().forEach(t::add);
            localIndexes.values().forEach(t::add);
            return t;
        }
    }

    /** In the order the call first touched each table, as DynamoDB lists them. */
    private final Map<String, TableUnits> tables = new LinkedHashMap<>();

    Map<String, TableUnits> tables() {
        return tables;
    }

    boolean isEmpty() {
        return tables.isEmpty();
    }

    private TableUnits of(String table) {
        return tables.computeIfAbsent(table, k -> new TableUnits());
    }

    private Units target(String table, SecondaryIndex index) {
        TableUnits t = of(table);
        if (index == null) {
            return t.table;
        }
        return (index.schema().local() ? t.localIndexes : t.globalIndexes)
                .computeIfAbsent(index.schema().name(), k -> new Units());
    }

    // ---- the rules ----

    /** Read units for {@code bytes} read at once: 1 per 4 KB started, at least 1; eventually consistent half. */
    static double readUnits(long bytes, boolean consistent) {
        long units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return consistent ? units : units / 2.0;
    }

    /** Write units for an item of {@code bytes}: 1 per 1 KB started, at least 1. */
    static long writeUnits(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    private static long size(ObjectNode item) {
        return item == null ? 0 : Items.size(item);
    }

    // ---- metering ----

    /** A read of {@code bytes} on the table or one of its indexes (null: the table). */
    void read(String table, SecondaryIndex index, double units) {
        target(table, index).read += units;
    }

    /** A GetItem-like read of one item (null when absent): strongly or eventually consistent, times {@code factor}. */
    void readItem(String table, ObjectNode item, boolean consistent, int factor) {
        read(table, null, factor * readUnits(size(item), consistent));
    }

    /**
     * A write that changed {@code old} into {@code now} (either may be null) on table {@code t}: the
     * table write times {@code factor} (2 in a transaction), plus each index's writes.
     */
    void itemWrite(Table t, ObjectNode old, ObjectNode now, int factor) {
        String name = t.schema().name();
        of(name).table.write += factor * writeUnits(Math.max(size(old), size(now)));
        for (SecondaryIndex i : t.indexes().values()) {
            long units = indexWriteUnits(i, old, now);
            if (units > 0) {
                target(name, i).write += units;
            }
        }
    }

    /** A conditional write whose condition failed: the size of the existing item, at least 1, and no index write. */
    void failedWrite(String table, ObjectNode old) {
        of(table).table.write += writeUnits(size(old));
    }

    /** A transaction's ConditionCheck that passed: a transactional write of the checked item's size. */
    void conditionCheck(String table, ObjectNode old) {
        of(table).table.write += 2 * writeUnits(size(old));
    }

    /** The index writes for one item change (developer guide, "Global secondary indexes", writes). */
    static long indexWriteUnits(SecondaryIndex index, ObjectNode old, ObjectNode now) {
        ObjectNode before = old == null ? null : index.entryOf(old);
        ObjectNode after = now == null ? null : index.entryOf(now);
        if (before == null && after == null) {
            return 0;
        }
        if (before == null) {
            return writeUnits(size(after));
        }
        if (after == null) {
            return writeUnits(size(before));
        }
        if (!index.sameIndexKey(old, now)) {
            return writeUnits(size(before)) + writeUnits(size(after));
        }
        if (before.equals(after)) {
            return 0;
        }
        return writeUnits(Math.max(size(before), size(after)));
    }

    /** Adds another call's units (a copy kept by the stats). */
    void add(Capacity other) {
        other.tables.forEach((name, u) -> {
            TableUnits mine = of(name);
            mine.table.add(u.table);
            u.globalIndexes.forEach((i, v) -> mine.globalIndexes.computeIfAbsent(i, k -> new Units()).add(v));
            u.localIndexes.forEach((i, v) -> mine.localIndexes.computeIfAbsent(i, k -> new Units()).add(v));
        });
    }

    // ---- the response ----

    /**
     * The value of ReturnConsumedCapacity: NONE (or absent), TOTAL or INDEXES; anything else is
     * refused as DynamoDB refuses it.
     */
    static String mode(ObjectNode req) {
        String rcc = Json.text(req, "ReturnConsumedCapacity");
        if (rcc == null || rcc.equals("NONE")) {
            return null;
        }
        if (!rcc.equals("TOTAL") && !rcc.equals("INDEXES")) {
            throw ApiException.validation("1 validation error detected: Value '" + Echo.cut(rcc) + "' at "
                    + "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[INDEXES, TOTAL, NONE]");
        }
        return rcc;
    }

    /**
     * {@code ConsumedCapacity} for the response in {@code mode} (TOTAL or INDEXES): one object, or
     * for the batch and transaction operations a list with one object per table.
     */
    JsonNode response(String mode, boolean list) {
        boolean indexes = "INDEXES".equals(mode);
        if (!list) {
            Map.Entry<String, TableUnits> only = tables.entrySet().iterator().next();
            return tableJson(only.getKey(), only.getValue(), indexes);
        }
        ArrayNode a = Json.array();
        tables.forEach((name, u) -> a.add(tableJson(name, u, indexes)));
        return a;
    }

    private static ObjectNode tableJson(String name, TableUnits u, boolean indexes) {
        ObjectNode n = Json.object();
        n.put("TableName", name);
        n.setAll(u.total().toJson());
        if (indexes) {
            n.set("Table", u.table.toJson());
            if (!u.globalIndexes.isEmpty()) {
                ObjectNode g = n.putObject("GlobalSecondaryIndexes");
                u.globalIndexes.forEach((i, v) -> g.set(i, v.toJson()));
            }
            if (!u.localIndexes.isEmpty()) {
                ObjectNode l = n.putObject("LocalSecondaryIndexes");
                u.localIndexes.forEach((i, v) -> l.set(i, v.toJson()));
            }
        }
        return n;
    }

    /** A short echo of caller input in a message. */
    private static final class Echo {
        static String cut(String s) {
            return s.length() <= 64 ? s : s.substring(0, 64) + "...";
        }
    }
}
