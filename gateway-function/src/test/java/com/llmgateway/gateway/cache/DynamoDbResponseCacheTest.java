package com.llmgateway.gateway.cache;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.core.store.Tables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DynamoDB adapter against the DynamoDB stand-in over HTTP with the real SDK client. */
class DynamoDbResponseCacheTest {

    private static LocalDynamoDb local;
    private static DynamoDbClient ddb;
    private static String table;
    private static DynamoDbResponseCache cache;

    private static final String SCOPE = "team:search";
    /** Real time, so that the store never sees an entry as expired while a test reads it raw. */
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void startDynamoDb() throws Exception {
        local = new LocalDynamoDb();
        ddb = local.client;
        table = Tables.createAll(ddb, "cache-store-test-").get("CACHE_TABLE");
        cache = new DynamoDbResponseCache(ddb, table);
    }

    @AfterAll
    static void stopDynamoDb() throws Exception {
        local.close();
    }

    static CacheKey randomKey() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Long.toString(System.nanoTime() ^ new Random().nextLong())
                    .getBytes(StandardCharsets.UTF_8));
            return new CacheKey(HexFormat.of().formatHex(d));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CachedCompletion completion(String content) {
        return new CachedCompletion(List.of(new ContentBlock.Text(content)), "end_turn", new TokenUsage(12, 34, 5, 0),
                "us.amazon.nova-micro-v1:0", "amazon", new BigDecimal("0.0000054320"));
    }

    private Map<String, AttributeValue> rawItem(String scope, CacheKey key) {
        return ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbResponseCache.pk(scope, key))))).item();
    }

    @Test
    void a_stored_completion_is_served_back_unchanged() {
        CacheKey key = randomKey();
        CachedCompletion original = new CachedCompletion(List.of(new ContentBlock.Text("Let me look."),
                new ContentBlock.ToolUse("call_1", "get_weather", Json.parse("{\"city\":\"Paris\"}"))),
                "tool_use", new TokenUsage(100, 20, 3, 4),
                "us.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic", new BigDecimal("0.000212500"));

        assertEquals(StoreResult.STORED, cache.store(SCOPE, key, original, 600, t0));
        Optional<CacheHit> hit = cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0.plusSeconds(5));

        assertTrue(hit.isPresent());
        assertEquals(original, hit.get().completion());
        assertEquals(t0, hit.get().createdAt());
        assertEquals(5, hit.get().ageSeconds(t0.plusSeconds(5)));
        Map<String, AttributeValue> item = rawItem(SCOPE, key);
        assertEquals(Long.toString(t0.toEpochMilli()), item.get("created_at").n());
        assertEquals(Long.toString(t0.getEpochSecond() + 600), item.get("expires_at").n());
    }

    @Test
    void the_stored_item_is_the_golden_attribute_map() {
        CacheKey key = randomKey();
        CachedCompletion c = completion("golden");
        assertEquals(StoreResult.STORED, cache.store(SCOPE, key, c, 600, t0));
        Map<String, AttributeValue> golden = Map.of(
                "pk", AttributeValue.fromS("CACHE#" + SCOPE + "#" + key.hash()),
                "created_at", AttributeValue.fromN(Long.toString(t0.toEpochMilli())),
                "expires_at", AttributeValue.fromN(Long.toString(t0.getEpochSecond() + 600)),
                "compressed", AttributeValue.fromBool(false),
                "payload", AttributeValue.fromS(new String(c.toJsonBytes(), StandardCharsets.UTF_8)));
        assertEquals(golden, rawItem(SCOPE, key));
    }

    @Test
    void an_unknown_key_is_a_miss() {
        assertEquals(Optional.empty(), cache.lookup(SCOPE, randomKey(), CacheControl.NO_MAX_AGE, t0));
    }

    @Test
    void an_entry_past_expires_at_is_never_served_even_while_dynamodb_still_holds_it() {
        // expires_at is an hour after the real clock, so no engine's TTL deletion (under DYNAMODB_ENDPOINT)
        // can remove it during the test, while the lookups' clock (the test's) is moved past it
        CacheKey key = randomKey();
        cache.store(SCOPE, key, completion("hi"), 3600, t0);

        assertTrue(cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0.plusSeconds(3599)).isPresent());
        assertEquals(Optional.empty(), cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0.plusSeconds(3600)));
        assertEquals(Optional.empty(), cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0.plusSeconds(7200)));
        assertFalse(rawItem(SCOPE, key).isEmpty(), "the item is still in the table; only the check keeps it out");
    }

    @Test
    void an_item_written_with_a_past_expires_at_is_not_served() {
        // Written already expired, and so long ago that TTL deletion passes it over: DynamoDB's TTL only deletes
        // items whose expires_at lies within the last five years (and the stand-in deletes nothing unless asked).
        // The item stays in the table, so only the adapter's own expiry check can keep it from being served.
        CacheKey key = randomKey();
        Instant longAgo = t0.minus(Duration.ofDays(6 * 366));
        cache.store(SCOPE, key, completion("stale"), 60, longAgo);
        assertEquals(Long.toString(longAgo.getEpochSecond() + 60), rawItem(SCOPE, key).get("expires_at").n());

        assertEquals(Optional.empty(), cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0));
        assertFalse(rawItem(SCOPE, key).isEmpty(), "the expired item is still in the table; only the check kept it out");
    }

    @Test
    void max_age_serves_only_entries_young_enough() {
        CacheKey key = randomKey();
        cache.store(SCOPE, key, completion("hi"), 3600, t0);
        Instant later = t0.plusSeconds(30);

        assertTrue(cache.lookup(SCOPE, key, 60, later).isPresent());
        assertTrue(cache.lookup(SCOPE, key, 30, later).isPresent());
        assertEquals(Optional.empty(), cache.lookup(SCOPE, key, 29, later));
    }

    @Test
    void a_small_completion_is_stored_as_plain_json() {
        CacheKey key = randomKey();
        cache.store(SCOPE, key, completion("short"), 600, t0);
        Map<String, AttributeValue> item = rawItem(SCOPE, key);
        assertEquals(false, item.get("compressed").bool());
        assertEquals("short", Json.parse(item.get("payload").s()).path("content").path(0).path("text").asText());
    }

    @Test
    void a_200_kb_completion_is_compressed_and_read_back_whole() {
        StringBuilder text = new StringBuilder();
        Random random = new Random(7);
        while (text.length() < 200 * 1024) {
            text.append("Paragraph ").append(random.nextInt(1000)).append(": the gateway answers from its cache. ");
        }
        CacheKey key = randomKey();
        CachedCompletion big = completion(text.toString());

        assertEquals(StoreResult.STORED, cache.store(SCOPE, key, big, 600, t0));

        Map<String, AttributeValue> item = rawItem(SCOPE, key);
        assertEquals(true, item.get("compressed").bool());
        assertNotNull(item.get("payload").b());
        assertTrue(item.get("payload").b().asByteArray().length < text.length() / 3,
                "gzip should shrink repetitive text well below the original");
        assertEquals(big, cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0).orElseThrow().completion());
    }

    @Test
    void an_incompressible_completion_over_the_item_limit_is_refused_as_too_large() {
        byte[] noise = new byte[550 * 1024];
        new Random(11).nextBytes(noise);
        String incompressible = Base64.getEncoder().encodeToString(noise); // ~733 KB, gzip leaves ~560 KB
        CacheKey key = randomKey();

        assertEquals(StoreResult.TOO_LARGE, cache.store(SCOPE, key, completion(incompressible), 600, t0));
        assertTrue(rawItem(SCOPE, key).isEmpty());
        assertEquals(CacheMetrics.STORE_TOO_LARGE, StoreResult.TOO_LARGE.metric());
    }

    @Test
    void an_incompressible_completion_that_fits_the_item_limit_is_stored() {
        byte[] noise = new byte[280 * 1024];
        new Random(13).nextBytes(noise);
        String text = Base64.getEncoder().encodeToString(noise); // ~373 KB, gzip ~285 KB
        CacheKey key = randomKey();

        assertEquals(StoreResult.STORED, cache.store(SCOPE, key, completion(text), 600, t0));
        assertEquals(text, cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0).orElseThrow()
                .completion().text());
    }

    @Test
    void a_second_store_replaces_the_entry() {
        CacheKey key = randomKey();
        cache.store(SCOPE, key, completion("first"), 600, t0);
        cache.store(SCOPE, key, completion("second"), 600, t0.plusSeconds(1));
        CacheHit hit = cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0.plusSeconds(2)).orElseThrow();
        assertEquals("second", hit.completion().text());
        assertEquals(1, hit.ageSeconds(t0.plusSeconds(2)));
    }

    @Test
    void scopes_do_not_see_each_others_entries() {
        CacheKey key = randomKey();
        cache.store("team:alpha", key, completion("alpha's answer"), 600, t0);
        assertTrue(cache.lookup("team:alpha", key, CacheControl.NO_MAX_AGE, t0).isPresent());
        assertEquals(Optional.empty(), cache.lookup("team:beta", key, CacheControl.NO_MAX_AGE, t0));
        assertEquals(Optional.empty(), cache.lookup("shared", key, CacheControl.NO_MAX_AGE, t0));
    }

    @Test
    void an_unreadable_entry_is_a_miss() {
        CacheKey key = randomKey();
        ddb.putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(DynamoDbResponseCache.pk(SCOPE, key)),
                "created_at", AttributeValue.fromN(Long.toString(t0.toEpochMilli())),
                "expires_at", AttributeValue.fromN(Long.toString(t0.getEpochSecond() + 600)),
                "compressed", AttributeValue.fromBool(false),
                "payload", AttributeValue.fromS("{not json"))));
        assertEquals(Optional.empty(), cache.lookup(SCOPE, key, CacheControl.NO_MAX_AGE, t0));
    }

    @Test
    void a_failed_write_is_reported_as_failed_not_thrown() {
        DynamoDbResponseCache missingTable = new DynamoDbResponseCache(ddb, "no-such-cache-table");
        assertEquals(StoreResult.FAILED, missingTable.store(SCOPE, randomKey(), completion("x"), 600, t0));
        assertEquals(CacheMetrics.STORE_FAILURES, StoreResult.FAILED.metric());
    }

    @Test
    void a_failed_lookup_throws_cache_unavailable_without_the_sdk_message() {
        DynamoDbResponseCache missingTable = new DynamoDbResponseCache(ddb, "no-such-cache-table");
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class,
                () -> missingTable.lookup(SCOPE, randomKey(), CacheControl.NO_MAX_AGE, t0));
        assertEquals("the response cache did not answer", e.getMessage());
    }
}
