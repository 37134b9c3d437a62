package com.llmgateway.dynamodb.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** CreateTable, DescribeTable, ListTables, DeleteTable through the SDK. */
class TableOperationsTest {
    private DynamoDbStandIn db;
    private DynamoDbClient c;

    @BeforeEach
    void start() {
        db = DynamoDbStandIn.builder().start();
        c = StandInClients.client(db, "AKIDTEST", false);
    }

    @AfterEach
    void stop() {
        c.close();
        db.close();
    }

    @Test
    void aTableIsActiveAtOnceAndDescribedWithItsIndexes() {
        TableDescription d = c.createTable(r -> r.tableName("events")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("owner").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("at").attributeType(ScalarAttributeType.N).build())
                .globalSecondaryIndexes(g -> g.indexName("byOwner")
                        .keySchema(KeySchemaElement.builder().attributeName("owner").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("at").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))).tableDescription();
        assertEquals(TableStatus.ACTIVE, d.tableStatus());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/events", d.tableArn());
        TableDescription described = c.describeTable(r -> r.tableName("events")).table();
        assertEquals(BillingMode.PAY_PER_REQUEST, described.billingModeSummary().billingMode());
        assertEquals("byOwner", described.globalSecondaryIndexes().get(0).indexName());
        assertEquals(ProjectionType.KEYS_ONLY, described.globalSecondaryIndexes().get(0).projection().projectionType());
        assertEquals(0L, described.itemCount());

        assertThrows(ResourceInUseException.class, () -> StandInClients.createTable(c, "events", false));
        c.deleteTable(r -> r.tableName("events"));
        assertThrows(ResourceNotFoundException.class, () -> c.describeTable(r -> r.tableName("events")));
    }

    @Test
    void listTablesPagesAlphabetically() {
        for (String n : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
            StandInClients.createTable(c, n, false);
        }
        ListTablesResponse first = c.listTables(r -> r.limit(2));
        assertEquals(List.of("alpha", "bravo"), first.tableNames());
        assertEquals("bravo", first.lastEvaluatedTableName());
        ListTablesResponse second = c.listTables(r -> r.limit(2).exclusiveStartTableName("bravo"));
        assertEquals(List.of("charlie", "delta"), second.tableNames());
        ListTablesResponse last = c.listTables(r -> r.limit(2).exclusiveStartTableName("delta"));
        assertEquals(List.of("echo"), last.tableNames());
        assertNull(last.lastEvaluatedTableName());
        assertEquals(5, c.listTablesPaginator(r -> r.limit(2)).tableNames().stream().count());
    }

    @Test
    void keySchemaAndAttributeDefinitionsAreValidated() {
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> c.createTable(r -> r.tableName("bad")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("extra").attributeType(ScalarAttributeType.S).build())));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly "
                + "match number of attributes defined in AttributeDefinitions", e.awsErrorDetails().errorMessage());

        e = assertThrows(DynamoDbException.class, () -> c.createTable(r -> r.tableName("bad")
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())));
        assertEquals("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
                + "specified when BillingMode is PROVISIONED", e.awsErrorDetails().errorMessage());
        assertFalse(c.listTables().tableNames().contains("bad"));
    }
}
