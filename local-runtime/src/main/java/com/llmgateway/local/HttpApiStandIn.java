package com.llmgateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for API Gateway HTTP API: routes each request by the shared route table
 * ({@code routes.json}, the file Terraform reads), runs the Lambda authorizer where the route
 * needs it (simple responses: a denial answers 403 and never reaches the function), invokes the
 * function with the payload-2.0 event as the managed Java runtime does ({@link LambdaInvoker}: the
 * event JSON read into the handler's {@code aws-lambda-java-events} type by the runtime's own
 * serialization library, the response written back by it), and turns the payload-2.0 response
 * back into HTTP.
 *
 * <p>API Gateway's own answers keep its shape: {@code {"message":"Not Found"}} (404),
 * {@code "Forbidden"} (403), {@code "Request Entity Too Large"} (413),
 * {@code "Internal Server Error"} (500) and {@code "Service Unavailable"} (503, integration
 * timeout).
 */
public final class HttpApiStandIn implements AutoCloseable {

    /** HTTP API's request payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** Lambda's synchronous invocation payload limit: a bigger event never reaches the function. */
    public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    /** How much of an oversized body is read and dropped before answering 413. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    /** HTTP API's maximum integration timeout. */
    public static final long INTEGRATION_TIMEOUT_MILLIS = 30_000;
    public static final long AUTHORIZER_TIMEOUT_MILLIS = 10_000;
    /** Function names as Terraform gives them by default: llmgw-gateway, llmgw-auth, llmgw-usage. */
    public static final String FUNCTION_NAME_PREFIX = "llmgw-";

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiStandIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> HOP_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ExecutorService invocations;
    private final RouteTable routes;
    private final Map<String, LambdaInvoker> functions;
    private final LambdaInvoker authorizer;

    private HttpApiStandIn(HttpServer server, ExecutorService httpThreads, RouteTable routes,
                           Map<String, ?> functions, Object authorizer) {
        this.server = server;
        this.httpThreads = httpThreads;
        this.invocations = Executors.newCachedThreadPool(daemon("lambda-invoke"));
        this.routes = routes;
        Map<String, LambdaInvoker> invokers = new LinkedHashMap<>();
        functions.forEach((name, handler) -> invokers.put(name, LambdaInvoker.of(handler)));
        this.functions = Map.copyOf(invokers);
        this.authorizer = authorizer == null ? null : LambdaInvoker.of(authorizer);
    }

