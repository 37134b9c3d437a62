package com.llmgateway.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
 * <p>The front door is {@link FrontDoor} (Jetty's core server): HTTP/1.1 and HTTP/2 with prior
 * knowledge on one port, as API Gateway takes both from clients (the JS AWS SDK's Bedrock client
 * speaks only HTTP/2); response header names are lower-case, as API Gateway sends them.
 *
 * <p>API Gateway's own answers keep its shape: {@code {"message":"Bad Request"}} (400: a request
 * line, header or percent-escape that does not parse), {@code "Forbidden"} (403),
 * {@code "Not Found"} (404), {@code "Request Entity Too Large"} (413),
 * {@code "Request Header Fields Too Large"} (431: request line and headers over 10240 bytes),
 * {@code "Internal Server Error"} (500) and {@code "Service Unavailable"} (503, integration
 * timeout), each with an {@code apigw-requestid}.
 */
public final class HttpApiStandIn implements AutoCloseable {

    /** HTTP API's request payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** Lambda's synchronous invocation payload limit: a bigger event never reaches the function. */
    public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    /** HTTP API's limit on the request line and the header values together. */
    public static final int MAX_HEADER_BYTES = 10_240;
    /** What the front door parses at most (names and framing included) before refusing with 431. */
    private static final int MAX_PARSED_HEADER_BYTES = 32 * 1024;
    /** How much of an oversized body is read and dropped before answering 413. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    /** HTTP API's maximum integration timeout. */
    public static final long INTEGRATION_TIMEOUT_MILLIS = 30_000;
    public static final long AUTHORIZER_TIMEOUT_MILLIS = 10_000;
    /** Function names as Terraform gives them by default: llmgw-gateway, llmgw-auth, llmgw-usage. */
    public static final String FUNCTION_NAME_PREFIX = "llmgw-";

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiStandIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> HOP_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade");

    private final FrontDoor server;
    private final ExecutorService invocations;
    private final RouteTable routes;
    private final Map<String, LambdaInvoker> functions;
    private final LambdaInvoker authorizer;
    private final Map<String, RequestStreamHandler> streamers;
    /** A function URL's limit on a streamed response's duration. */
    static final long STREAM_TIMEOUT_MILLIS = 15 * 60_000;

    private HttpApiStandIn(int port, RouteTable routes, Map<String, ?> functions, Object authorizer,
                           Map<String, RequestStreamHandler> streamers) {
        this.streamers = Map.copyOf(streamers);
        this.invocations = Executors.newCachedThreadPool(daemon("lambda-invoke"));
        this.routes = routes;
        Map<String, LambdaInvoker> invokers = new LinkedHashMap<>();
        functions.forEach((name, handler) -> invokers.put(name, LambdaInvoker.of(handler)));
        this.functions = Map.copyOf(invokers);
        this.authorizer = authorizer == null ? null : LambdaInvoker.of(authorizer);
        this.server = FrontDoor.start(port, MAX_PARSED_HEADER_BYTES, this::serve, HttpApiStandIn::refuse);
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
        return new HttpApiStandIn(port, routes, functions, authorizer, Map.of());
    }

    /**
     * As {@link #start(int, RouteTable, Map, Object)}, and a request that asks for a stream
     * ({@code POST /model/{id}/converse-stream}, or a chat completion with {@code "stream": true})
     * to a function of {@code streamers} is relayed from that function's streaming handler as it
     * is produced (the function URL's http-integration-response: prelude, eight NULs, body), as the
     * deployed streaming path does; AWS's HTTP API itself would buffer it (docs/streaming.md).
     */
    public static HttpApiStandIn start(int port, RouteTable routes, Map<String, ?> functions, Object authorizer,
                                       Map<String, RequestStreamHandler> streamers) {
        return new HttpApiStandIn(port, routes, functions, authorizer, streamers);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.port();
    }

    /** One request as the front door received it, before API Gateway's own processing. */
    record Exchange(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                    InputStream body, String sourceIp, int localPort, String protocol) {
    }

    private Reply serve(Exchange exchange) throws IOException {
        try {
            return dispatch(exchange);
        } catch (RuntimeException e) {
            LOG.error("stand-in failure", e);
            return Reply.message(500, "Internal Server Error");
        }
    }

