package com.llmgateway.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A local stand-in for a Lambda function URL in {@code RESPONSE_STREAM} invoke mode with
 * {@code authorization_type = NONE}, the deployed streaming path: every request (any method and
 * path) becomes a payload-2.0 event with route key {@code $default} and no authorizer context, the
 * function's streaming handler runs, and its http-integration-response (prelude, eight NULs, body)
 * is relayed to the client as it is written. No Lambda authorizer runs: the function checks the key
 * itself. Same front door as the HTTP API stand-in (HTTP/1.1 and h2c).
 */
public final class FunctionUrlStandIn implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final FrontDoor server;

    private FunctionUrlStandIn(int port, String function, RequestStreamHandler handler) {
        RouteTable.Match any = new RouteTable.Match(RouteTable.load().byKey("$default").orElseThrow(), Map.of());
        this.server = FrontDoor.start(port, 32 * 1024, exchange -> {
            byte[] body = exchange.body().readAllBytes();
            String requestId = HexFormat.of().formatHex(RANDOM.generateSeed(16));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            String path = HttpApiStandIn.decodePath(exchange.rawPath());
            if (path == null) {
                return HttpApiStandIn.Reply.message(400, "Bad Request");
            }
            HttpApiEvents.Incoming in = new HttpApiEvents.Incoming(exchange.method().toUpperCase(Locale.ROOT), path,
                    exchange.rawQuery(), headers, body, exchange.sourceIp(), exchange.protocol(), requestId, Instant.now());
            ObjectNode event = HttpApiEvents.request(in, any);
            byte[] eventBytes = Json.bytes(event);
            return HttpApiStandIn.Reply.relay(sink -> HttpApiStandIn.relayStream(function, handler, eventBytes, sink, requestId));
        }, HttpApiStandIn::refuse);
    }

    /** Listens on 127.0.0.1 ({@code port} 0: a free one) in front of one function's streaming handler. */
    public static FunctionUrlStandIn start(int port, String function, RequestStreamHandler handler) {
        return new FunctionUrlStandIn(port, function, handler);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() {
        server.close();
    }

}
