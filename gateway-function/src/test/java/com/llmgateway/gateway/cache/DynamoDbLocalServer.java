package com.llmgateway.gateway.cache;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.testing.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * DynamoDB Local in this JVM (in memory) on a free port, reached over HTTP by the same client the
 * functions build ({@link DynamoDbClients#create}). DynamoDB Local offers no bind-address option;
 * the client talks to it on 127.0.0.1 only.
 */
final class DynamoDbLocalServer implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final DynamoDbClient client;
    private final String endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>(LocalDynamoDb.GENEROUS_TIMEOUTS); // a loaded machine may be slow
        env.put(DynamoDbClients.ENDPOINT, endpoint);
        this.client = DynamoDbClients.create(new Env(env));
    }

    static DynamoDbLocalServer start() throws Exception {
        int port = freePort();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[]{"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        return new DynamoDbLocalServer(server, port);
    }

    DynamoDbClient client() {
        return client;
    }

    String endpoint() {
        return endpoint;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.stop();
    }
}
