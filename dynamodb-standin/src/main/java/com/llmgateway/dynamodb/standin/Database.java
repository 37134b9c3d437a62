package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * All tables, under one engine-wide read/write lock: reads share it, every write (its condition
 * checks included) holds it exclusively, which makes each write and each transaction atomic and
 * linearizable. Mutations go to the log (when there is one) before memory, so what is answered is
 * on its way to disk.
 */
final class Database implements AutoCloseable {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Table> tables = new TreeMap<>();
    private final DataLog log;
    private final Clock clock;

    Database(Path dataDir, Clock clock) throws IOException {
        this(dataDir, clock, DataLog.COMPACT_BYTES);
    }

    Database(Path dataDir, Clock clock, long compactBytes) throws IOException {
        this.clock = clock;
        if (dataDir == null) {
            log = null;
            return;
        }
        log = new DataLog(dataDir, compactBytes);
        log.recover(this::replay);
        log.compact(this::dumpState); // start on a fresh snapshot: recovery never grows without bound
    }

    Clock clock() {
        return clock;
    }

    <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The table, or ResourceNotFoundException. Call under the lock. */
    Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw ApiException.resourceNotFound();
        }
        return t;
    }

    Table tableOrNull(String name) {
        return tables.get(name);
    }

    TreeSet<String> tableNames() {
        return new TreeSet<>(tables.keySet());
    }

    // ---- mutations (call with the write lock held) ----

    void createTable(TableSchema schema) {
        ObjectNode rec = Json.object();
        rec.put("c", "create");
        rec.set("schema", schema.toJson());
        boolean compact = logRecord(rec);
        tables.put(schema.name(), new Table(schema));
        compactIf(compact);
    }

    void dropTable(String name) {
        ObjectNode rec = Json.object();
        rec.put("c", "drop");
        rec.put("t", name);
        boolean compact = logRecord(rec);
        tables.remove(name);
        compactIf(compact);
    }

    void setTtl(String name, String attribute) {
        ObjectNode rec = Json.object();
        rec.put("c", "ttl");
        rec.put("t", name);
        rec.put("a", attribute);
        boolean compact = logRecord(rec);
        Table t = tables.get(name);
        t.schema(t.schema().withTtl(attribute));
        compactIf(compact);
    }

    /** Commits item writes as one all-or-nothing record. */
    void commit(List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        ObjectNode rec = Json.object();
        rec.put("c", "w");
        ArrayNode ops = rec.putArray("ops");
        writes.forEach(w -> ops.add(w.toJson()));
        boolean compact = logRecord(rec);
        writes.forEach(this::apply);
        compactIf(compact);
    }

    private void apply(Write w) {
        Table t = tables.get(w.table());
        if (w.put() != null) {
            t.put(w.put());
        } else {
            t.delete(Keys.ofStored(t.schema(), w.deleteKey()));
        }
    }

    /** Appends the record to the log (before the change is applied or acknowledged); true when the log wants compacting. */
    private boolean logRecord(ObjectNode rec) {
        if (log == null) {
            return false;
        }
        try {
            return log.append(rec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compacts once the logged change is applied in memory: a snapshot taken before would miss it,
     * and the compaction deletes the log that held it.
     */
    private void compactIf(boolean due) {
        if (!due) {
            return;
        }
        try {
            log.compact(this::dumpState);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void replay(ObjectNode rec) {
        switch (rec.get("c").asText()) {
            case "create" -> {
                TableSchema s = TableSchema.fromJson((ObjectNode) rec.get("schema"));
                tables.put(s.name(), new Table(s));
            }
            case "drop" -> tables.remove(rec.get("t").asText());
            case "ttl" -> {
                Table t = tables.get(rec.get("t").asText());
                JsonNode a = rec.get("a");
                t.schema(t.schema().withTtl(a == null || a.isNull() ? null : a.asText()));
            }
            case "w" -> rec.get("ops").forEach(op -> apply(Write.fromJson((ObjectNode) op)));
            default -> throw new IllegalStateException("unknown log record " + rec.get("c"));
        }
    }

    /** Records that rebuild the current state, for a snapshot. */
    private void dumpState(java.util.function.Consumer<ObjectNode> out) {
        for (Table t : tables.values()) {
            ObjectNode create = Json.object();
            create.put("c", "create");
            create.set("schema", t.schema().toJson());
            out.accept(create);
            ObjectNode batch = null;
            for (Map<KeyValue, ObjectNode> p : t.partitions().values()) {
                for (ObjectNode item : p.values()) {
                    if (batch == null) {
                        batch = Json.object();
                        batch.put("c", "w");
                        batch.putArray("ops");
                    }
                    ((ArrayNode) batch.get("ops")).add(Write.put(t.schema().name(), item).toJson());
                    if (batch.get("ops").size() >= 100) {
                        out.accept(batch);
                        batch = null;
                    }
                }
            }
            if (batch != null) {
                out.accept(batch);
            }
        }
    }

    /**
     * Deletes every item whose table has TTL enabled and whose TTL attribute is a Number of epoch
     * seconds at or before the clock's now. Returns how many.
     */
    int expireNow() {
        return write(() -> {
            BigDecimal now = BigDecimal.valueOf(clock.instant().getEpochSecond());
            List<Write> deletes = new ArrayList<>();
            for (Table t : tables.values()) {
                String attr = t.schema().ttlAttribute();
                if (attr == null) {
                    continue;
                }
                for (Map<KeyValue, ObjectNode> p : t.partitions().values()) {
                    for (ObjectNode item : p.values()) {
                        JsonNode v = item.get(attr);
                        if (v != null && v.has("N") && expired(v.get("N").asText(), now)) {
                            deletes.add(Write.delete(t.schema().name(), Keys.keyAttributes(t.schema(), item)));
                        }
                    }
                }
            }
            commit(deletes);
            return deletes.size();
        });
    }

    private static boolean expired(String n, BigDecimal now) {
        try {
            return new BigDecimal(n).compareTo(now) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            if (log != null) {
                log.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
