package com.llmgateway.auth;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** DynamoDB Local in this JVM, on a free loopback port, reached over HTTP by the real SDK client. */
final class LocalDynamoDb implements AutoCloseable {

    private final DynamoDBProxyServer server;
    final String endpoint;
    final DynamoDbClient client;

    LocalDynamoDb() throws Exception {
        int port = freePort();
        server = ServerRunner.createServerFromCommandLineArgs(
                new String[]{"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
        bindLoopback(server);
        server.start();
        endpoint = "http://127.0.0.1:" + port;
        client = DynamoDbClients.create(new Env(Map.of(DynamoDbClients.ENDPOINT, endpoint)));
    }

    /** Creates every table with this prefix; returns the env (table variables and the endpoint). */
    Map<String, String> createTables(String prefix) {
        Map<String, String> env = new LinkedHashMap<>(Tables.createAll(client, prefix));
        env.put(DynamoDbClients.ENDPOINT, endpoint);
        return env;
    }

    /** DynamoDB Local has no host option; its Jetty connector is pointed at loopback before start. */
    private static void bindLoopback(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field f = DynamoDBProxyServer.class.getDeclaredField("server");
        f.setAccessible(true);
        for (Connector c : ((Server) f.get(server)).getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setHost("127.0.0.1");
            }
        }
    }

    private static int freePort() throws IOException {
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
