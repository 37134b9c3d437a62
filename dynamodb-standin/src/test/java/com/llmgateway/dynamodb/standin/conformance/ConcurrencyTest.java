package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Atomicity under concurrent clients: single-item conditional writes are linearizable, ADD is an
 * atomic counter, and a transaction is never seen half-applied.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.AtomicCounters
 */
class ConcurrencyTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private DynamoDbClient c() {
        return ddb.client();
    }

    private static <T> List<T> runAll(int threads, List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> fs = new ArrayList<>();
            for (Callable<T> t : tasks) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return t.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentConditionalCreatesOfOneItemHaveExactlyOneWinner() throws Exception {
        String t = ddb.hashTable("race_create");
        for (int round = 0; round < 10; round++) {
            String k = "item" + round;
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "w" + i;
                tasks.add(() -> {
                    try {
                        c().putItem(r -> r.tableName(t).item(item("pk", s(k), "owner", s(owner)))
                                .conditionExpression("attribute_not_exists(pk)"));
                        return true;
                    } catch (ConditionalCheckFailedException e) {
                        return false;
                    }
                });
            }
            List<Boolean> results = runAll(8, tasks);
            assertEquals(1, results.stream().filter(b -> b).count(), "exactly one winner for " + k);
            int winner = results.indexOf(true);
            assertEquals(s("w" + winner), c().getItem(r -> r.tableName(t).key(key(k))).item().get("owner"),
                    "the stored item is the winner's");
        }
    }

    @Test
    void addCountersFromManyThreadsSumExactly() throws Exception {
        String t = ddb.hashTable("race_add");
        int threads = 8;
        int perThread = 60;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tasks.add(() -> {
                for (int j = 0; j < perThread; j++) {
                    c().updateItem(r -> r.tableName(t).key(key("ctr")).updateExpression("ADD c :one, h :half")
                            .expressionAttributeValues(Map.of(":one", n(1), ":half", n("0.5"))));
                }
                return null;
            });
        }
        runAll(threads, tasks);
        Map<String, AttributeValue> got = c().getItem(r -> r.tableName(t).key(key("ctr"))).item();
        assertEquals(n(threads * perThread), got.get("c"));
        assertEquals(n(threads * perThread / 2), got.get("h"));
    }

    @Test
    void optimisticVersionUpdatesNeverLoseAWrite() throws Exception {
        String t = ddb.hashTable("race_version");
        c().putItem(r -> r.tableName(t).item(item("pk", s("doc"), "version", n(0), "log", Av.l())));
        AtomicInteger successes = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String who = "w" + i;
            tasks.add(() -> {
                for (int j = 0; j < 15; j++) {
                    var cur = c().getItem(r -> r.tableName(t).key(key("doc")).consistentRead(true)).item();
                    String v = cur.get("version").n();
                    try {
                        c().updateItem(r -> r.tableName(t).key(key("doc"))
                                .updateExpression("SET version = version + :one, #l = list_append(#l, :who)")
                                .conditionExpression("version = :v")
                                .expressionAttributeNames(Map.of("#l", "log"))
                                .expressionAttributeValues(Map.of(":one", n(1), ":v", n(v), ":who", Av.l(s(who)))));
                        successes.incrementAndGet();
                    } catch (ConditionalCheckFailedException e) {
                        // lost the race this time
                    }
                }
                return null;
            });
        }
        runAll(6, tasks);
        var doc = c().getItem(r -> r.tableName(t).key(key("doc"))).item();
        assertEquals(n(successes.get()), doc.get("version"));
        assertEquals(successes.get(), doc.get("log").l().size(), "every successful update kept its append");
        assertTrue(successes.get() > 0);
    }

    private static TransactWriteItem move(String t, String from, String to) {
        return TransactWriteItem.builder().update(Update.builder().tableName(t).key(key(from))
                .updateExpression("ADD bal :minus").conditionExpression("bal >= :one")
                .expressionAttributeValues(Map.of(":minus", n(-1), ":one", n(1))).build()).build();
    }

    private static TransactWriteItem credit(String t, String to) {
        return TransactWriteItem.builder().update(Update.builder().tableName(t).key(key(to))
                .updateExpression("ADD bal :one").expressionAttributeValues(Map.of(":one", n(1))).build()).build();
    }

    @Test
    void transactionsAreNeverSeenHalfApplied() throws Exception {
        String t = ddb.hashTable("race_tx");
        c().putItem(r -> r.tableName(t).item(item("pk", s("A"), "bal", n(50))));
        c().putItem(r -> r.tableName(t).item(item("pk", s("B"), "bal", n(50))));
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean aToB = i % 2 == 0;
            tasks.add(() -> {
                for (int j = 0; j < 40; j++) {
                    String from = aToB ? "A" : "B";
                    String to = aToB ? "B" : "A";
                    try {
                        c().transactWriteItems(r -> r.transactItems(move(t, from, to), credit(t, to)));
                    } catch (TransactionCanceledException e) {
                        // a balance ran dry or a conflict: nothing applied
                    }
                }
                return null;
            });
        }
        for (int i = 0; i < 2; i++) {
            tasks.add(() -> {
                for (int j = 0; j < 60; j++) {
                    var rs = c().transactGetItems(r -> r.transactItems(
                            TransactGetItem.builder().get(Get.builder().tableName(t).key(key("A")).build()).build(),
                            TransactGetItem.builder().get(Get.builder().tableName(t).key(key("B")).build()).build()))
                            .responses();
                    long sum = Long.parseLong(rs.get(0).item().get("bal").n()) + Long.parseLong(rs.get(1).item().get("bal").n());
                    reads.incrementAndGet();
                    if (sum != 100) {
                        torn.incrementAndGet();
                    }
                }
                return null;
            });
        }
        runAll(6, tasks);
        assertEquals(0, torn.get(), "reads that saw a half-applied transfer, of " + reads.get());
        long a = Long.parseLong(c().getItem(r -> r.tableName(t).key(key("A"))).item().get("bal").n());
        long b = Long.parseLong(c().getItem(r -> r.tableName(t).key(key("B"))).item().get("bal").n());
        assertEquals(100, a + b);
    }

    @Test
    void concurrentCreatesOfOneTableHaveExactlyOneWinner() throws Exception {
        String name = StandInExtension.uniqueName("race_table");
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(() -> {
                try {
                    c().createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                            .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                            .attributeDefinitions(d -> d.attributeName("pk").attributeType("S")));
                    return "created";
                } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException e) {
                    return "in use";
                }
            });
        }
        List<String> results = runAll(6, tasks);
        assertEquals(1, results.stream().filter("created"::equals).count(), results.toString());
        assertEquals(5, results.stream().filter("in use"::equals).count(), results.toString());
    }
}
