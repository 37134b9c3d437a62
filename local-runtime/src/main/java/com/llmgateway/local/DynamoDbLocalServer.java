package com.llmgateway.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local as an HTTP server in this JVM, on 127.0.0.1, either in memory or keeping its
 * data in a folder between restarts. One database for every credential and region
 * ({@code -sharedDb}), no telemetry.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalServer.class);

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * @param port    0 picks a free port
     * @param dataDir null keeps everything in memory
     */
    public static DynamoDbLocalServer start(int port, Path dataDir) {
        int p = port == 0 ? freePort() : port;
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(p), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dataDir, e);
            }
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        try {
            DynamoDBProxyServer server = quietly(() -> ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new)));
            bindToLoopback(server);
            server.start();
            return new DynamoDbLocalServer(server, p);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + p + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /**
     * DynamoDB Local listens on every interface and has no option to change that; its Jetty
     * connector is set to 127.0.0.1 before it starts, so nothing is exposed beyond this machine.
     */
    private static void bindToLoopback(DynamoDBProxyServer proxy) {
        try {
            Field f = DynamoDBProxyServer.class.getDeclaredField("server");
            f.setAccessible(true);
            Server jetty = (Server) f.get(proxy);
            for (Connector c : jetty.getConnectors()) {
                if (c instanceof ServerConnector sc) {
                    sc.setHost(InetAddress.getLoopbackAddress().getHostAddress());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DynamoDB Local could not be restricted to 127.0.0.1 ({}); it listens on all interfaces", e.toString());
        }
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** DynamoDB Local prints its configuration banner to stdout; keep stdout for our own output. */
    private static <T> T quietly(Step<T> step) throws Exception {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return step.run();
        } finally {
            System.setOut(out);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("DynamoDB Local did not stop cleanly: {}", e.toString());
        }
    }
}
