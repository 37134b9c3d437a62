package com.llmgateway.dynamodb.standin;

import static com.llmgateway.dynamodb.standin.StandInClients.key;
import static com.llmgateway.dynamodb.standin.StandInClients.n;
import static com.llmgateway.dynamodb.standin.StandInClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Single-item writes are linearizable and transactions all-or-nothing under 8 concurrent clients. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static DynamoDbStandIn db;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        db = DynamoDbStandIn.builder().start();
        client = StandInClients.client(db);
    }

    @AfterAll
    static void stop() {
        client.close();
        db.close();
    }

    private static <T> List<T> onThreads(Callable<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                fs.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void conditionalCreatesOfOneMissingItemHaveExactlyOneWinner() throws Exception {
        StandInClients.createTable(client, "claims", false);
        int keys = 40;
        AtomicInteger[] winners = new AtomicInteger[keys];
        for (int i = 0; i < keys; i++) {
            winners[i] = new AtomicInteger();
        }
        List<Integer> losses = onThreads(() -> {
            int lost = 0;
            String me = Thread.currentThread().getName();
            for (int k = 0; k < keys; k++) {
                String pk = "claim-" + k;
                try {
                    client.putItem(r -> r.tableName("claims").item(Map.of("pk", s(pk), "owner", s(me)))
                            .conditionExpression("attribute_not_exists(pk)"));
                    winners[k].incrementAndGet();
                } catch (ConditionalCheckFailedException e) {
                    lost++;
                }
            }
            return lost;
        });
        for (int k = 0; k < keys; k++) {
            assertEquals(1, winners[k].get(), "winners of claim-" + k);
        }
        assertEquals(keys * (THREADS - 1), losses.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void concurrentAddCountersSumExactly() throws Exception {
        StandInClients.createTable(client, "counters", false);
        int perThread = 150;
        onThreads(() -> {
            for (int i = 0; i < perThread; i++) {
                client.updateItem(r -> r.tableName("counters").key(key("c"))
                        .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n(1))));
            }
            return null;
        });
        assertEquals(Integer.toString(THREADS * perThread),
                client.getItem(r -> r.tableName("counters").key(key("c"))).item().get("hits").n());
    }

    @Test
    void aTransactionIsNeverHalfAppliedWhenOneConditionFails() throws Exception {
        StandInClients.createTable(client, "accounts", false);
        int accounts = 4;
        for (int i = 0; i < accounts; i++) {
            int id = i;
            client.putItem(r -> r.tableName("accounts").item(Map.of("pk", s("acct-" + id), "balance", n(100))));
        }
        client.putItem(r -> r.tableName("accounts").item(Map.of("pk", s("locked"), "state", s("locked"))));
        AtomicInteger committed = new AtomicInteger();
        onThreads(() -> {
            java.util.Random rnd = new java.util.Random(Thread.currentThread().getId());
            for (int i = 0; i < 60; i++) {
                int from = rnd.nextInt(accounts);
                int to = (from + 1 + rnd.nextInt(accounts - 1)) % accounts;
                int amount = 1 + rnd.nextInt(30);
                // Every other transfer also requires "locked" to be open, which it never is: those
                // must fail as a whole, leaving both balances untouched.
                boolean doomed = i % 2 == 1;
                List<TransactWriteItem> items = new ArrayList<>();
                items.add(TransactWriteItem.builder().update(u -> u.tableName("accounts").key(key("acct-" + from))
                        .updateExpression("SET balance = balance - :a").conditionExpression("balance >= :a")
                        .expressionAttributeValues(Map.of(":a", n(amount)))).build());
                items.add(TransactWriteItem.builder().update(u -> u.tableName("accounts").key(key("acct-" + to))
                        .updateExpression("SET balance = balance + :a")
                        .expressionAttributeValues(Map.of(":a", n(amount)))).build());
                if (doomed) {
                    items.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName("accounts").key(key("locked"))
                            .conditionExpression("#s = :open").expressionAttributeNames(Map.of("#s", "state"))
                            .expressionAttributeValues(Map.of(":open", s("open")))).build());
                }
                try {
                    client.transactWriteItems(r -> r.transactItems(items));
                    committed.incrementAndGet();
                    assertTrue(!doomed, "a doomed transaction committed");
                } catch (TransactionCanceledException e) {
                    assertTrue(e.cancellationReasons().stream().anyMatch(c -> "ConditionalCheckFailed".equals(c.code())));
                }
            }
            return null;
        });
        long total = 0;
        for (int i = 0; i < accounts; i++) {
            int id = i;
            long b = Long.parseLong(client.getItem(r -> r.tableName("accounts").key(key("acct-" + id))).item().get("balance").n());
            assertTrue(b >= 0, "balance went negative: " + b);
            total += b;
        }
        assertEquals(100L * accounts, total, "money was created or destroyed");
        assertTrue(committed.get() > 0, "no transfer committed at all");
    }
}
