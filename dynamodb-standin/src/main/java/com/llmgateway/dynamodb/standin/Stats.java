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
        return n;
    }
}
