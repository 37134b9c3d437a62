package com.llmgateway.core.testing;

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

/**
 * DynamoDB Local in this JVM, on a free loopback port, reached over HTTP by the real SDK client:
 * the one fixture the modules' adapter tests share (shared-core's test jar).
 */
public final class LocalDynamoDb implements AutoCloseable {

    public final int port;
    public final String endpoint;
    public final DynamoDbClient client;
    /** The endpoint, region and client timeouts, plus the table variables when the tables were created with the server. */
    public final Map<String, String> env;
    private final DynamoDBProxyServer server;

    /**
     * Client timeouts for a slow or loaded machine, where DynamoDB Local may take seconds to answer (the
     * first CreateTable of a JVM above all). The functions' defaults (1 s connect, 4 s per call) are for
     * DynamoDB; the tests of those timeouts build their own clients against a port where nothing listens.
     */
    public static final Map<String, String> GENEROUS_TIMEOUTS = Map.of("DYNAMODB_CONNECT_TIMEOUT_MS", "10000",
            "DYNAMODB_SOCKET_TIMEOUT_MS", "60000", "DYNAMODB_CALL_TIMEOUT_MS", "60000");

    /** A server without tables; {@link #createTables(String)} adds them. */
    public LocalDynamoDb() throws Exception {
        this(null);
    }

    /** A server with every table of tables.json under this prefix (null: none). */
    public LocalDynamoDb(String tablePrefix) throws Exception {
        port = freePort();
        server = ServerRunner.createServerFromCommandLineArgs(
                new String[]{"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
        bindLoopback(server);
        server.start();
        endpoint = "http://127.0.0.1:" + port;
        Map<String, String> e = new LinkedHashMap<>();
        e.put(DynamoDbClients.ENDPOINT, endpoint);
        e.put("AWS_REGION", "us-east-1");
        e.putAll(GENEROUS_TIMEOUTS);
        client = DynamoDbClients.create(new Env(e));
        if (tablePrefix != null) {
            e.putAll(Tables.createAll(client, tablePrefix));
        }
        env = Map.copyOf(e);
    }

    /** Creates every table with this prefix; returns the env (table variables, the endpoint and the client timeouts). */
    public Map<String, String> createTables(String prefix) {
        Map<String, String> e = new LinkedHashMap<>(Tables.createAll(client, prefix));
        e.put(DynamoDbClients.ENDPOINT, endpoint);
        e.putAll(GENEROUS_TIMEOUTS);
        return e;
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

    public static int freePort() throws IOException {
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
