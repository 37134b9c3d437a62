package com.llmgateway.gateway.cache;

import com.llmgateway.gateway.model.ContentBlock;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cache entries this sandbox stored or read lately, least recently used first out, within a
 * budget of bytes ({@code CACHE_MEMORY_MB}). Only a copy: the cache table stays the truth that
 * every sandbox shares, and an entry here is served under the same rules as one read from it (never
 * past its expiry, never older than the request's {@code max-age}), so a hit from memory and a hit
 * from the table cannot be told apart but by their speed.
 */
final class MemoryCache {

    /** What a kept entry costs beyond its text: the key, the record, the map's node. */
    private static final long ENTRY_OVERHEAD_BYTES = 512;

    private record Entry(CacheHit hit, long bytes) {
    }

    private final long maxBytes;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    MemoryCache(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /** The entry if it may be served at {@code now}; an expired one is dropped. */
    synchronized Optional<CacheHit> get(String scope, CacheKey key, long maxAgeSeconds, Instant now) {
        String k = name(scope, key);
        Entry e = entries.get(k);
        if (e == null) {
            return Optional.empty();
        }
        if (!now.isBefore(e.hit().expiresAt())) {
            remove(k);
            return Optional.empty();
        }
        if (maxAgeSeconds != CacheControl.NO_MAX_AGE && e.hit().ageSeconds(now) > maxAgeSeconds) {
            return Optional.empty();
        }
        return Optional.of(e.hit());
    }

    /**
     * Keeps the entry (replacing one under the same scope and key), then drops the least recently
     * used until the total fits. An entry without an expiry, or larger than an eighth of the budget,
     * is not kept: one answer must not empty the memory of all the others.
     */
    synchronized void put(String scope, CacheKey key, CacheHit hit) {
        if (hit.expiresAt() == null) {
            return;
        }
        long size = estimate(scope, key, hit.completion());
        if (size > maxBytes / 8) {
            return;
        }
        String k = name(scope, key);
        remove(k);
        entries.put(k, new Entry(hit, size));
        bytes += size;
        for (Iterator<Entry> it = entries.values().iterator(); bytes > maxBytes && it.hasNext();) {
            bytes -= it.next().bytes();
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private void remove(String k) {
        Entry old = entries.remove(k);
        if (old != null) {
            bytes -= old.bytes();
        }
    }

    private static String name(String scope, CacheKey key) {
        return scope + "#" + key.hash();
    }

    /** Bytes on the heap, roughly: two per character of text and of tool-call arguments, plus a fixed overhead. */
    static long estimate(String scope, CacheKey key, CachedCompletion c) {
        long chars = scope.length() + key.hash().length() + c.modelId().length()
                + (c.provider() == null ? 0 : c.provider().length()) + (c.stopReason() == null ? 0 : c.stopReason().length());
        for (ContentBlock b : c.content()) {
            chars += switch (b) {
                case ContentBlock.Text t -> t.text().length();
                case ContentBlock.ToolUse u -> u.id().length() + u.name().length() + u.input().toString().length() * 2L;
                case ContentBlock.ToolResult r -> 0;
            };
        }
        return ENTRY_OVERHEAD_BYTES + 2 * chars + 64L * c.content().size();
    }
}
