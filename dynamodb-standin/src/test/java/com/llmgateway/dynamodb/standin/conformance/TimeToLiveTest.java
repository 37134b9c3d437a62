package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Time to live as DynamoDB documents it: expired items stay readable until deleted (deletion is a
 * background process with no deadline), and deletion judges expiry by epoch seconds in a Number.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
 */
class TimeToLiveTest {
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)); // from the real clock; the test moves it

    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension(b -> b.clock(CLOCK));

    private DynamoDbClient c() {
        return ddb.client();
    }

    private long nowSeconds() {
        return CLOCK.instant().getEpochSecond();
    }

    private String ttlTable(String hint) {
        String t = ddb.hashTable(hint);
        c().updateTimeToLive(r -> r.tableName(t).timeToLiveSpecification(x -> x.enabled(true).attributeName("exp")));
        return t;
    }

    private boolean exists(String t, String pk) {
        return c().getItem(r -> r.tableName(t).key(key(pk))).hasItem();
    }

    @Test
    void anItemLongPastItsTtlIsStillReadable() {
        // "Items that have expired, but haven't yet been deleted by TTL, still appear in reads,
        // queries, and scans." (howitworks-ttl)
        String t = ttlTable("ttl_readable");
        long past = nowSeconds() - Duration.ofDays(30).toSeconds();
        c().putItem(r -> r.tableName(t).item(item("pk", s("old"), "exp", n(past))));
        assertTrue(exists(t, "old"));
        assertEquals(1, c().scan(r -> r.tableName(t)).count());
        assertEquals(1, c().query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("old")))).count());
    }

    @Test
    void expireNowDeletesExactlyTheExpiredItemsByTheInjectedClock() {
        String t = ttlTable("ttl_expire");
        long now = nowSeconds();
        c().putItem(r -> r.tableName(t).item(item("pk", s("past"), "exp", n(now - 3600))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("future"), "exp", n(now + 86_400))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("none"))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("string"), "exp", s(Long.toString(now - 3600)))));
        int deleted = ddb.standIn().expireNow();
        assertTrue(deleted >= 1, "at least this table's expired item: " + deleted);
        assertFalse(exists(t, "past"));
        assertTrue(exists(t, "future"));
        assertTrue(exists(t, "none"), "no TTL attribute: never expires");
        assertTrue(exists(t, "string"), "a TTL attribute that is not a Number is ignored");
        CLOCK.advance(Duration.ofDays(2));
        ddb.standIn().expireNow();
        assertFalse(exists(t, "future"), "expired once the clock passed it");
        assertTrue(exists(t, "none"));
    }

    @Test
    void tablesWithoutTtlEnabledKeepTheirItems() {
        String t = ddb.hashTable("ttl_off");
        c().putItem(r -> r.tableName(t).item(item("pk", s("old"), "exp", n(nowSeconds() - 3600))));
        ddb.standIn().expireNow();
        assertTrue(exists(t, "old"));
    }

    @Test
    void ttlAttributeNameIsTheOneEnabled() {
        String t = ttlTable("ttl_name");
        c().putItem(r -> r.tableName(t).item(item("pk", s("other"), "expiresAt", n(nowSeconds() - 3600))));
        ddb.standIn().expireNow();
        assertTrue(exists(t, "other"), "only the attribute named in UpdateTimeToLive counts");
    }

    @Test
    void expireOverTheWireAnswersHowManyWereDeleted() {
        String t = ttlTable("ttl_wire");
        ddb.standIn().expireNow(); // clear what other tests left expired
        long now = nowSeconds();
        c().putItem(r -> r.tableName(t).item(item("pk", s("a"), "exp", n(now - 10))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("b"), "exp", n(now - 20))));
        var resp = ddb.control("POST", "/_standin/expire", "{}");
        assertEquals(200, resp.statusCode());
        String body = new String(resp.body(), StandardCharsets.UTF_8).replace(" ", "");
        assertTrue(body.contains("\"deleted\":2"), body);
        assertFalse(exists(t, "a"));
        assertFalse(exists(t, "b"));
    }
}
