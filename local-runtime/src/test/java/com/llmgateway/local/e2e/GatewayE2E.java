package com.llmgateway.local.e2e;

import com.llmgateway.local.LocalGateway;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the end-to-end test classes share: one in-memory local gateway per class (the DynamoDB stand-in,
 * the Bedrock stand-in, the HTTP API stand-in on free loopback ports), a real HTTP client, and
 * the admin API with the demo admin key. Test classes run one after another, so the fields
 * belong to the class that is running.
 */
abstract class GatewayE2E {

    static LocalGateway gateway;
    static Http http;
    static Admin admin;

    @BeforeAll
    static void startGateway() {
        gateway = LocalGateway.start();
        http = new Http(gateway.endpoint());
        admin = new Admin(http, gateway.keys().orElseThrow().adminKey());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    /** The ledger record of a request (strongly consistent); fails the test when there is none. */
    static Map<String, AttributeValue> ledger(String requestId) {
        Map<String, AttributeValue> item = gateway.dynamoDb().getItem(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("REQ#" + requestId), "sk", AttributeValue.fromS("REQ")))).item();
        assertNotNull(item, "no ledger record REQ#" + requestId);
        assertFalse(item.isEmpty(), "no ledger record REQ#" + requestId);
        return item;
    }

    /** An initialized MCP SDK client that sends the key as x-api-key. */
    static McpSyncClient mcpClient(String apiKey) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.endpoint().toString())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("x-api-key", apiKey))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("e2e", "1.0.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }
}
