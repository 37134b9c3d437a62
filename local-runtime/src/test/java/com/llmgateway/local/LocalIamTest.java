package com.llmgateway.local;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local runtime applies the deployed least-privilege policies (iam.json, from which Terraform
 * builds the roles): each function's key may make exactly the calls its role grants, per table and
 * per model, and anything else is refused as AWS refuses it.
 */
class LocalIamTest {

    private static LocalGateway gw;

    @BeforeAll
    static void start() {
        gw = LocalGateway.start();
        assumeTrue(gw.ownsDynamoDb(), "the runtime's own stand-in enforces iam.json (not the DynamoDB at DYNAMODB_ENDPOINT)");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static DynamoDbClient dynamoDbAs(String function) {
        Map<String, String> env = new HashMap<>(gw.env());
        env.put("AWS_ACCESS_KEY_ID", LocalIam.accessKeyOf(function));
        return DynamoDbClients.create(new Env(env));
    }

    private static String table(String logical) {
        return gw.env().get(Tables.spec(logical).envVar());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    @Test
    void the_usage_function_may_read_its_month_rollup_but_not_write_the_ledger() {
        try (DynamoDbClient usage = dynamoDbAs("usage")) {
            // GetItem on the usage table: the call whose missing grant made every deployed /v1/usage a 500
            assertTrue(usage.getItem(b -> b.tableName(table(Tables.USAGE)).key(key("TEAM#demo", "MONTH#2000-01"))).item().isEmpty());
            DynamoDbException e = assertThrows(DynamoDbException.class, () -> usage.putItem(b -> b.tableName(table(Tables.USAGE))
                    .item(key("TEAM#demo", "MONTH#2000-01"))));
            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("is not authorized to perform: dynamodb:PutItem on resource: "
                    + "arn:aws:dynamodb:us-east-1:000000000000:table/" + table(Tables.USAGE)), e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void a_grant_on_one_table_does_not_reach_another() {
        try (DynamoDbClient auth = dynamoDbAs("auth")) {
            // the auth function may GetItem the keys and usage tables, never the rate-limit windows
            auth.getItem(b -> b.tableName(table(Tables.KEYS)).key(key("TEAM#demo", "TEAM")));
            DynamoDbException e = assertThrows(DynamoDbException.class, () -> auth.getItem(b -> b.tableName(table(Tables.RATE_LIMITS))
                    .key(Map.of("pk", AttributeValue.fromS("RL#demo")))));
            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void an_unknown_caller_is_refused_and_a_transaction_is_authorized_per_item_action() {
        Map<String, String> env = new HashMap<>(gw.env());
        env.put("AWS_ACCESS_KEY_ID", "SOMEONEELSE");
        try (DynamoDbClient stranger = DynamoDbClients.create(new Env(env)); DynamoDbClient usage = dynamoDbAs("usage")) {
            assertEquals("AccessDeniedException", assertThrows(DynamoDbException.class,
                    () -> stranger.getItem(b -> b.tableName(table(Tables.KEYS)).key(key("TEAM#demo", "TEAM")))).awsErrorDetails().errorCode());
            // TransactGetItems is authorized as GetItem on each table: allowed on usage and keys for the usage function
            usage.transactGetItems(b -> b.transactItems(
                    t -> t.get(g -> g.tableName(table(Tables.USAGE)).key(key("TEAM#demo", "MONTH#2000-01"))),
                    t -> t.get(g -> g.tableName(table(Tables.KEYS)).key(key("TEAM#demo", "TEAM")))));
        }
    }

    private static BedrockRuntimeClient bedrockAs(String accessKeyId) {
        return BedrockRuntimeClient.builder()
                .endpointOverride(gw.bedrock().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "local")))
                .build();
    }

    private static void converse(BedrockRuntimeClient client, String modelId) {
        client.converse(b -> b.modelId(modelId).messages(Message.builder().role(ConversationRole.USER)
                .content(ContentBlock.fromText("Hello")).build()));
    }

    @Test
    void only_the_gateway_may_invoke_models_and_only_the_catalogs() {
        try (BedrockRuntimeClient gateway = bedrockAs(LocalIam.accessKeyOf("gateway"));
             BedrockRuntimeClient auth = bedrockAs(LocalIam.accessKeyOf("auth"))) {
            String novaMicro = ModelCatalog.load(Map.of()).resolve("nova-micro").orElseThrow().invokeId();
            converse(gateway, novaMicro);
            AccessDeniedException notInCatalog = assertThrows(AccessDeniedException.class, () -> converse(gateway, "example.not-a-catalog-model-v1:0"));
            assertTrue(notInCatalog.getMessage().contains("bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/example.not-a-catalog-model-v1:0"),
                    notInCatalog.getMessage());
            assertThrows(AccessDeniedException.class, () -> converse(auth, novaMicro));
        }
    }

    @Test
    void the_gateway_answers_through_its_own_grants() throws Exception {
        // A whole chat completion (admission, cache, Bedrock, ledger) passes under the gateway's role.
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(gw.endpoint() + "/v1/chat/completions"))
                .header("x-api-key", gw.keys().orElseThrow().invokeKey()).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        // the ledger write (a transaction: Put + Updates on the usage table) went through too
        assertTrue(r.headers().firstValue("x-gateway-usage-recorded").isEmpty(), r.headers().map().toString());
    }
}