    /**
     * Starts on 127.0.0.1.
     *
     * @param port       0 picks a free port
     * @param functions  function name of the route table ("gateway", "auth", "usage") to its handler: a
     *                   {@code RequestHandler} of the event types, or a {@code RequestStreamHandler}
     * @param authorizer the Lambda authorizer of every authorized route
     */
    public static HttpApiStandIn start(int port, RouteTable routes, Map<String, ?> functions, Object authorizer) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
        }
        // Concurrency tests fire 100+ requests at once; handlers block on DynamoDB and Bedrock.
        ExecutorService threads = Executors.newFixedThreadPool(64, daemon("http-api"));
        HttpApiStandIn api = new HttpApiStandIn(server, threads, routes, functions, authorizer);
        server.setExecutor(threads);
        server.createContext("/", api::serve);
        server.start();
        return api;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            Reply reply;
            try {
                reply = dispatch(exchange);
            } catch (RuntimeException e) {
                LOG.error("stand-in failure", e);
                reply = Reply.message(500, "Internal Server Error");
            }
            write(exchange, reply);
        } catch (IOException clientGone) {
            LOG.debug("client went away: {}", clientGone.toString());
        }
    }

    private Reply dispatch(HttpExchange exchange) throws IOException {
        String requestId = newRequestId();
        byte[] body = readBody(exchange);
        if (body == null) {
            return Reply.message(413, "Request Entity Too Large").withRequestId(requestId);
        }
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        var match = routes.match(method, path);
        if (match.isEmpty()) {
            return Reply.message(404, "Not Found").withRequestId(requestId);
        }
        RouteTable.Route route = match.get().route();
        LambdaInvoker function = functions.get(route.function());
        if (function == null) {
            LOG.error("no handler for function '{}' of route {}", route.function(), route.routeKey());
            return Reply.message(500, "Internal Server Error").withRequestId(requestId);
        }
        InetSocketAddress remote = exchange.getRemoteAddress();
        String sourceIp = remote.getAddress() == null ? "127.0.0.1" : remote.getAddress().getHostAddress();
        HttpApiEvents.Incoming in = new HttpApiEvents.Incoming(method, path,
                uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                forwardedHeaders(exchange, sourceIp), body, sourceIp, exchange.getProtocol(), requestId, Instant.now());

        JsonNode authorizerContext = null;
        if (route.authorized()) {
            Verdict verdict = authorize(in, match.get());
            if (verdict.denial() != null) {
                return verdict.denial().withRequestId(requestId);
            }
            authorizerContext = verdict.context();
        }
        ObjectNode event = HttpApiEvents.request(in, match.get());
        if (authorizerContext != null) {
            HttpApiEvents.attachAuthorizerContext(event, authorizerContext);
        }
        byte[] eventBytes = Json.bytes(event);
        if (eventBytes.length > MAX_EVENT_BYTES) {
            return Reply.message(413, "Request Entity Too Large").withRequestId(requestId);
        }
        byte[] output;
        try {
            output = invoke(route.function(), function, eventBytes, INTEGRATION_TIMEOUT_MILLIS);
        } catch (TimeoutException e) {
            LOG.warn("function {} timed out after {} ms", route.function(), INTEGRATION_TIMEOUT_MILLIS);
            return Reply.message(503, "Service Unavailable").withRequestId(requestId);
        } catch (Exception e) {
            LOG.error("function {} failed", route.function(), e);
            return Reply.message(500, "Internal Server Error").withRequestId(requestId);
        }
        return functionReply(output).withRequestId(requestId);
    }

    private record Verdict(JsonNode context, Reply denial) {
    }

    /** Runs the authorizer; a denial, a crash or an invalid answer stops the request here. */
    private Verdict authorize(HttpApiEvents.Incoming in, RouteTable.Match match) {
        byte[] output;
        try {
            output = invoke("auth", authorizer, Json.bytes(HttpApiEvents.authorizer(in, match)), AUTHORIZER_TIMEOUT_MILLIS);
        } catch (Exception e) {
            LOG.error("authorizer failed", e);
            return new Verdict(null, Reply.message(500, "Internal Server Error"));
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(output);
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.path("isAuthorized").isBoolean()) {
            LOG.error("authorizer returned no simple response (isAuthorized missing)");
            return new Verdict(null, Reply.message(500, "Internal Server Error"));
        }
        if (!answer.get("isAuthorized").asBoolean()) {
            return new Verdict(null, Reply.message(403, "Forbidden"));
        }
        return new Verdict(answer.path("context").isObject() ? answer.get("context") : Json.object(), null);
    }

    private byte[] invoke(String function, LambdaInvoker handler, byte[] event, long timeoutMillis)
            throws Exception {
        Future<byte[]> result = invocations.submit(() ->
                handler.invoke(event, new LocalLambdaContext(FUNCTION_NAME_PREFIX + function, timeoutMillis - 1000)));
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            result.cancel(true);
            throw e;
        }
    }

    /**
     * Reads a payload-2.0 response. Like HTTP API: a JSON object with statusCode is a structured
     * response; any other valid JSON is the body of a 200 application/json answer.
     */
    static Reply functionReply(byte[] output) {
        JsonNode node;
        try {
            node = output.length == 0 ? null : Json.MAPPER.readTree(output);
        } catch (IOException e) {
            node = null;
        }
        if (node == null) {
            LOG.error("function returned no valid JSON");
            return Reply.message(500, "Internal Server Error");
        }
        if (!node.isObject() || !node.has("statusCode")) {
            return new Reply(200, Map.of("content-type", List.of("application/json")), output);
        }
        JsonNode status = node.get("statusCode");
        if (!status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
            LOG.error("function returned an invalid statusCode");
            return Reply.message(500, "Internal Server Error");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
        if (node.path("cookies").isArray()) {
            List<String> cookies = new ArrayList<>();
            node.get("cookies").forEach(c -> cookies.add(c.asText()));
            headers.put("set-cookie", cookies);
        }
        JsonNode bodyNode = node.get("body");
        String text = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
        byte[] body = node.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(text)
                : text.getBytes(StandardCharsets.UTF_8);
        return new Reply(status.asInt(), headers, body);
    }

    /**
     * The request body, or null when it exceeds HTTP API's limit. An oversized body is still read
     * (up to a bound) so that the client, still sending, receives the 413 rather than a reset.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length <= MAX_BODY_BYTES) {
                return body;
            }
            long drained = body.length;
            byte[] sink = new byte[64 * 1024];
            for (int n; drained < MAX_DRAIN_BYTES && (n = in.read(sink)) > 0; ) {
                drained += n;
            }
            return null;
        }
    }

    /** The request headers plus the ones HTTP API adds on the way to the integration. */
    private static Map<String, List<String>> forwardedHeaders(HttpExchange exchange, String sourceIp) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        List<String> xff = new ArrayList<>(headers.getOrDefault("x-forwarded-for", List.of()));
        xff.add(sourceIp);
        headers.put("x-forwarded-for", List.of(String.join(", ", xff)));
        headers.put("x-forwarded-port", List.of(Integer.toString(exchange.getLocalAddress().getPort())));
        headers.put("x-forwarded-proto", List.of("http"));
        headers.putIfAbsent("x-amzn-trace-id", List.of(traceId()));
        return headers;
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        var out = exchange.getResponseHeaders();
        reply.headers().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> out.add(name, v));
            }
        });
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || reply.status() == 204
                || reply.status() == 304 || reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(reply.body());
            }
        }
    }

    /** An HTTP answer. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        static Reply message(int status, String message) {
            return new Reply(status, Map.of("content-type", List.of("application/json")),
                    Json.bytes(Json.object().put("message", message)));
        }

        Reply withRequestId(String requestId) {
            Map<String, List<String>> h = new LinkedHashMap<>(headers);
            h.put("apigw-requestid", List.of(requestId));
            return new Reply(status, h, body);
        }
    }

    /** Shaped like HTTP API's request ids ("JKJaXmPLvHcESHA="): unique per request. */
    private static String newRequestId() {
        byte[] b = new byte[11];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String traceId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        StringBuilder hex = new StringBuilder();
        for (byte x : b) {
            hex.append(String.format("%02x", x));
        }
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        invocations.shutdownNow();
    }
}
