package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request counters per operation, and the engine's own time per call (from the parsed request to
 * the serialized answer, measured inside the server) over the last {@value #WINDOW} calls of each
 * operation, for {@code GET /_standin/stats}.
 */
final class Stats {
    static final int WINDOW = 8192;

    /** One operation's counter and recent timings. */
    private static final class Op {
        final AtomicLong count = new AtomicLong();
        final long[] nanos = new long[WINDOW];
        long next;

        synchronized void record(long ns) {
            nanos[(int) (next++ % WINDOW)] = ns;
        }

        synchronized long[] samples() {
            return Arrays.copyOf(nanos, (int) Math.min(next, WINDOW));
        }

        synchronized void reset() {
            next = 0;
        }
    }

    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Op> ops = new ConcurrentHashMap<>();
    /** Request units consumed, per operation (each holding its tables and indexes), since start or the last reset. */
    private final Map<String, Capacity> consumed = new TreeMap<>();

    synchronized void consumed(String operation, Capacity used) {
        if (!used.isEmpty()) {
            consumed.computeIfAbsent(operation, k -> new Capacity()).add(used);
        }
    }

    synchronized void resetCapacity() {
        consumed.clear();
    }

    /**
     * {@code {"read_units":…,"write_units":…,"by_table":{t:{"read_units","write_units","by_operation":{op:{…}},
     * "indexes":{i:{…}}}}}}: the table figures include their indexes' units, as the bill does.
     */
    synchronized ObjectNode capacityJson() {
        ObjectNode n = Json.object();
        double[] total = new double[2];
        TreeMap<String, ObjectNode> byTable = new TreeMap<>();
        consumed.forEach((op, cap) -> cap.tables().forEach((table, u) -> {
            Capacity.Units all = u.total();
            ObjectNode t = byTable.computeIfAbsent(table, k -> {
                ObjectNode x = Json.object();
                x.put("read_units", 0.0);
                x.put("write_units", 0.0);
                x.putObject("by_operation");
                x.putObject("indexes");
                return x;
            });
            t.put("read_units", t.get("read_units").asDouble() + all.read);
            t.put("write_units", t.get("write_units").asDouble() + all.write);
            ((ObjectNode) t.get("by_operation")).set(op, units(all));
            ObjectNode idx = (ObjectNode) t.get("indexes");
            java.util.Map<String, Capacity.Units> indexes = new TreeMap<>(u.globalIndexes);
            indexes.putAll(u.localIndexes);
            indexes.forEach((i, v) -> {
                ObjectNode e = idx.has(i) ? (ObjectNode) idx.get(i) : idx.putObject(i).put("read_units", 0.0).put("write_units", 0.0);
                e.put("read_units", e.get("read_units").asDouble() + v.read);
                e.put("write_units", e.get("write_units").asDouble() + v.write);
            });
            total[0] += all.read;
            total[1] += all.write;
        }));
        n.put("read_units", total[0]);
        n.put("write_units", total[1]);
        ObjectNode tables = n.putObject("by_table");
        byTable.forEach(tables::set);
        return n;
    }

    private static ObjectNode units(Capacity.Units u) {
        return Json.object().put("read_units", u.read).put("write_units", u.write);
    }

    void count(String operation) {
        requests.incrementAndGet();
        ops.computeIfAbsent(operation, k -> new Op()).count.incrementAndGet();
    }

    void time(String operation, long nanos) {
        ops.computeIfAbsent(operation, k -> new Op()).record(nanos);
    }

    void resetTimings() {
        ops.values().forEach(Op::reset);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("requests", requests.get());
        ObjectNode by = n.putObject("by_operation");
        ObjectNode times = n.putObject("engine_micros");
        new TreeMap<>(ops).forEach((name, op) -> {
            by.put(name, op.count.get());
            long[] s = op.samples();
            if (s.length > 0) {
                Arrays.sort(s);
                ObjectNode t = times.putObject(name);
                t.put("samples", s.length);
                t.put("p50", s[s.length / 2] / 1000.0);
                t.put("p99", s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1000.0);
                t.put("mean", Arrays.stream(s).average().orElse(0) / 1000.0);
            }
        });
        n.set("consumed_capacity", capacityJson());
        return n;
    }
}
