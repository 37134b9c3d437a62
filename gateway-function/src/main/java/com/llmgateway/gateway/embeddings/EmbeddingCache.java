package com.llmgateway.gateway.embeddings;

import com.llmgateway.gateway.cache.StoreResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Cached vectors, one entry per text: an embedding is a function of the model, the size, the
 * normalisation, the input type and the text, so a hit is exact, and a batch can be answered
 * partly from the cache. Scoped like the response cache ({@code team:<id>} or {@code shared}).
 */
public interface EmbeddingCache {

    /**
     * The entries present for these keys that may be served at {@code now} (unexpired, at most
     * {@code maxAgeSeconds} old; {@link com.llmgateway.gateway.cache.CacheControl#NO_MAX_AGE} for no
     * limit), by key. A store fault is an empty answer with the failure logged, never an exception.
     */
    Map<String, Entry> lookup(String scope, List<String> keys, long maxAgeSeconds, Instant now);

    /** Writes the entries; never throws for a store fault. */
    StoreResult store(String scope, Map<String, Entry> entries, long ttlSeconds, Instant now);

    /**
     * One cached vector.
     *
     * @param tokens    the input tokens Bedrock billed for the text (or the estimate, when it reported none)
     * @param createdAt when the entry was stored (null before it is)
     */
    record Entry(float[] vector, long tokens, boolean estimated, Instant createdAt) {
    }
}
