package com.llmgateway.dynamodb.standin;

import static com.llmgateway.dynamodb.standin.StandInClients.key;
import static com.llmgateway.dynamodb.standin.StandInClients.n;
import static com.llmgateway.dynamodb.standin.StandInClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** TTL is judged by the injected clock only: never on its own by default, on purpose when asked. */
class TtlTest {
    private final StandInClients.MutableClock clock = new StandInClients.MutableClock(Instant.ofEpochSecond(1_000_000));

    private void seed(DynamoDbClient c) {
        StandInClients.createTable(c, "sessions", false);
        c.updateTimeToLive(r -> r.tableName("sessions").timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        long now = clock.instant().getEpochSecond();
        c.putItem(r -> r.tableName("sessions").item(Map.of("pk", s("past"), "expiresAt", n(now - 10))));
        c.putItem(r -> r.tableName("sessions").item(Map.of("pk", s("now"), "expiresAt", n(now))));
        c.putItem(r -> r.tableName("sessions").item(Map.of("pk", s("soon"), "expiresAt", n(now + 60))));
        c.putItem(r -> r.tableName("sessions").item(Map.of("pk", s("text"), "expiresAt", s("0"))));
        c.putItem(r -> r.tableName("sessions").item(Map.of("pk", s("none"))));
    }

    private static boolean exists(DynamoDbClient c, String pk) {
        return c.getItem(r -> r.tableName("sessions").key(key(pk))).hasItem();
    }

    @Test
    void expiredItemsStayReadableUntilExpireNowDeletesThem() throws Exception {
        try (DynamoDbStandIn db = DynamoDbStandIn.builder().clock(clock).start(); DynamoDbClient c = StandInClients.client(db)) {
            seed(c);
            assertEquals(TimeToLiveStatus.ENABLED,
                    c.describeTimeToLive(r -> r.tableName("sessions")).timeToLiveDescription().timeToLiveStatus());
            assertTrue(exists(c, "past"), "an expired item is still returned until deleted");
            assertEquals(2, db.expireNow());
            assertFalse(exists(c, "past"));
            assertFalse(exists(c, "now"));
            assertTrue(exists(c, "soon"));
            assertTrue(exists(c, "text"), "a non-Number TTL attribute never expires");
            assertTrue(exists(c, "none"));

            clock.advance(Duration.ofSeconds(61));
            assertTrue(exists(c, "soon"));
            assertEquals("{\"deleted\":1}", StandInClients.control(db, "/_standin/expire", "{}"));
            assertFalse(exists(c, "soon"));
            assertEquals(0, db.expireNow());
        }
    }

    @Test
    void theSweeperDeletesExpiredItemsWhenEnabled() throws Exception {
        try (DynamoDbStandIn db = DynamoDbStandIn.builder().clock(clock).ttlSweepInterval(Duration.ofMillis(20)).start();
                DynamoDbClient c = StandInClients.client(db)) {
            seed(c);
            awaitGone(c, "past");
            assertTrue(exists(c, "soon"));
            clock.advance(Duration.ofMinutes(5));
            awaitGone(c, "soon");
            assertTrue(exists(c, "none"));
        }
    }

    @Test
    void withoutASweeperNothingExpiresOnItsOwn() throws Exception {
        try (DynamoDbStandIn db = DynamoDbStandIn.builder().clock(clock).start(); DynamoDbClient c = StandInClients.client(db)) {
            seed(c);
            clock.advance(Duration.ofDays(365));
            Thread.sleep(100);
            assertTrue(exists(c, "past"));
            assertTrue(exists(c, "soon"));
        }
    }

    private static void awaitGone(DynamoDbClient c, String pk) throws InterruptedException {
        // Generous: the point is that the sweeper runs by itself, not how fast.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (exists(c, pk)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(pk + " was never swept");
            }
            Thread.sleep(10);
        }
    }
}
