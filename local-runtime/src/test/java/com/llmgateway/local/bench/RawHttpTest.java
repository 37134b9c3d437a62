package com.llmgateway.local.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The benchmark's blocking client against a real HTTP/1.1 server on loopback. */
class RawHttpTest {

    private HttpServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", x -> {
            clientPorts.add(x.getRemoteAddress().getPort());
            byte[] in = x.getRequestBody().readAllBytes();
            byte[] out = ("got " + new String(in, StandardCharsets.UTF_8) + " as " + x.getRequestHeaders().getFirst("x-side"))
                    .getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("x-gateway-cache", "MISS");
            x.sendResponseHeaders(201, out.length);
            x.getResponseBody().write(out);
            x.close();
        });
        server.createContext("/chunked", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, 0); // length unknown: chunked
            for (int i = 0; i < 3; i++) {
                x.getResponseBody().write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
                x.getResponseBody().flush();
            }
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .header("content-type", "application/json").header("x-side", "ours");
    }

    @Test
    void sends_the_body_and_headers_and_reads_status_headers_and_body() throws Exception {
        HttpResponse<String> r = RawHttp.post(at("/echo"), "{\"é\":1}");
        assertEquals(201, r.statusCode());
        assertEquals("got {\"é\":1} as ours", r.body());
        assertEquals("MISS", r.headers().firstValue("x-gateway-cache").orElseThrow());
        assertEquals("MISS", r.headers().firstValue("X-Gateway-Cache").orElseThrow());
    }

    @Test
    void reads_a_chunked_answer() throws Exception {
        assertEquals("part0;part1;part2;", RawHttp.post(at("/chunked"), "{}").body());
        assertEquals("part0;part1;part2;", RawHttp.post(at("/chunked"), "{}").body(), "and the connection is still usable");
    }

    @Test
    void keeps_one_connection_alive_across_requests() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(201, RawHttp.post(at("/echo"), "x" + i).statusCode());
        }
        assertEquals(1, clientPorts.size(), "five requests, one connection: " + clientPorts);
    }

    @Test
    void refuses_what_it_cannot_speak() {
        assertThrows(IllegalArgumentException.class, () -> RawHttp.post(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:1/x")), "{}"));
    }
}
