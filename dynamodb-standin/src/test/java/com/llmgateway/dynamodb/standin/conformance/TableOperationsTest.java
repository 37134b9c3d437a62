package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTimeToLive and DescribeTimeToLive,
 * per the DynamoDB API Reference (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/).
 */
class TableOperationsTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private DynamoDbClient c() {
        return ddb.client();
    }

    private static KeySchemaElement hash(String n) {
        return KeySchemaElement.builder().attributeName(n).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String n) {
        return KeySchemaElement.builder().attributeName(n).keyType(KeyType.RANGE).build();
    }

    private static AttributeDefinition def(String n, ScalarAttributeType t) {
        return AttributeDefinition.builder().attributeName(n).attributeType(t).build();
    }

    @Test
    void describeTableReportsTheSchemaActiveStatusArnAndOnDemandBilling() {
        String name = ddb.rangeTable("describe", ScalarAttributeType.N);
        TableDescription t = c().describeTable(r -> r.tableName(name)).table();
        assertEquals(name, t.tableName());
        assertEquals(TableStatus.ACTIVE, t.tableStatus());
        assertEquals(List.of(hash("pk"), range("sk")), t.keySchema());
        assertEquals(2, t.attributeDefinitions().size());
        assertTrue(t.attributeDefinitions().contains(def("pk", ScalarAttributeType.S)));
        assertTrue(t.attributeDefinitions().contains(def("sk", ScalarAttributeType.N)));
        assertNotNull(t.creationDateTime(), "CreationDateTime");
        assertEquals(0L, t.itemCount());
        assertEquals(0L, t.tableSizeBytes());
        assertNotNull(t.tableArn());
        assertTrue(t.tableArn().startsWith("arn:aws:dynamodb:"), t.tableArn());
        assertTrue(t.tableArn().endsWith(":table/" + name), t.tableArn());
        assertNotNull(t.billingModeSummary(), "BillingModeSummary for an on-demand table");
        assertEquals(BillingMode.PAY_PER_REQUEST, t.billingModeSummary().billingMode());
    }

    @Test
    void createTableAnswersTheDescriptionOfTheNewTable() {
        String name = StandInExtension.uniqueName("create");
        TableDescription t = c().createTable(r -> r.tableName(name)
                .keySchema(hash("id"))
                .attributeDefinitions(def("id", ScalarAttributeType.B))
                .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription();
        assertEquals(name, t.tableName());
        assertEquals(List.of(hash("id")), t.keySchema());
        assertEquals(List.of(def("id", ScalarAttributeType.B)), t.attributeDefinitions());
        // DynamoDB answers CREATING here; the stand-in may answer ACTIVE (it is ready at once).
        assertTrue(t.tableStatus() == TableStatus.CREATING || t.tableStatus() == TableStatus.ACTIVE);
        assertEquals(TableStatus.ACTIVE, c().describeTable(r -> r.tableName(name)).table().tableStatus());
    }

    @Test
    void provisionedTableReportsItsThroughput() {
        String name = StandInExtension.uniqueName("prov");
        c().createTable(r -> r.tableName(name).keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S))
                .provisionedThroughput(ProvisionedThroughput.builder()
                        .readCapacityUnits(5L).writeCapacityUnits(7L).build()));
        TableDescription t = c().describeTable(r -> r.tableName(name)).table();
        assertEquals(5L, t.provisionedThroughput().readCapacityUnits());
        assertEquals(7L, t.provisionedThroughput().writeCapacityUnits());
        if (t.billingModeSummary() != null) {
            assertEquals(BillingMode.PROVISIONED, t.billingModeSummary().billingMode());
        }
    }

    @Test
    void describeTableShowsGlobalSecondaryIndexes() {
        String name = StandInExtension.uniqueName("gsidesc");
        c().createTable(r -> r.tableName(name)
                .keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("g", ScalarAttributeType.S),
                        def("gs", ScalarAttributeType.N))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("byG")
                                .keySchema(hash("g"), range("gs"))
                                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("a", "b").build()).build(),
                        GlobalSecondaryIndex.builder().indexName("keysOnly")
                                .keySchema(hash("g"))
                                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                                .build()));
        TableDescription t = c().describeTable(r -> r.tableName(name)).table();
        assertEquals(3, t.attributeDefinitions().size());
        assertEquals(2, t.globalSecondaryIndexes().size());
        GlobalSecondaryIndexDescription byG = t.globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals("byG")).findFirst().orElseThrow();
        assertEquals(List.of(hash("g"), range("gs")), byG.keySchema());
        assertEquals(ProjectionType.INCLUDE, byG.projection().projectionType());
        assertEquals(List.of("a", "b"), byG.projection().nonKeyAttributes());
        assertEquals(IndexStatus.ACTIVE, byG.indexStatus());
        assertEquals(t.tableArn() + "/index/byG", byG.indexArn());
        GlobalSecondaryIndexDescription keysOnly = t.globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals("keysOnly")).findFirst().orElseThrow();
        assertEquals(ProjectionType.KEYS_ONLY, keysOnly.projection().projectionType());
        assertEquals(List.of(hash("g")), keysOnly.keySchema());
    }

    @Test
    void creatingAnExistingTableIsResourceInUse() {
        String name = ddb.hashTable("dup");
        Expect.error("ResourceInUseException", () -> c().createTable(r -> r.tableName(name)
                .keySchema(hash("pk")).attributeDefinitions(def("pk", ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)));
    }

    @Test
    void attributeDefinitionNotInKeySchemaIsRefused() {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
        // AttributeDefinitions describe the key schema of the table and indexes only.
        String name = StandInExtension.uniqueName("extra");
        Expect.validation(() -> c().createTable(r -> r.tableName(name).keySchema(hash("pk"))
                        .attributeDefinitions(def("pk", ScalarAttributeType.S), def("other", ScalarAttributeType.S))
                        .billingMode(BillingMode.PAY_PER_REQUEST)),
                "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        assertTableMissing(name);
    }

    @Test
    void keyAttributeWithoutDefinitionIsRefused() {
        String name = StandInExtension.uniqueName("undef");
        Expect.validation(() -> c().createTable(r -> r.tableName(name).keySchema(hash("pk"), range("sk"))
                        .attributeDefinitions(def("pk", ScalarAttributeType.S), def("zz", ScalarAttributeType.S))
                        .billingMode(BillingMode.PAY_PER_REQUEST)),
                "Some index key attributes are not defined in AttributeDefinitions");
        assertTableMissing(name);
    }

    @Test
    void gsiKeyAttributeWithoutDefinitionIsRefused() {
        String name = StandInExtension.uniqueName("gsiundef");
        Expect.validation(() -> c().createTable(r -> r.tableName(name).keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("g")
                        .keySchema(hash("gk"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())));
        assertTableMissing(name);
    }

    @Test
    void keySchemaWithoutHashKeyIsRefused() {
        String name = StandInExtension.uniqueName("nohash");
        Expect.validation(() -> c().createTable(r -> r.tableName(name).keySchema(range("sk"))
                .attributeDefinitions(def("sk", ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)));
        assertTableMissing(name);
    }

    @Test
    void keyAttributeTypeMustBeSNOrB() {
        String name = StandInExtension.uniqueName("booltype");
        Expect.validation(() -> c().createTable(r -> r.tableName(name).keySchema(hash("pk"))
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("BOOL").build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)),
                "Member must satisfy enum value set: [B, N, S]");
    }

    @Test
    void tableNameMustBeThreeToTwoHundredFiftyFiveAllowedCharacters() {
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
        Expect.validation(() -> c().createTable(r -> r.tableName("ab").keySchema(hash("pk"))
                        .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST)),
                "Member must have length greater than or equal to 3");
        Expect.validation(() -> c().createTable(r -> r.tableName("bad name!").keySchema(hash("pk"))
                        .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST)),
                "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        Expect.validation(() -> c().createTable(r -> r.tableName("x".repeat(256)).keySchema(hash("pk"))
                        .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST)),
                "Member must have length less than or equal to 255");
    }

    @Test
    void billingModeAndThroughputMustAgree() {
        String a = StandInExtension.uniqueName("prov_missing");
        Expect.validation(() -> c().createTable(r -> r.tableName(a).keySchema(hash("pk"))
                        .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PROVISIONED)),
                "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        String b = StandInExtension.uniqueName("ondemand_with_tp");
        Expect.validation(() -> c().createTable(r -> r.tableName(b).keySchema(hash("pk"))
                        .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST)
                        .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build())),
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }

    @Test
    void describeMissingTableIsResourceNotFound() {
        Expect.error("ResourceNotFoundException",
                () -> c().describeTable(r -> r.tableName("no_such_table_anywhere")),
                "Requested resource not found");
    }

    @Test
    void itemCallOnMissingTableIsResourceNotFound() {
        // DynamoDB's wording for item operations is exactly "Requested resource not found".
        Expect.error("ResourceNotFoundException",
                () -> c().getItem(r -> r.tableName("no_such_table_anywhere").key(Av.key("a"))),
                "Requested resource not found");
        Expect.error("ResourceNotFoundException",
                () -> c().putItem(r -> r.tableName("no_such_table_anywhere").item(Av.key("a"))),
                "Requested resource not found");
    }

    @Test
    void listTablesIsAlphabeticalAndPagesWithLimitAndExclusiveStartTableName() {
        // Names that sort differently from their creation order.
        String suffix = "_lst" + System.nanoTime();
        List<String> mine = List.of("zeta" + suffix, "alpha" + suffix, "Mid" + suffix, "beta" + suffix);
        for (String n : mine) {
            c().createTable(r -> r.tableName(n).keySchema(hash("pk"))
                    .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST));
        }
        List<String> all = c().listTables().tableNames();
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(null); // Java's String order = code point order, DynamoDB's order for these ASCII names
        assertEquals(sorted, all, "ListTables answers names in ascending order");
        assertTrue(all.containsAll(mine));

        List<String> paged = new ArrayList<>();
        String start = null;
        int pages = 0;
        do {
            String s0 = start;
            ListTablesResponse page = c().listTables(r -> r.limit(2).exclusiveStartTableName(s0));
            assertTrue(page.tableNames().size() <= 2);
            paged.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
            if (start != null) {
                assertEquals(page.tableNames().get(page.tableNames().size() - 1), start,
                        "LastEvaluatedTableName is the last name of the page");
            }
            pages++;
        } while (start != null && pages < 1000);
        assertEquals(all, paged, "paging with Limit yields the same list");
    }

    @Test
    void listTablesWithoutLimitAnswersNoLastEvaluatedTableNameWhenAllFit() {
        ddb.hashTable("lst_one");
        ListTablesResponse r = c().listTables();
        assertFalse(r.tableNames().isEmpty());
        assertNull(r.lastEvaluatedTableName());
    }

    @Test
    void listTablesExclusiveStartNameNeedNotExist() {
        String suffix = "_lsx" + System.nanoTime();
        for (String n : List.of("ka" + suffix, "kc" + suffix)) {
            c().createTable(r -> r.tableName(n).keySchema(hash("pk"))
                    .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST));
        }
        List<String> after = c().listTables(r -> r.exclusiveStartTableName("kb" + suffix)).tableNames();
        assertFalse(after.contains("ka" + suffix));
        assertTrue(after.contains("kc" + suffix));
        assertTrue(after.stream().allMatch(n -> n.compareTo("kb" + suffix) > 0));
    }

    @Test
    void listTablesLimitMustBeOneToOneHundred() {
        Expect.validation(() -> c().listTables(r -> r.limit(0)),
                "Member must have value greater than or equal to 1");
        Expect.validation(() -> c().listTables(r -> r.limit(101)),
                "Member must have value less than or equal to 100");
    }

    @Test
    void deleteTableRemovesTableAndItsItems() {
        String name = ddb.hashTable("del");
        c().putItem(r -> r.tableName(name).item(item("pk", s("a"))));
        TableDescription d = c().deleteTable(r -> r.tableName(name)).tableDescription();
        assertEquals(name, d.tableName());
        Expect.error("ResourceNotFoundException", () -> c().describeTable(r -> r.tableName(name)));
        assertFalse(c().listTables().tableNames().contains(name));
        Expect.error("ResourceNotFoundException", () -> c().deleteTable(r -> r.tableName(name)));
        // The name can be used again, and the new table starts empty.
        c().createTable(r -> r.tableName(name).keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S)).billingMode(BillingMode.PAY_PER_REQUEST));
        assertFalse(c().getItem(r -> r.tableName(name).key(Av.key("a"))).hasItem());
    }

    @Test
    void timeToLiveIsDisabledUntilEnabledAndThenReportedEnabledAtOnce() {
        String name = ddb.hashTable("ttl");
        TimeToLiveDescription before = c().describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.DISABLED, before.timeToLiveStatus());
        var spec = c().updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt"))).timeToLiveSpecification();
        assertTrue(spec.enabled());
        assertEquals("expiresAt", spec.attributeName());
        TimeToLiveDescription after = c().describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, after.timeToLiveStatus());
        assertEquals("expiresAt", after.attributeName());
    }

    @Test
    void enablingTimeToLiveTwiceIsRefused() {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
        String name = ddb.hashTable("ttl2");
        c().updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.enabled(true).attributeName("e")));
        Expect.validation(() -> c().updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("e"))), "TimeToLive is already enabled");
    }

    @Test
    void timeToLiveOnMissingTableIsResourceNotFound() {
        Expect.error("ResourceNotFoundException", () -> c().updateTimeToLive(r -> r.tableName("no_such_ttl_table")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("e"))));
        Expect.error("ResourceNotFoundException", () -> c().describeTimeToLive(r -> r.tableName("no_such_ttl_table")));
    }

    private void assertTableMissing(String name) {
        Expect.error("ResourceNotFoundException", () -> c().describeTable(r -> r.tableName(name)));
    }

    @Test
    void disablingTimeToLiveThatIsNotEnabledIsRefused() {
        String name = ddb.hashTable("ttl_off");
        Expect.validation(() -> c().updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(false).attributeName("e"))), "TimeToLive is already disabled");
    }

    @Test
    void keysOnlyProjectionWithNonKeyAttributesIsRefused() {
        String name = StandInExtension.uniqueName("gsi_keysonly_attrs");
        Expect.validation(() -> c().createTable(r -> r.tableName(name).keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("g", ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("g").keySchema(hash("g"))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY)
                                .nonKeyAttributes("x").build()).build())));
        assertTableMissing(name);
    }

    @Test
    void twoIndexesWithOneNameAreRefused() {
        String name = StandInExtension.uniqueName("gsi_dupname");
        GlobalSecondaryIndex g = GlobalSecondaryIndex.builder().indexName("same").keySchema(hash("g"))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build();
        Expect.validation(() -> c().createTable(r -> r.tableName(name).keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("g", ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST).globalSecondaryIndexes(g, g)));
        assertTableMissing(name);
    }

    @Test
    void localSecondaryIndexesAreCreatedAndQueryable() {
        // Beyond the stand-in spec's list, but part of CreateTable/Query (developer guide, LSI.html).
        String name = StandInExtension.uniqueName("lsi");
        c().createTable(r -> r.tableName(name).keySchema(hash("pk"), range("sk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", ScalarAttributeType.S),
                        def("l", ScalarAttributeType.N))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .localSecondaryIndexes(software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex.builder()
                        .indexName("byL").keySchema(hash("pk"), range("l"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        c().putItem(r -> r.tableName(name).item(item("pk", s("p"), "sk", s("a"), "l", Av.n(2))));
        c().putItem(r -> r.tableName(name).item(item("pk", s("p"), "sk", s("b"), "l", Av.n(1))));
        var q = c().query(r -> r.tableName(name).indexName("byL").keyConditionExpression("pk = :p")
                .expressionAttributeValues(java.util.Map.of(":p", s("p"))).consistentRead(true));
        assertEquals(List.of("b", "a"), q.items().stream().map(i -> i.get("sk").s()).toList());
        assertEquals(1, c().describeTable(r -> r.tableName(name)).table().localSecondaryIndexes().size());
    }
}
