package com.llmgateway.gateway.cache;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;
import com.llmgateway.core.team.CachePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache as the chat pipeline drives it: team policy and Cache-Control resolved into a decision,
 * a canonical key, and the DynamoDB stand-in behind it.
 */
class ResponseCacheTest {

    private static LocalDynamoDb local;
    private static DynamoDbClient ddb;
    private static String table;
    private static ResponseCache cache;
    private static ModelInfo nova;

    private static final long DEFAULT_TTL = 3600;
    private static final CachePolicy PRIVATE = new CachePolicy(true, 600, false);
    private static final CachePolicy SHARED = new CachePolicy(true, 600, true);

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void startDynamoDb() throws Exception {
        local = new LocalDynamoDb();
        ddb = local.client;
        table = Tables.createAll(ddb, "response-cache-test-").get("CACHE_TABLE");
        cache = new ResponseCache(new DynamoDbResponseCache(ddb, table));
        nova = ModelCatalog.load(Map.of()).resolve("nova-micro").orElseThrow();
    }

    @AfterAll
    static void stopDynamoDb() throws Exception {
        local.close();
    }

    /** A request no other test sends, so tests never meet each other's entries. */
    private static CacheKey uniqueRequestKey() {
        String body = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"q-" + System.nanoTime() + "\"}]}";
        return CacheKey.of(new com.llmgateway.gateway.chat.ChatRequest("nova-micro", nova, java.util.List.of(),
                java.util.List.of(com.llmgateway.gateway.model.ModelMessage.user("q-" + System.nanoTime())), null, null,
                null, java.util.List.of(), null));
    }

    private static CacheDecision decide(String teamId, CachePolicy policy, String header) {
        return CacheDecision.resolve(teamId, policy, header, DEFAULT_TTL);
    }

