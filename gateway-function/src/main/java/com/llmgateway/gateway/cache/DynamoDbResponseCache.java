package com.llmgateway.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The response cache in the DynamoDB cache table ({@code CACHE_TABLE}; hash key and TTL attribute
 * from {@code tables.json}). One item per entry:
 * <pre>
 *   pk          S     CACHE#&lt;scope&gt;#&lt;key hash&gt;    scope = team:&lt;teamId&gt; or shared
 *   created_at  N     epoch milliseconds
 *   expires_at  N     epoch seconds (the table's TTL attribute)
 *   compressed  BOOL  true when payload is gzip
 *   payload     S|B   the completion as compact JSON (S), or gzip of it (B) when the JSON is over 1 KiB
 * </pre>
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

    static final String CREATED_AT = "created_at";
    static final String COMPRESSED = "compressed";
    static final String PAYLOAD = "payload";

    private final DynamoDbClient ddb;
    private final String table;
    private final String pkName;
    private final String expiresAtName;

    public DynamoDbResponseCache(DynamoDbClient ddb, String tableName) {
        this.ddb = Objects.requireNonNull(ddb, "ddb");
        this.table = Objects.requireNonNull(tableName, "tableName");
        Tables.TableSpec spec = Tables.spec(Tables.CACHE);
        this.pkName = spec.hashKey();
        this.expiresAtName = Objects.requireNonNull(spec.ttlAttribute(), "cache table needs a TTL attribute");
    }

    /** The item key of an entry. */
    static String pk(String scope, CacheKey key) {
        return "CACHE#" + Objects.requireNonNull(scope, "scope") + "#" + key.hash();
    }

    @Override
    public Optional<CacheHit> lookup(String scope, CacheKey key, long maxAgeSeconds, Instant now) {
        GetItemResponse response;
        try {
            response = ddb.getItem(b -> b.tableName(table)
                    .key(Map.of(pkName, AttributeValue.fromS(pk(scope, key))))
                    .consistentRead(true));
        } catch (SdkException e) {
            LOG.warn("cache lookup failed scope={} error={}", scope, e.getClass().getSimpleName());
            throw new CacheUnavailableException("the response cache did not answer", e);
        }
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        try {
            long expiresAt = Long.parseLong(item.get(expiresAtName).n());
            if (now.getEpochSecond() >= expiresAt) {
                return Optional.empty(); // expired; DynamoDB's TTL deletion has not caught up yet
            }
            Instant createdAt = Instant.ofEpochMilli(Long.parseLong(item.get(CREATED_AT).n()));
            CacheHit hit = new CacheHit(CachedCompletion.fromJson(decode(item)), createdAt);
            if (maxAgeSeconds != CacheControl.NO_MAX_AGE && hit.ageSeconds(now) > maxAgeSeconds) {
                return Optional.empty();
            }
            return Optional.of(hit);
        } catch (RuntimeException unreadable) {
            // An entry this code cannot read (a bug or a hand-edited item) is a miss; the next
            // successful call overwrites it.
            LOG.warn("unreadable cache entry scope={} error={}", scope, unreadable.getClass().getSimpleName());
            return Optional.empty();
        }
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
        AttributeValue payload = compressed
                ? AttributeValue.fromB(SdkBytes.fromByteArray(gz))
                : AttributeValue.fromS(new String(json, StandardCharsets.UTF_8));
        long size = itemSize(pk, compressed ? gz.length : json.length);
        if (size > MAX_ITEM_BYTES) {
            LOG.info("cache entry not stored: too large scope={} model={} json_bytes={} item_bytes={}",
                    scope, completion.modelId(), json.length, size);
            return StoreResult.TOO_LARGE;
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(pkName, AttributeValue.fromS(pk));
        item.put(CREATED_AT, AttributeValue.fromN(Long.toString(now.toEpochMilli())));
        item.put(expiresAtName, AttributeValue.fromN(Long.toString(now.getEpochSecond() + ttlSeconds)));
        item.put(COMPRESSED, AttributeValue.fromBool(compressed));
        item.put(PAYLOAD, payload);
        try {
            ddb.putItem(b -> b.tableName(table).item(item));
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

    private JsonNode decode(Map<String, AttributeValue> item) {
        AttributeValue payload = item.get(PAYLOAD);
        AttributeValue flag = item.get(COMPRESSED);
        boolean compressed = flag != null && Boolean.TRUE.equals(flag.bool());
        try {
            return compressed
                    ? Json.MAPPER.readTree(gunzip(payload.b().asByteArray()))
                    : Json.MAPPER.readTree(payload.s());
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
