package com.llmgateway.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.llmgateway.core.store.DynamoDbClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The response cache in the DynamoDB cache table ({@code CACHE_TABLE}), one item per entry, read
 * and written through the enhanced client (item format and schema in {@link CacheEntryItem}).
 * Payloads over 1 KiB are gzip-compressed when that makes them smaller.
 * DynamoDB deletes expired items only eventually (often hours later), so a lookup checks
 * {@code expires_at} itself and never serves an expired entry. Lookups are strongly consistent
 * reads, so an answer stored a moment ago is a hit at once.
 */
public final class DynamoDbResponseCache implements ResponseCacheStore {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbResponseCache.class);

    /** DynamoDB's item limit: attribute names and values together. */
    static final int MAX_ITEM_BYTES = 400 * 1024;
    /** Payloads larger than this are gzip-compressed. */
    static final int COMPRESS_ABOVE_BYTES = 1024;
    /** An upper bound of a DynamoDB number's stored size (1 byte per two digits, plus one). */
    private static final int MAX_NUMBER_BYTES = 21;

    static final String CREATED_AT = CacheEntryItem.CREATED_AT;
    static final String COMPRESSED = CacheEntryItem.COMPRESSED;
    static final String PAYLOAD = CacheEntryItem.PAYLOAD;

    private final DynamoDbTable<CacheEntryItem> entries;
    private final String pkName = CacheEntryItem.PK;
    private final String expiresAtName = CacheEntryItem.EXPIRES_AT;

    /** A cache with an enhanced client of its own; a sandbox that has one passes it to the other constructor. */
    public DynamoDbResponseCache(DynamoDbClient ddb, String tableName) {
        this(DynamoDbClients.enhanced(Objects.requireNonNull(ddb, "ddb")), tableName);
    }

    public DynamoDbResponseCache(DynamoDbEnhancedClient enhanced, String cacheTable) {
        this.entries = enhanced.table(Objects.requireNonNull(cacheTable, "cacheTable"), CacheEntryItem.SCHEMA);
    }

    /** The item key of an entry. */
    static String pk(String scope, CacheKey key) {
        return "CACHE#" + Objects.requireNonNull(scope, "scope") + "#" + key.hash();
    }

    @Override
    public Optional<CacheHit> lookup(String scope, CacheKey key, long maxAgeSeconds, Instant now) {
        CacheEntryItem item;
        try {
            item = entries.getItem(b -> b.key(CacheEntryItem.key(pk(scope, key))).consistentRead(true));
        } catch (SdkException e) {
            LOG.warn("cache lookup failed scope={} error={}", scope, e.getClass().getSimpleName());
            throw new CacheUnavailableException("the response cache did not answer", e);
        } catch (RuntimeException unmappable) {
            return unreadable(scope, unmappable);
        }
        if (item == null) {
            return Optional.empty();
        }
        try {
            if (now.getEpochSecond() >= item.expiresAtSeconds()) {
                return Optional.empty(); // expired; DynamoDB's TTL deletion has not caught up yet
            }
            Instant createdAt = Instant.ofEpochMilli(item.createdAtMillis());
            CacheHit hit = new CacheHit(CachedCompletion.fromJson(decode(item)), createdAt,
                    Instant.ofEpochSecond(item.expiresAtSeconds()));
            if (maxAgeSeconds != CacheControl.NO_MAX_AGE && hit.ageSeconds(now) > maxAgeSeconds) {
                return Optional.empty();
            }
            return Optional.of(hit);
        } catch (RuntimeException unreadable) {
            return unreadable(scope, unreadable);
        }
    }

    // An entry this code cannot read (a bug or a hand-edited item) is a miss; the next successful
    // call overwrites it.
    private static Optional<CacheHit> unreadable(String scope, RuntimeException e) {
        LOG.warn("unreadable cache entry scope={} error={}", scope, e.getClass().getSimpleName());
        return Optional.empty();
    }

    @Override
    public StoreResult store(String scope, CacheKey key, CachedCompletion completion, long ttlSeconds, Instant now) {
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("ttlSeconds must be positive");
        }
        String pk = pk(scope, key);
        byte[] json = completion.toJsonBytes();
        byte[] gz = json.length > COMPRESS_ABOVE_BYTES ? gzip(json) : null;
        boolean compressed = gz != null && gz.length < json.length;
        long size = itemSize(pk, compressed ? gz.length : json.length);
        if (size > MAX_ITEM_BYTES) {
            LOG.info("cache entry not stored: too large scope={} model={} json_bytes={} item_bytes={}",
                    scope, completion.modelId(), json.length, size);
            return StoreResult.TOO_LARGE;
        }
        CacheEntryItem item = new CacheEntryItem(pk, now.toEpochMilli(), now.getEpochSecond() + ttlSeconds, compressed,
                compressed ? gz : json);
        try {
            entries.putItem(item);
            return StoreResult.STORED;
        } catch (SdkException e) {
            LOG.warn("cache store failed scope={} model={} item_bytes={} error={}",
                    scope, completion.modelId(), size, e.getClass().getSimpleName());
            return StoreResult.FAILED;
        }
    }

    /** The item's size as DynamoDB counts it (names plus values), numbers at their largest. */
    private long itemSize(String pk, int payloadBytes) {
        return utf8(pkName) + utf8(pk)
                + utf8(CREATED_AT) + MAX_NUMBER_BYTES
                + utf8(expiresAtName) + MAX_NUMBER_BYTES
                + utf8(COMPRESSED) + 1
                + utf8(PAYLOAD) + (long) payloadBytes;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode decode(CacheEntryItem item) {
        try {
            return item.compressed()
                    ? Json.MAPPER.readTree(gunzip(item.payload()))
                    : Json.MAPPER.readTree(item.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