    private boolean itemExists(String scope, CacheKey key) {
        return !ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbResponseCache.pk(scope, key))))).item().isEmpty();
    }

    @Test
    void same_request_twice_is_a_miss_then_a_hit_with_the_same_completion_and_an_age() {
        CacheKey key = uniqueRequestKey();
        CacheDecision d = decide("search", PRIVATE, null);
        CachedCompletion answer = DynamoDbResponseCacheTest.completion("Paris.");

        CacheLookup first = cache.lookup(d, key, t0);
        assertEquals(CacheStatus.MISS, first.status());
        assertEquals(Map.of("x-gateway-cache", "MISS"), first.headers(t0));
        assertEquals(CacheMetrics.MISSES, first.metric());
        assertEquals(StoreResult.STORED, cache.store(d, key, answer, t0));

        Instant later = t0.plusSeconds(12);
        CacheLookup second = cache.lookup(d, key, later);
        assertEquals(CacheStatus.HIT, second.status());
        assertEquals(answer, second.hit().completion());
        assertEquals(Map.of("x-gateway-cache", "HIT", "age", "12"), second.headers(later));
        assertEquals(CacheMetrics.HITS, second.metric());
    }

    @Test
    void the_ttl_of_the_team_policy_decides_when_an_entry_stops_being_served() {
        CacheKey key = uniqueRequestKey();
        CacheDecision d = decide("search", PRIVATE, null); // ttl 600
        cache.store(d, key, DynamoDbResponseCacheTest.completion("x"), t0);

        assertTrue(cache.lookup(d, key, t0.plusSeconds(599)).isHit());
        assertEquals(CacheStatus.MISS, cache.lookup(d, key, t0.plusSeconds(600)).status());
    }

    @Test
    void no_store_neither_reads_nor_writes() {
        CacheKey key = uniqueRequestKey();
        cache.store(decide("search", PRIVATE, null), key, DynamoDbResponseCacheTest.completion("old"), t0);
        CacheDecision noStore = decide("search", PRIVATE, "no-store");

        CacheLookup lookup = cache.lookup(noStore, key, t0);
        assertEquals(CacheStatus.BYPASS, lookup.status());
        assertNull(lookup.hit());
        assertEquals(CacheMetrics.BYPASSES, lookup.metric());

        CacheKey fresh = uniqueRequestKey();
        assertEquals(StoreResult.SKIPPED, cache.store(noStore, fresh, DynamoDbResponseCacheTest.completion("new"), t0));
        assertFalse(itemExists("team:search", fresh));
    }

    @Test
    void no_cache_skips_the_lookup_but_refreshes_the_entry() {
        CacheKey key = uniqueRequestKey();
        CacheDecision normal = decide("search", PRIVATE, null);
        cache.store(normal, key, DynamoDbResponseCacheTest.completion("old"), t0);
        CacheDecision noCache = decide("search", PRIVATE, "no-cache");

        assertEquals(CacheStatus.BYPASS, cache.lookup(noCache, key, t0.plusSeconds(1)).status());
        assertEquals(StoreResult.STORED, cache.store(noCache, key, DynamoDbResponseCacheTest.completion("new"), t0.plusSeconds(1)));

        CacheLookup after = cache.lookup(normal, key, t0.plusSeconds(2));
        assertEquals("new", after.hit().completion().text());
    }

    @Test
    void max_age_turns_an_old_entry_into_a_miss() {
        CacheKey key = uniqueRequestKey();
        cache.store(decide("search", PRIVATE, null), key, DynamoDbResponseCacheTest.completion("x"), t0);
        Instant later = t0.plusSeconds(120);

        assertEquals(CacheStatus.MISS, cache.lookup(decide("search", PRIVATE, "max-age=60"), key, later).status());
        assertEquals(CacheStatus.HIT, cache.lookup(decide("search", PRIVATE, "max-age=300"), key, later).status());
    }

    @Test
    void a_disabled_team_policy_bypasses_the_cache() {
        CacheKey key = uniqueRequestKey();
        cache.store(decide("search", PRIVATE, null), key, DynamoDbResponseCacheTest.completion("x"), t0);
        CacheDecision off = decide("search", new CachePolicy(false, 600, false), null);

        assertEquals(CacheStatus.BYPASS, cache.lookup(off, key, t0).status());
        assertEquals(StoreResult.SKIPPED, cache.store(off, uniqueRequestKey(), DynamoDbResponseCacheTest.completion("y"), t0));
    }

    @Test
    void a_team_never_receives_another_teams_entry() {
        CacheKey key = uniqueRequestKey();
        cache.store(decide("alpha", PRIVATE, null), key, DynamoDbResponseCacheTest.completion("alpha's answer"), t0);

        assertTrue(cache.lookup(decide("alpha", PRIVATE, null), key, t0).isHit());
        assertEquals(CacheStatus.MISS, cache.lookup(decide("beta", PRIVATE, null), key, t0).status());
        assertEquals(CacheStatus.MISS, cache.lookup(decide("gamma", SHARED, null), key, t0).status());
    }

    @Test
    void only_teams_that_opted_in_read_and_write_the_shared_space() {
        CacheKey key = uniqueRequestKey();
        cache.store(decide("alpha", SHARED, null), key, DynamoDbResponseCacheTest.completion("shared answer"), t0);

        assertTrue(itemExists("shared", key));
        assertFalse(itemExists("team:alpha", key), "an opted-in team writes the shared space, not its own");
        CacheLookup other = cache.lookup(decide("beta", SHARED, null), key, t0);
        assertEquals("shared answer", other.hit().completion().text());

        assertEquals(CacheStatus.MISS, cache.lookup(decide("private-team", PRIVATE, null), key, t0).status());

        CacheKey own = uniqueRequestKey();
        cache.store(decide("private-team", PRIVATE, null), own, DynamoDbResponseCacheTest.completion("mine"), t0);
        assertFalse(itemExists("shared", own), "a team that has not opted in never writes the shared space");
        assertEquals(CacheStatus.MISS, cache.lookup(decide("alpha", SHARED, null), own, t0).status());
    }

    @Test
    void a_lookup_the_store_cannot_answer_is_a_counted_miss_not_an_error() {
        ResponseCache broken = new ResponseCache(new DynamoDbResponseCache(ddb, "no-such-cache-table"));
        CacheLookup lookup = broken.lookup(decide("search", PRIVATE, null), uniqueRequestKey(), t0);

        assertEquals(CacheStatus.MISS, lookup.status());
        assertTrue(lookup.failed());
        assertEquals(CacheMetrics.LOOKUP_FAILURES, lookup.metric());
        assertEquals(StoreResult.FAILED,
                broken.store(decide("search", PRIVATE, null), uniqueRequestKey(), DynamoDbResponseCacheTest.completion("x"), t0));
    }
}
