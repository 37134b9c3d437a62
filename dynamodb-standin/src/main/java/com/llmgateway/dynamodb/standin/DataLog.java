package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The on-disk form of the database: {@code snapshot.json} (a full state, replaced only by atomic
 * rename) plus {@code log-<generation>.jsonl}, an append-only log of the records committed since
 * that snapshot. Each record is one JSON line written with a single write call before the request
 * is answered, so a killed process loses no acknowledged write; the OS, not fsync, is trusted with
 * the bytes (as the spec asks). A torn last line (a crash mid-write) is ignored on recovery.
 *
 * <p>The snapshot's first line names the log generation that continues it, so a crash between
 * writing a snapshot and starting its log never replays records twice.
 */
final class DataLog implements AutoCloseable {
    static final String SNAPSHOT = "snapshot.json";
    /** The log size past which it is compacted into a new snapshot. */
    static final long COMPACT_BYTES = 64L * 1024 * 1024;

    private final Path dir;
    private final long compactBytes;
    private long generation;
    private FileChannel channel;
    private long written;

    DataLog(Path dir, long compactBytes) {
        this.dir = dir;
        this.compactBytes = compactBytes;
    }

    /** Reads the snapshot and the log into {@code apply}; returns how many log records there were. */
    int recover(Consumer<ObjectNode> apply) throws IOException {
        Files.createDirectories(dir);
        Path snap = dir.resolve(SNAPSHOT);
        generation = 1;
        if (Files.exists(snap)) {
            List<ObjectNode> lines = readLines(snap, false);
            if (!lines.isEmpty() && lines.get(0).has("generation")) {
                generation = lines.get(0).get("generation").asLong();
            }
            for (int i = 1; i < lines.size(); i++) {
                apply.accept(lines.get(i));
            }
        }
        Path log = logPath(generation);
        int n = 0;
        if (Files.exists(log)) {
            for (ObjectNode record : readLines(log, true)) {
                apply.accept(record);
                n++;
            }
        }
        return n;
    }

    private Path logPath(long gen) {
        return dir.resolve("log-" + gen + ".jsonl");
    }

    /** Parses JSON lines; for the log, a last line that is cut off or unparseable is dropped. */
    private static List<ObjectNode> readLines(Path file, boolean tolerateTornTail) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<ObjectNode> out = new ArrayList<>();
        int start = 0;
        while (start < all.length) {
            int end = start;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            boolean last = end >= all.length - 1;
            boolean complete = end < all.length;
            try {
                if (!complete) {
                    throw new IOException("no newline");
                }
                JsonNode n = Json.MAPPER.readTree(all, start, end - start);
                if (n != null && n.isObject()) {
                    out.add((ObjectNode) n);
                }
            } catch (IOException e) {
                if (!(tolerateTornTail && last)) {
                    throw new IOException("corrupt record in " + file + " at byte " + start, e);
                }
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * Writes {@code state} (records that rebuild the whole database) as the new snapshot and starts
     * a fresh log generation; the old log is deleted once the snapshot is in place.
     */
    void compact(Consumer<Consumer<ObjectNode>> state) throws IOException {
        long next = generation + 1;
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
            ObjectNode meta = Json.object();
            meta.put("generation", next);
            writeLine(out, meta);
            try {
                state.accept(record -> {
                    try {
                        writeLine(out, record);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.flush();
            ch.force(true); // the snapshot replaces the log, so it must be on disk before the rename
        }
        Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long old = generation;
        generation = next;
        if (channel != null) {
            channel.close();
        }
        openLog();
        Files.deleteIfExists(logPath(old));
    }

    private static void writeLine(OutputStream out, ObjectNode record) throws IOException {
        out.write(Json.bytes(record));
        out.write('\n');
    }

    private void openLog() throws IOException {
        // A fresh generation: anything left under this name (a torn earlier attempt) is void.
        channel = FileChannel.open(logPath(generation), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        written = 0;
    }

    /** Appends one record with one write; returns true when the log has grown enough to compact. */
    boolean append(ObjectNode record) throws IOException {
        byte[] json = Json.bytes(record);
        ByteBuffer buf = ByteBuffer.allocate(json.length + 1);
        buf.put(json).put((byte) '\n').flip();
        while (buf.hasRemaining()) {
            written += channel.write(buf);
        }
        return written > compactBytes;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
