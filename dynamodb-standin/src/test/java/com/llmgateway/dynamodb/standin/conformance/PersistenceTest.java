package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.l;
import static com.llmgateway.dynamodb.standin.conformance.Av.m;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static com.llmgateway.dynamodb.standin.conformance.Av.ss;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** With a data dir, everything acknowledged survives a restart; the stand-in's own durability contract. */
class PersistenceTest {
    static final Path DIR = tempDir();

    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension(b -> b.dataDir(DIR));

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("standin-conformance-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeDir() throws IOException {
        if (Files.exists(DIR)) {
            try (Stream<Path> walk = Files.walk(DIR)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private void restart() {
        ddb.stop();
        ddb.start();
    }

    @Test
    void tablesItemsIndexesAndTtlSurviveRestarts() {
        String t = StandInExtension.uniqueName("durable");
        var c = ddb.client();
        c.createTable(r -> r.tableName(t).billingMode(BillingMode.PAY_PER_REQUEST).keySchema(hash("pk"))
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(hash("g"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        c.updateTimeToLive(r -> r.tableName(t).timeToLiveSpecification(x -> x.enabled(true).attributeName("exp")));
        var doc = item("pk", s("doc"), "g", s("G"), "m", m("l", l(n("1.5"), s("x"))), "ss", ss("a", "b"));
        c.putItem(r -> r.tableName(t).item(doc));
        c.putItem(r -> r.tableName(t).item(item("pk", s("gone"))));
        c.deleteItem(r -> r.tableName(t).key(key("gone")));
        c.putItem(r -> r.tableName(t).item(item("pk", s("ctr"), "c", n(0))));
        for (int i = 0; i < 5; i++) {
            c.updateItem(r -> r.tableName(t).key(key("ctr")).updateExpression("ADD c :one")
                    .expressionAttributeValues(Map.of(":one", n(1))));
        }
        String dropped = ddb.hashTable("dropped");
        c.deleteTable(r -> r.tableName(dropped));

        restart();
        var c2 = ddb.client();
        assertEquals(doc, c2.getItem(r -> r.tableName(t).key(key("doc"))).item());
        assertFalse(c2.getItem(r -> r.tableName(t).key(key("gone"))).hasItem(), "a delete is durable too");
        assertEquals(n(5), c2.getItem(r -> r.tableName(t).key(key("ctr"))).item().get("c"));
        assertEquals(1, c2.query(r -> r.tableName(t).indexName("byG").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("G")))).count(), "the index is rebuilt");
        assertEquals(TimeToLiveStatus.ENABLED,
                c2.describeTimeToLive(r -> r.tableName(t)).timeToLiveDescription().timeToLiveStatus());
        assertFalse(c2.listTables().tableNames().contains(dropped), "a dropped table stays dropped");

        // Writes after a restart land in the same store and survive the next one.
        c2.putItem(r -> r.tableName(t).item(item("pk", s("after"))));
        restart();
        var c3 = ddb.client();
        assertTrue(c3.getItem(r -> r.tableName(t).key(key("after"))).hasItem());
        assertEquals(doc, c3.getItem(r -> r.tableName(t).key(key("doc"))).item());
    }

    @Test
    void manyWritesSurviveARestart() {
        String t = ddb.hashTable("many");
        var c = ddb.client();
        for (int i = 0; i < 20; i++) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int j = 0; j < 25; j++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(item("pk", s("k" + (i * 25 + j)), "v", s("x".repeat(200)))).build()).build());
            }
            c.batchWriteItem(r -> r.requestItems(Map.of(t, batch)));
        }
        restart();
        assertEquals(500, ddb.client().scan(r -> r.tableName(t).select("COUNT")).count());
    }
}
