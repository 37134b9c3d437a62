package com.llmgateway.dynamodb.standin;

import static com.llmgateway.dynamodb.standin.StandInClients.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The AccessPolicy is asked per IAM action and table, as AWS authorizes DynamoDB, and refusals read like AWS's. */
class AccessPolicyTest {
    /** "reader" may only read table "shared"; "admin" may do anything. */
    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "DescribeTable");

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private DynamoDbStandIn db;
    private DynamoDbClient admin;
    private DynamoDbClient reader;

    @BeforeEach
    void start() {
        db = DynamoDbStandIn.builder().accessPolicy((akid, action, table) -> {
            asked.add(akid + " " + action + " " + table);
            return "ADMIN".equals(akid) || ("READER".equals(akid) && READS.contains(action) && "shared".equals(table));
        }).start();
        admin = StandInClients.client(db, "ADMIN", false);
        reader = StandInClients.client(db, "READER", false);
        StandInClients.createTable(admin, "shared", false);
        StandInClients.createTable(admin, "private", false);
        admin.putItem(r -> r.tableName("shared").item(key("a")));
    }

    @AfterEach
    void stop() {
        admin.close();
        reader.close();
        db.close();
    }

    private static String denial(String action, String table) {
        return "User: arn:aws:iam::000000000000:user/READER is not authorized to perform: dynamodb:" + action
                + " on resource: arn:aws:dynamodb:us-east-1:000000000000:table/" + table
                + " because no identity-based policy allows the dynamodb:" + action + " action";
    }

    @Test
    void aRefusalIsAccessDeniedWithAwsWording() {
        assertTrue(reader.getItem(r -> r.tableName("shared").key(key("a"))).hasItem());
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> reader.putItem(r -> r.tableName("shared").item(key("b"))));
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals(denial("PutItem", "shared"), e.awsErrorDetails().errorMessage());
        assertFalse(admin.getItem(r -> r.tableName("shared").key(key("b"))).hasItem());

        e = assertThrows(AwsServiceException.class, () -> reader.getItem(r -> r.tableName("private").key(key("a"))));
        assertEquals(denial("GetItem", "private"), e.awsErrorDetails().errorMessage());
        assertTrue(asked.contains("READER GetItem private"));
    }

    @Test
    void transactionsAreAuthorizedPerActionItemAndBatchesPerTable() {
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> reader.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("shared").key(key("a"))
                        .conditionExpression("attribute_exists(pk)")).build())));
        assertEquals(denial("ConditionCheckItem", "shared"), e.awsErrorDetails().errorMessage());

        asked.clear();
        admin.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("shared").item(key("t"))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("private").key(key("t"))).build()));
        assertTrue(asked.containsAll(List.of("ADMIN PutItem shared", "ADMIN DeleteItem private")), asked.toString());

        e = assertThrows(AwsServiceException.class, () -> reader.batchGetItem(r -> r.requestItems(Map.of(
                "shared", KeysAndAttributes.builder().keys(key("a")).build(),
                "private", KeysAndAttributes.builder().keys(key("a")).build()))));
        assertEquals(denial("BatchGetItem", "private"), e.awsErrorDetails().errorMessage());

        e = assertThrows(AwsServiceException.class, () -> reader.batchWriteItem(r -> r.requestItems(Map.of(
                "shared", List.of(WriteRequest.builder().putRequest(p -> p.item(key("z"))).build())))));
        assertEquals(denial("BatchWriteItem", "shared"), e.awsErrorDetails().errorMessage());

        e = assertThrows(AwsServiceException.class, () -> reader.transactGetItems(r -> r.transactItems(
                t -> t.get(g -> g.tableName("private").key(key("a"))))));
        assertEquals(denial("GetItem", "private"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void listTablesIsAskedWithoutATable() {
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> reader.listTables());
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        assertTrue(asked.contains("READER ListTables null"));
        assertEquals(List.of("private", "shared"), admin.listTables().tableNames());
    }
}
