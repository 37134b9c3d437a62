package com.llmgateway.gateway.metering;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** DynamoDB Local in-process on a free loopback port, with the project's tables under a prefix. */
final class LocalDynamoDb implements AutoCloseable {

    final int port;
    final DynamoDbClient client;
    final Map<String, String> env;
    private final DynamoDBProxyServer server;

    LocalDynamoDb(String tablePrefix) throws Exception {
        this.port = freePort();
        this.server = ServerRunner.createServerFromCommandLineArgs(
                new String[]{"-inMemory", "-port", Integer.toString(port)});
        server.start();
        Map<String, String> e = new HashMap<>();
        e.put(DynamoDbClients.ENDPOINT, "http://127.0.0.1:" + port);
        e.put("AWS_REGION", "us-east-1");
        this.client = DynamoDbClients.create(new Env(e));
        e.putAll(Tables.createAll(client, tablePrefix));
        this.env = Map.copyOf(e);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.stop();
    }
}
