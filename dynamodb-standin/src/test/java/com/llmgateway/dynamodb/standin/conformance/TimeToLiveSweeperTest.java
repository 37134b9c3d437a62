package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The optional TTL sweeper deletes expired items on its own, judged by the injected clock. */
class TimeToLiveSweeperTest {
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)); // from the real clock; the test moves it

    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension(
            b -> b.clock(CLOCK).ttlSweepInterval(Duration.ofMillis(50)));

    @Test
    void theSweeperDeletesExpiredItemsAndKeepsTheOthers() throws InterruptedException {
        var c = ddb.client();
        String t = ddb.hashTable("sweep");
        c.updateTimeToLive(r -> r.tableName(t).timeToLiveSpecification(x -> x.enabled(true).attributeName("exp")));
        long now = CLOCK.instant().getEpochSecond();
        c.putItem(r -> r.tableName(t).item(item("pk", s("live"), "exp", n(now + 3600))));
        c.putItem(r -> r.tableName(t).item(item("pk", s("dead"), "exp", n(now - 3600))));
        // Generous deadline: the bound is on the sweeper running at all, not on the machine's speed.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (c.getItem(r -> r.tableName(t).key(key("dead"))).hasItem() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertFalse(c.getItem(r -> r.tableName(t).key(key("dead"))).hasItem(), "swept");
        assertTrue(c.getItem(r -> r.tableName(t).key(key("live"))).hasItem(), "not yet expired");
    }
}