    /** API Gateway's answer to a request that the front door could not parse: its status, in JSON. */
    static Reply refuse(int status) {
        Reply reply = switch (status) {
            case 413 -> Reply.message(413, "Request Entity Too Large");
            // HTTP API counts the request line in its header limit: a long one is a 431 too.
            case 414, 431 -> Reply.message(431, "Request Header Fields Too Large");
            case 500 -> Reply.message(500, "Internal Server Error");
            // Anything else Jetty refuses is the request's fault (a 505 is an HTTP version that does not exist).
            default -> status > 400 && status < 500 ? Reply.message(status, HttpStatus.getMessage(status))
                    : Reply.message(400, "Bad Request");
        };
        return reply.withRequestId(newRequestId());
    }

    private Reply dispatch(Exchange exchange) throws IOException {
        String requestId = newRequestId();
        if (headerBytes(exchange) > MAX_HEADER_BYTES) {
            return Reply.message(431, "Request Header Fields Too Large").withRequestId(requestId);
        }
        byte[] body = readBody(exchange.body());
        if (body == null) {
            return Reply.message(413, "Request Entity Too Large").withRequestId(requestId);
        }
        String method = exchange.method().toUpperCase(Locale.ROOT);
        String path = decodePath(exchange.rawPath());
        if (path == null) {
            return Reply.message(400, "Bad Request").withRequestId(requestId);
        }
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
        String sourceIp = exchange.sourceIp();
        HttpApiEvents.Incoming in = new HttpApiEvents.Incoming(method, path, exchange.rawQuery(),
                forwardedHeaders(exchange), body, sourceIp, exchange.protocol(), requestId, Instant.now());

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
        RequestStreamHandler streamer = streamers.get(route.function());
        if (streamer != null && asksForStream(method, path, route, body)) {
            String name = route.function();
            return Reply.relay(sink -> relayStream(name, streamer, eventBytes, sink, requestId));
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

    /** converse-stream, or a chat completion whose (uncompressed JSON) body says {@code "stream": true}. */
    static boolean asksForStream(String method, String path, RouteTable.Route route, byte[] body) {
        if (!method.equals("POST")) {
            return false;
        }
        if (path.startsWith("/model/") && path.endsWith("/converse-stream")) {
            return true;
        }
        if (!route.routeKey().startsWith("POST /v1/chat")) {
            return false;
        }
        try {
            return Json.MAPPER.readTree(body).path("stream").asBoolean(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Runs the streaming handler on this thread, its output relayed to the client as it comes. */
    static void relayStream(String function, RequestStreamHandler streamer, byte[] event,
                                    com.llmgateway.core.http.ResponseSink sink, String requestId) throws IOException {
        PreludeRelay out = new PreludeRelay(sink, requestId);
        streamer.handleRequest(new java.io.ByteArrayInputStream(event), out,
                new LocalLambdaContext(FUNCTION_NAME_PREFIX + function, STREAM_TIMEOUT_MILLIS));
        out.flush();
        if (!sink.begun()) {
            LOG.error("function {} streamed no http-integration-response prelude", function);
            throw new IOException("no prelude");
        }
    }

    /**
     * Reads a function URL's http-integration-response as the function writes it: the JSON prelude
     * ({@code statusCode}, {@code headers}, {@code cookies}) up to eight NUL bytes, which begins the
     * client's response; every later byte goes straight through, each flush pushed to the client.
     */
    static final class PreludeRelay extends java.io.OutputStream {
        private static final int MAX_PRELUDE = 64 * 1024;
        private final com.llmgateway.core.http.ResponseSink sink;
        private final String requestId;
        private final ByteArrayOutputStream prelude = new ByteArrayOutputStream();
        private java.io.OutputStream body;

        PreludeRelay(com.llmgateway.core.http.ResponseSink sink, String requestId) {
            this.sink = sink;
            this.requestId = requestId;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (body != null) {
                body.write(b, off, len);
                return;
            }
            prelude.write(b, off, len);
            byte[] bytes = prelude.toByteArray();
            int end = preludeEnd(bytes);
            if (end < 0) {
                if (bytes.length > MAX_PRELUDE) {
                    throw new IOException("http-integration-response prelude too long");
                }
                return;
            }
            JsonNode meta = Json.MAPPER.readTree(new String(bytes, 0, end, StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            meta.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            headers.put("apigw-requestid", requestId);
            body = sink.begin(meta.path("statusCode").asInt(200), headers);
            if (bytes.length > end + 8) {
                body.write(bytes, end + 8, bytes.length - end - 8);
            }
        }

        @Override
        public void flush() throws IOException {
            if (body != null) {
                body.flush();
            }
        }

        private static int preludeEnd(byte[] bytes) {
            int run = 0;
            for (int i = 0; i < bytes.length; i++) {
                run = bytes[i] == 0 ? run + 1 : 0;
                if (run == 8) {
                    return i - 7;
                }
            }
            return -1;
        }
    }

    /** What HTTP API counts against its 10240-byte limit: the request line and the header values. */
    private static long headerBytes(Exchange exchange) {
        long n = exchange.method().length() + 1 + exchange.rawPath().length()
                + (exchange.rawQuery().isEmpty() ? 0 : 1 + exchange.rawQuery().length()) + 1 + exchange.protocol().length();
        for (List<String> values : exchange.headers().values()) {
            for (String v : values) {
                n += v.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    /**
     * The path that routes match and the events carry: the raw path percent-decoded once (UTF-8;
     * {@code +} stays {@code +}), or null when an escape is malformed ({@code %zz}, a lone
     * {@code %}), which API Gateway refuses with 400.
     */
    static String decodePath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0
                        || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                    return null;
                }
                escaped.write(HexFormat.fromHexDigits(rawPath, i + 1, i + 3));
                i += 2;
            } else {
                // A run of escapes is UTF-8 bytes: decoded together, so %C3%A9 is one character.
                out.append(escaped.toString(StandardCharsets.UTF_8)).append(c);
                escaped.reset();
            }
        }
        return out.append(escaped.toString(StandardCharsets.UTF_8)).toString();
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
    private static byte[] readBody(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length <= MAX_BODY_BYTES) {
                return bytes;
            }
            long drained = bytes.length;
            byte[] sink = new byte[64 * 1024];
            for (int n; drained < MAX_DRAIN_BYTES && (n = in.read(sink)) > 0; ) {
                drained += n;
            }
            return null;
        }
    }

    /** The request headers plus the ones HTTP API adds on the way to the integration. */
    private static Map<String, List<String>> forwardedHeaders(Exchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        List<String> xff = new ArrayList<>(headers.getOrDefault("x-forwarded-for", List.of()));
        xff.add(exchange.sourceIp());
        headers.put("x-forwarded-for", List.of(String.join(", ", xff)));
        headers.put("x-forwarded-port", List.of(Integer.toString(exchange.localPort())));
        headers.put("x-forwarded-proto", List.of("http"));
        headers.putIfAbsent("x-amzn-trace-id", List.of(traceId()));
        return headers;
    }

    /** The headers of a reply as they go on the wire: lower-case names, no hop-by-hop headers. */
    static Map<String, List<String>> wireHeaders(Reply reply) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        reply.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_HEADERS.contains(lower)) {
                out.computeIfAbsent(lower, k -> new ArrayList<>()).addAll(values);
            }
        });
        return out;
    }

    /**
     * An HTTP answer; with a {@code relay}, one written as it is produced (status and headers
     * included, when it begins) instead of {@code status}, {@code headers} and {@code body}.
     */
    record Reply(int status, Map<String, List<String>> headers, byte[] body, Relay relay) {
        Reply(int status, Map<String, List<String>> headers, byte[] body) {
            this(status, headers, body, null);
        }

        static Reply relay(Relay relay) {
            return new Reply(200, Map.of(), new byte[0], relay);
        }

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

    /** A reply produced as it goes: it begins {@code sink} (status, headers), then writes the body. */
    interface Relay {
        void run(com.llmgateway.core.http.ResponseSink sink) throws IOException;
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
        server.close();
        invocations.shutdownNow();
    }
}
