package com.llmgateway.local.bedrock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * PLACEHOLDER for the Bedrock stand-in (written in parallel by another helper, replaced at merge):
 * answers {@code POST /model/{modelId}/converse} with one fixed, valid Converse reply so that the
 * local runtime compiles and runs. Same public API as the real one: start, endpoint, close.
 */
public final class BedrockStandIn implements AutoCloseable {

    private static final byte[] REPLY = ("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello from the stand-in.\"}]}},"
            + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":5,\"outputTokens\":2,\"totalTokens\":7},"
            + "\"metrics\":{\"latencyMs\":1}}").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;

    private BedrockStandIn(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static BedrockStandIn start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", BedrockStandIn::handle);
        server.start();
        return new BedrockStandIn(server, executor);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            boolean converse = "POST".equals(exchange.getRequestMethod()) && path.startsWith("/model/") && path.endsWith("/converse");
            byte[] body = converse ? REPLY : "{\"message\":\"Unknown operation\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (!converse) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "UnknownOperationException");
            }
            exchange.sendResponseHeaders(converse ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
