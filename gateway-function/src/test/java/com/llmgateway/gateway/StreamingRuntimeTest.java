package com.llmgateway.gateway;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime loop against a stand-in of the Lambda Runtime API: the event from /next, the answer
 * streamed to /response with Lambda's streaming headers, and the first chunk received by the
 * Runtime API before the handler has written its last (the handler waits for the API to see it).
 */
class StreamingRuntimeTest {

    private HttpServer api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop(0);
        }
    }

    @Test
    void streams_the_answer_to_the_runtime_api_chunk_by_chunk() throws Exception {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        CompletableFuture<String> headers = new CompletableFuture<>();
        CompletableFuture<String> body = new CompletableFuture<>();
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/2018-06-01/runtime/invocation/next", exchange -> {
            exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", "inv-1");
            exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", "0");
            byte[] event = "{\"rawPath\":\"/health\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, event.length);
            exchange.getResponseBody().write(event);
            exchange.close();
        });
        api.createContext("/2018-06-01/runtime/invocation/inv-1/response", exchange -> {
            headers.complete(exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Response-Mode") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
            InputStream in = exchange.getRequestBody();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
                if (got.toString(StandardCharsets.UTF_8).contains("first")) {
                    firstChunkSeen.countDown();
                }
            }
            body.complete(got.toString(StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        api.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        api.start();

        RequestStreamHandler handler = (input, output, context) -> {
            assertEquals("inv-1", context.getAwsRequestId());
            assertTrue(new String(input.readAllBytes(), StandardCharsets.UTF_8).contains("/health"));
            output.write("{\"statusCode\":200}\0\0\0\0\0\0\0\0first ".getBytes(StandardCharsets.UTF_8));
            output.flush();
            try {
                // The Runtime API must have the first chunk before the handler writes the rest.
                assertTrue(firstChunkSeen.await(30, TimeUnit.SECONDS), "the first chunk did not leave before the end");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            output.write("last".getBytes(StandardCharsets.UTF_8));
        };
        new StreamingRuntime("127.0.0.1:" + api.getAddress().getPort(), handler).invokeOnce();

        assertEquals("streaming application/vnd.awslambda.http-integration-response chunked", headers.get(30, TimeUnit.SECONDS));
        assertEquals("{\"statusCode\":200}\0\0\0\0\0\0\0\0first last", body.get(30, TimeUnit.SECONDS));
    }
}
