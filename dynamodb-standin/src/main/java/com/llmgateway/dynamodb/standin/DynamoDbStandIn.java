package com.llmgateway.dynamodb.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An open-source, DynamoDB-compatible engine on loopback, spoken to by the unmodified AWS SDKs over
 * DynamoDB's JSON wire protocol. In memory by default; with a data directory, every acknowledged
 * write survives a crash (see {@link Builder#dataDir}).
 *
 * <pre>{@code
 * try (DynamoDbStandIn db = DynamoDbStandIn.builder().start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(db.endpoint())...build();
 * }
 * }</pre>
 */
public final class DynamoDbStandIn implements AutoCloseable {
    private final Database db;
    private final HttpFront http;
    private final Faults faults = new Faults();
    private final ScheduledExecutorService sweeper;

    private DynamoDbStandIn(Builder b) throws IOException {
        Clock clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.db = new Database(b.dataDir, clock, b.compactBytes);
        Map<String, Operation> ops = new HashMap<>();
        new TableOps(db).register(ops);
        new ItemOps(db).register(ops);
        new BatchOps(db).register(ops);
        new QueryScan(db).register(ops);
        new Transactions(db, new Idempotency(clock)).register(ops);
        AccessPolicy policy = b.accessPolicy == null ? AccessPolicy.ALLOW_ALL : b.accessPolicy;
        Service service = new Service(Map.copyOf(ops), faults, new Stats(), policy, db);
        try {
            this.http = new HttpFront(b.port, service);
        } catch (IOException e) {
            db.close();
            throw e;
        }
        if (b.ttlSweepInterval != null && !b.ttlSweepInterval.isZero() && !b.ttlSweepInterval.isNegative()) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "standin-ttl-sweeper");
                t.setDaemon(true);
                return t;
            });
            long every = b.ttlSweepInterval.toMillis();
            sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        } else {
            sweeper = null;
        }
    }

    private void sweep() {
        try {
            db.expireNow();
        } catch (RuntimeException e) {
            // a failed sweep (a full disk) is retried at the next interval
        }
    }

    /** A builder with the defaults: a free port, in memory, the system clock, no TTL sweeper, no policy. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.port());
    }

    public int port() {
        return http.port();
    }

    /**
     * Deletes, now, every item whose table has TTL enabled and whose TTL attribute is a Number
     * (epoch seconds) at or before the clock's instant; returns how many.
     */
    public int expireNow() {
        return db.expireNow();
    }

    /** Fault injection, the same as {@code POST /_standin/faults}. */
    public Faults faults() {
        return faults;
    }

    /** Stops the server, then flushes and closes the data files. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        http.close();
        try {
            db.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configures and starts a {@link DynamoDbStandIn}. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private Clock clock;
        private Duration ttlSweepInterval;
        private AccessPolicy accessPolicy;
        private long compactBytes = DataLog.COMPACT_BYTES;

        private Builder() {
        }

        /** 0 (the default): a free loopback port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where the snapshot and the log live; null (the default): in memory, nothing written to disk. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Judges TTL expiry and the idempotency window; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How often to delete expired items on its own; null (the default): never (reads still return them). */
        public Builder ttlSweepInterval(Duration every) {
            this.ttlSweepInterval = every;
            return this;
        }

        /** Who may do what; unset: everything is allowed. */
        public Builder accessPolicy(AccessPolicy policy) {
            this.accessPolicy = policy;
            return this;
        }

        /** For tests: compact the log past this many bytes (default 64 MB). */
        Builder compactAfterBytes(long bytes) {
            this.compactBytes = bytes;
            return this;
        }

        /** Recovers the data directory (if any), binds the port and starts serving. */
        public DynamoDbStandIn start() {
            try {
                return new DynamoDbStandIn(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
