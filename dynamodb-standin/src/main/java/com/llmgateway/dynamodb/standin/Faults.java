package com.llmgateway.dynamodb.standin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fault injection, shared by the Java API and {@code POST /_standin/faults}. Each injected fault
 * answers the next {@code times} matching requests (optionally narrowed to one operation and/or one
 * table); a latency delays every matching request until cleared. The {@code /_standin/} endpoints
 * themselves are never affected, so an outage can always be cleared over the wire.
 */
public final class Faults {
    /** One armed fault; {@code remaining < 0} means until cleared. */
    private static final class Rule {
        final Fault fault;
        final String operation;
        final String table;
        int remaining;

        Rule(Fault fault, int remaining, String operation, String table) {
            this.fault = fault;
            this.remaining = remaining;
            this.operation = operation;
            this.table = table;
        }

        boolean matches(String op, List<String> tables) {
            return (operation == null || operation.equals(op)) && (table == null || tables.contains(table));
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean armed;

    Faults() {
    }

    /**
     * Arms {@code fault} for the next {@code times} matching requests ({@code times <= 0}: until
     * cleared). {@code operation} (e.g. "TransactWriteItems") and {@code table} narrow it; null
     * matches any.
     */
    public synchronized Faults inject(Fault fault, int times, String operation, String table) {
        rules.add(new Rule(fault, times <= 0 ? -1 : times, operation, table));
        armed = true;
        return this;
    }

    /** Arms {@code fault} for the next {@code times} requests of any operation and table. */
    public Faults inject(Fault fault, int times) {
        return inject(fault, times, null, null);
    }

    /** Delays every request by {@code delay} (zero or null: no delay). */
    public Faults latency(Duration delay) {
        latency = delay == null ? Duration.ZERO : delay;
        return this;
    }

    /** While on, every request's connection is closed with no answer. */
    public synchronized Faults outage(boolean on) {
        rules.removeIf(r -> r.fault == Fault.OUTAGE);
        if (on) {
            inject(Fault.OUTAGE, -1, null, null);
        }
        armed = !rules.isEmpty();
        return this;
    }

    /** Disarms every fault and the latency. */
    public synchronized Faults clear() {
        rules.clear();
        latency = Duration.ZERO;
        armed = false;
        return this;
    }

    Duration latency() {
        return latency;
    }

    /** The fault that answers this request, consuming one of its times; null for none. */
    Fault take(String operation, List<String> tables) {
        if (!armed) {
            return null; // the common path takes no lock
        }
        synchronized (this) {
            for (int i = 0; i < rules.size(); i++) {
                Rule r = rules.get(i);
                if (r.matches(operation, tables)) {
                    if (r.remaining > 0 && --r.remaining == 0) {
                        rules.remove(i);
                        armed = !rules.isEmpty();
                    }
                    return r.fault;
                }
            }
            return null;
        }
    }
}
