package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An AccessPolicy decides per IAM action and table; a refusal is AWS's AccessDeniedException.
 * IAM actions per API: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/api-permissions-reference.html
 */
class AccessPolicyTest {
    record Call(String akid, String action, String table) { }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    static final Set<String> READ_ACTIONS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "DescribeTable",
            "ListTables", "DescribeTimeToLive");

    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension(b -> b.accessPolicy((akid, action, table) -> {
        CALLS.add(new Call(akid, action, table));
        if (akid == null) {
            return false;
        }
        return switch (akid) {
            case "AKIDCONFORMANCE" -> true;
            case "READER" -> READ_ACTIONS.contains(action);
            case "NOUPDATE" -> !action.equals("UpdateItem");
            case "NOCHECK" -> !action.equals("ConditionCheckItem");
            default -> table == null || !table.contains("forbidden");
        };
    }));

    @BeforeEach
    void reset() {
        CALLS.clear();
    }

    private DynamoDbClient admin() {
        return ddb.client();
    }

    private static AwsServiceException denied(org.junit.jupiter.api.function.Executable call) {
        AwsServiceException e = Expect.error("AccessDeniedException", call);
        assertTrue(e instanceof DynamoDbException, "surfaces as DynamoDbException: " + e.getClass());
        return e;
    }

    @Test
    void aRefusedCallIsAccessDeniedWithAwsWordingAndAnAllowedCallPasses() {
        String t = ddb.hashTable("acl_basic");
        admin().putItem(r -> r.tableName(t).item(item("pk", s("a"))));
        DynamoDbClient reader = ddb.client("READER");
        assertTrue(reader.getItem(r -> r.tableName(t).key(key("a"))).hasItem());
        AwsServiceException e = denied(() -> reader.putItem(r -> r.tableName(t).item(item("pk", s("b")))));
        assertEquals("User: arn:aws:iam::000000000000:user/READER is not authorized to perform: dynamodb:PutItem "
                        + "on resource: arn:aws:dynamodb:us-east-1:000000000000:table/" + t
                        + " because no identity-based policy allows the dynamodb:PutItem action",
                e.awsErrorDetails().errorMessage());
        assertFalse(admin().getItem(r -> r.tableName(t).key(key("b"))).hasItem(), "the refused put wrote nothing");
        assertTrue(CALLS.contains(new Call("READER", "GetItem", t)));
        assertTrue(CALLS.contains(new Call("READER", "PutItem", t)));
    }

    @Test
    void everyOperationIsCheckedUnderItsIamAction() {
        String t = ddb.hashTable("acl_actions");
        DynamoDbClient reader = ddb.client("READER");
        reader.describeTable(r -> r.tableName(t));
        reader.listTables();
        reader.scan(r -> r.tableName(t));
        reader.query(r -> r.tableName(t).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("x"))));
        reader.describeTimeToLive(r -> r.tableName(t));
        denied(() -> reader.updateItem(r -> r.tableName(t).key(key("a")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", n(1)))));
        denied(() -> reader.deleteItem(r -> r.tableName(t).key(key("a"))));
        denied(() -> reader.deleteTable(r -> r.tableName(t)));
        denied(() -> reader.updateTimeToLive(r -> r.tableName(t)
                .timeToLiveSpecification(x -> x.enabled(true).attributeName("e"))));
        String other = StandInExtension.uniqueName("acl_create");
        denied(() -> reader.createTable(r -> r.tableName(other).keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType("S")).billingMode("PAY_PER_REQUEST")));
        for (String action : List.of("DescribeTable", "Scan", "Query", "DescribeTimeToLive", "UpdateItem",
                "DeleteItem", "DeleteTable", "UpdateTimeToLive")) {
            assertTrue(CALLS.contains(new Call("READER", action, t)), action + " checked on " + t + ": " + CALLS);
        }
        assertTrue(CALLS.contains(new Call("READER", "ListTables", null)), "ListTables has no table: " + CALLS);
        assertTrue(CALLS.contains(new Call("READER", "CreateTable", other)));
        assertTrue(admin().listTables().tableNames().contains(t), "the refused DeleteTable deleted nothing");
    }

    @Test
    void transactWriteIsAuthorizedPerActionItem() {
        String t = ddb.hashTable("acl_tx");
        admin().putItem(r -> r.tableName(t).item(item("pk", s("guard"))));
        DynamoDbClient noUpdate = ddb.client("NOUPDATE");
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(t).item(key("p")).build()).build();
        TransactWriteItem upd = TransactWriteItem.builder().update(Update.builder().tableName(t).key(key("u"))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n(1))).build()).build();
        TransactWriteItem check = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(t)
                .key(key("guard")).conditionExpression("attribute_exists(pk)").build()).build();
        AwsServiceException e = denied(() -> noUpdate.transactWriteItems(r -> r.transactItems(put, upd)));
        assertTrue(e.awsErrorDetails().errorMessage().contains("dynamodb:UpdateItem"), e.awsErrorDetails().errorMessage());
        assertFalse(admin().getItem(r -> r.tableName(t).key(key("p"))).hasItem(), "nothing applied");
        noUpdate.transactWriteItems(r -> r.transactItems(put, check));
        assertTrue(CALLS.contains(new Call("NOUPDATE", "PutItem", t)));
        assertTrue(CALLS.contains(new Call("NOUPDATE", "ConditionCheckItem", t)));
        AwsServiceException e2 = denied(() -> ddb.client("NOCHECK").transactWriteItems(r -> r.transactItems(check)));
        assertTrue(e2.awsErrorDetails().errorMessage().contains("dynamodb:ConditionCheckItem"));
    }

    @Test
    void transactGetAndBatchesAreAuthorizedPerTable() {
        String ok = ddb.hashTable("acl_ok");
        String bad = ddb.hashTable("acl_forbidden");
        DynamoDbClient user = ddb.client("USER");
        user.transactGetItems(r -> r.transactItems(
                TransactGetItem.builder().get(Get.builder().tableName(ok).key(key("a")).build()).build()));
        assertTrue(CALLS.contains(new Call("USER", "GetItem", ok)));
        denied(() -> user.transactGetItems(r -> r.transactItems(
                TransactGetItem.builder().get(Get.builder().tableName(ok).key(key("a")).build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(bad).key(key("a")).build()).build())));
        WriteRequest w = WriteRequest.builder().putRequest(PutRequest.builder().item(key("x")).build()).build();
        user.batchWriteItem(r -> r.requestItems(Map.of(ok, List.of(w))));
        assertTrue(CALLS.contains(new Call("USER", "BatchWriteItem", ok)));
        AwsServiceException e = denied(() -> user.batchWriteItem(r -> r.requestItems(Map.of(ok, List.of(w), bad, List.of(w)))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("dynamodb:BatchWriteItem on resource: "
                + "arn:aws:dynamodb:us-east-1:000000000000:table/" + bad), e.awsErrorDetails().errorMessage());
        assertFalse(admin().getItem(r -> r.tableName(bad).key(key("x"))).hasItem());
        user.batchGetItem(r -> r.requestItems(Map.of(ok, KeysAndAttributes.builder().keys(key("x")).build())));
        assertTrue(CALLS.contains(new Call("USER", "BatchGetItem", ok)));
        denied(() -> user.batchGetItem(r -> r.requestItems(Map.of(bad, KeysAndAttributes.builder().keys(key("x")).build()))));
    }

    @Test
    void theArnCarriesTheRegionOfTheCredentialScope() {
        String t = ddb.hashTable("acl_region");
        try (DynamoDbClient eu = ddb.clientBuilder("READER").region(Region.EU_WEST_1)
                .overrideConfiguration(o -> o.retryStrategy(
                        software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())).build()) {
            AwsServiceException e = denied(() -> eu.putItem(r -> r.tableName(t).item(key("a"))));
            assertTrue(e.awsErrorDetails().errorMessage().contains("arn:aws:dynamodb:eu-west-1:000000000000:table/" + t),
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void anUnsignedRequestReachesThePolicyWithoutAnAccessKey() {
        String t = ddb.hashTable("acl_unsigned");
        var resp = ddb.rawCall("DynamoDB_20120810.GetItem",
                "{\"TableName\":\"" + t + "\",\"Key\":{\"pk\":{\"S\":\"a\"}}}");
        assertEquals(400, resp.statusCode());
        String body = new String(resp.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("AccessDeniedException"), body);
        assertTrue(CALLS.stream().anyMatch(c -> c.akid() == null && c.action().equals("GetItem")), CALLS.toString());
        assertNull(CALLS.stream().filter(c -> c.action().equals("GetItem")).findFirst().orElseThrow().akid());
    }
}
