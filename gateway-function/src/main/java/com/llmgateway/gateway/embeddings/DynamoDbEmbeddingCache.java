package com.llmgateway.gateway.embeddings;

import com.llmgateway.core.store.Tables;
import com.llmgateway.gateway.cache.CacheControl;
import com.llmgateway.gateway.cache.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cached vectors in the cache table ({@code CACHE_TABLE}), beside the response cache's entries and
 * under the same TTL attribute, one item per text, read with BatchGetItem (100 keys a call) and
 * written with BatchWriteItem (25 items a call); unprocessed keys and items are retried a few
 * times. Item:
 * <pre>
 *   pk          S   CACHE#&lt;scope&gt;#EMB#&lt;key&gt;
 *   created_at  N   epoch milliseconds
 *   expires_at  N   epoch seconds (the table's TTL attribute)
 *   vector      B   little-endian float32, as OpenAI's base64 encoding carries it
 *   tokens      N   the input tokens billed for the text
 *   estimated   BOOL present (true) when Bedrock reported no count and the estimate stands
 * </pre>
 * A lookup checks {@code expires_at} itself: DynamoDB deletes expired items only eventually.
 */
public final class DynamoDbEmbeddingCache implements EmbeddingCache {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbEmbeddingCache.class);
    private static final int GET_BATCH = 100;
    private static final int WRITE_BATCH = 25;
    private static final int ATTEMPTS = 4;
    private static final String PK = Tables.spec(Tables.CACHE).hashKey();
    private static final String EXPIRES_AT = Objects.requireNonNull(Tables.spec(Tables.CACHE).ttlAttribute(),
            "cache table needs a TTL attribute");

    private final DynamoDbClient ddb;
    private final String cacheTable;

    public DynamoDbEmbeddingCache(DynamoDbClient ddb, String cacheTable) {
        this.ddb = Objects.requireNonNull(ddb, "ddb");
        this.cacheTable = Objects.requireNonNull(cacheTable, "cacheTable");
    }

    static String pk(String scope, String key) {
        return "CACHE#" + scope + "#EMB#" + key;
    }

    @Override
    public Map<String, Entry> lookup(String scope, List<String> keys, long maxAgeSeconds, Instant now) {
        Map<String, Entry> found = new HashMap<>();
        List<String> distinct = keys.stream().distinct().toList();
        try {
            for (int from = 0; from < distinct.size(); from += GET_BATCH) {
                List<Map<String, AttributeValue>> wanted = new ArrayList<>();
                for (String key : distinct.subList(from, Math.min(distinct.size(), from + GET_BATCH))) {
                    wanted.add(Map.of(PK, AttributeValue.fromS(pk(scope, key))));
                }
                for (int attempt = 1; !wanted.isEmpty() && attempt <= ATTEMPTS; attempt++) {
                    BatchGetItemResponse r = ddb.batchGetItem(b -> b.requestItems(Map.of(cacheTable,
                            KeysAndAttributes.builder().keys(wanted).consistentRead(true).build())));
                    for (Map<String, AttributeValue> item : r.responses().getOrDefault(cacheTable, List.of())) {
                        Entry e = entry(item, now, maxAgeSeconds);
                        if (e != null) {
                            String pk = item.get(PK).s();
                            found.put(pk.substring(pk.lastIndexOf('#') + 1), e);
                        }
                    }
                    KeysAndAttributes rest = r.unprocessedKeys().get(cacheTable);
                    wanted.clear();
                    if (rest != null && rest.hasKeys()) {
                        wanted.addAll(rest.keys());
                        pause(attempt);
                    }
                }
            }
        } catch (SdkException e) {
            LOG.warn("embedding cache lookup failed scope={} error={}", scope, e.getClass().getSimpleName());
            return Map.of();
        }
        return found;
    }

    /** The entry of an item that may be served, or null (expired, too old, or unreadable). */
    private static Entry entry(Map<String, AttributeValue> item, Instant now, long maxAgeSeconds) {
        try {
            long expires = Long.parseLong(item.get(EXPIRES_AT).n());
            Instant created = Instant.ofEpochMilli(Long.parseLong(item.get("created_at").n()));
            if (now.getEpochSecond() >= expires) {
                return null;
            }
            if (maxAgeSeconds != CacheControl.NO_MAX_AGE
                    && Math.max(0, java.time.Duration.between(created, now).toSeconds()) > maxAgeSeconds) {
                return null;
            }
            AttributeValue est = item.get("estimated");
            return new Entry(floats(item.get("vector").b().asByteArray()), Long.parseLong(item.get("tokens").n()),
                    est != null && Boolean.TRUE.equals(est.bool()), created);
        } catch (RuntimeException unreadable) {
            // An entry this code cannot read is a miss; the next call overwrites it.
            return null;
        }
    }

    @Override
    public StoreResult store(String scope, Map<String, Entry> entries, long ttlSeconds, Instant now) {
        List<WriteRequest> writes = new ArrayList<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put(PK, AttributeValue.fromS(pk(scope, e.getKey())));
            item.put("created_at", AttributeValue.fromN(Long.toString(now.toEpochMilli())));
            item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(now.getEpochSecond() + ttlSeconds)));
            item.put("vector", AttributeValue.fromB(SdkBytes.fromByteArray(bytes(e.getValue().vector()))));
            item.put("tokens", AttributeValue.fromN(Long.toString(e.getValue().tokens())));
            if (e.getValue().estimated()) {
                item.put("estimated", AttributeValue.fromBool(true));
            }
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        try {
            for (int from = 0; from < writes.size(); from += WRITE_BATCH) {
                List<WriteRequest> batch = new ArrayList<>(writes.subList(from, Math.min(writes.size(), from + WRITE_BATCH)));
                for (int attempt = 1; !batch.isEmpty(); attempt++) {
                    if (attempt > ATTEMPTS) {
                        LOG.warn("embedding cache store incomplete scope={} unprocessed={}", scope, batch.size());
                        return StoreResult.FAILED;
                    }
                    List<WriteRequest> send = batch;
                    BatchWriteItemResponse r = ddb.batchWriteItem(b -> b.requestItems(Map.of(cacheTable, send)));
                    batch = new ArrayList<>(r.unprocessedItems().getOrDefault(cacheTable, List.of()));
                    if (!batch.isEmpty()) {
                        pause(attempt);
                    }
                }
            }
            return entries.isEmpty() ? StoreResult.SKIPPED : StoreResult.STORED;
        } catch (SdkException e) {
            LOG.warn("embedding cache store failed scope={} items={} error={}", scope, writes.size(),
                    e.getClass().getSimpleName());
            return StoreResult.FAILED;
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Little-endian float32: the bytes of OpenAI's base64 embedding encoding. */
    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }
}
