package com.llmgateway.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * A stand-in for Amazon Bedrock Runtime on loopback that speaks its wire protocol (REST-JSON),
 * so the real {@code BedrockRuntimeClient} can be pointed at it with an endpoint override.
 *
 * <ul>
 *   <li>Control from a script: {@code POST /_standin/faults} also takes {@code token_delay_ms},
 *       {@code hold_streams: true} and {@code release_streams: true}; {@code GET /_standin/stats}
 *       reports {@code streams_started} and {@code streams_finished}.</li>
 *   <li>{@code POST /model/{modelId}/converse}: Converse JSON in and out; the model id arrives
 *       percent-encoded and is decoded. Replies are deterministic (see {@link ConverseReplies}).</li>
 *   <li>{@code POST /model/{modelId}/invoke}: InvokeModel for the embedding models, deterministic
 *       unit vectors in each family's shape (see {@link EmbeddingReplies}).</li>
 *   <li>{@code POST /model/{modelId}/converse-stream}: the same request, the same reply as a
 *       stream of AWS event-stream frames ({@link ConverseStreamReplies}), one token per
 *       {@code contentBlockDelta}, {@link #setTokenDelayMillis(long)} apart; faults queued before the
 *       stream are HTTP errors, {@link Fault#STREAM_ERROR} and {@link Fault#STREAM_CUT} strike after the
 *       first delta; {@link #holdStreams(CountDownLatch)} holds every stream before its
 *       {@code messageStop} until released, so a test can see a first chunk arrive before the last.</li>
 *   <li>Errors as Bedrock sends them: the status, {@code x-amzn-ErrorType: <Name>} and
 *       {@code {"message": ...}}, which the SDK maps to its typed exceptions.</li>
 *   <li>{@code POST /_standin/faults} {@code {"fault":"THROTTLE","times":3}}: queue faults from a
 *       script; {@code GET /_standin/stats}: {@code {"requests": n}}.</li>
 * </ul>
 * Signatures are not checked. Bound to 127.0.0.1 only.
 */
public final class BedrockStandIn implements AutoCloseable {

    /** Faults that tests can inject; each applies to the next converse requests, in order. */
    public enum Fault {
        /** 429 ThrottlingException (the SDK retries it). */
        THROTTLE(429, "ThrottlingException", "Too many requests, please wait before trying again."),
        /** No answer for {@link #setTimeoutDelayMillis(long)} (default 35 s), past the client's timeout. */
        TIMEOUT(0, null, null),
        /** 500 InternalServerException (the SDK retries it). */
        SERVER_ERROR(500, "InternalServerException", "The server encountered an internal error."),
        /** 400 ValidationException. */
        VALIDATION(400, "ValidationException", "The provided request is not valid."),
        /** 403 AccessDeniedException. */
        ACCESS_DENIED(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."),
        /** 404 ResourceNotFoundException. */
        NOT_FOUND(404, "ResourceNotFoundException", "The specified model could not be found."),
        /** 408 ModelTimeoutException. */
        MODEL_TIMEOUT(408, "ModelTimeoutException", "The request took too long to process."),
        /** 503 ServiceUnavailableException (the SDK retries it). */
        UNAVAILABLE(503, "ServiceUnavailableException", "The service is temporarily unavailable."),
        /**
         * ConverseStream only (a Converse request ignores it): after the first delta, an exception
         * frame {@code internalServerException}, and the stream ends without messageStop or metadata.
         */
        STREAM_ERROR(200, "internalServerException", "The server encountered an internal error while streaming."),
        /** ConverseStream only: the stream ends after the first delta, without messageStop or metadata. */
        STREAM_CUT(200, null, null);

        boolean midStream() {
            return this == STREAM_ERROR || this == STREAM_CUT;
        }

        final int status;
        final String errorType;
        final String message;

        Fault(int status, String errorType, String message) {
            this.status = status;
            this.errorType = errorType;
            this.message = message;
        }
    }

    private static final String CONVERSE_PREFIX = "/model/";
    private static final String CONVERSE_SUFFIX = "/converse";
    private static final String INVOKE_SUFFIX = "/invoke";
    private static final String STREAM_SUFFIX = "/converse-stream";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong latencyMillis = new AtomicLong();
    private final AtomicLong timeoutDelayMillis = new AtomicLong(35_000);
    private final AtomicLong tokenDelayMillis = new AtomicLong();
    private final AtomicInteger streamsStarted = new AtomicInteger();
    private final AtomicInteger streamsFinished = new AtomicInteger();
    private volatile CountDownLatch streamHold;
    private volatile BiPredicate<String, String> invokePolicy = (accessKeyId, modelId) -> true;

    private BedrockStandIn(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1:{@code port}; 0 picks a free port. */
    public static BedrockStandIn start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bedrock-standin-", 0).factory());
        BedrockStandIn standIn = new BedrockStandIn(server, executor);
        server.createContext("/", standIn::handle);
        server.setExecutor(executor);
        server.start();
        return standIn;
    }

    /** Runs the stand-in alone: {@code BedrockStandIn [port]} (default 0, a free port); prints its endpoint. */
    public static void main(String[] args) throws InterruptedException {
        BedrockStandIn standIn = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println("Bedrock stand-in listening on " + standIn.endpoint());
        Thread.currentThread().join();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} converse requests fail with {@code kind}, after any faults already queued. */
    public void injectFault(Fault kind, int times) {
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.addLast(kind);
            }
        }
    }

    /**
     * Who may invoke which model, as IAM would decide {@code bedrock:InvokeModel}: called with the
     * access key id of the request's SigV4 {@code Authorization} header (null when absent) and the
     * model or inference-profile id. A refusal is a 403 {@code AccessDeniedException}. Default: all.
     */
    public void setInvokePolicy(BiPredicate<String, String> policy) {
        invokePolicy = policy == null ? (accessKeyId, modelId) -> true : policy;
    }

    /** Drops faults not yet served. */
    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** Extra time before every converse answer, reported in metrics.latencyMs too. */
    public void setLatencyMillis(long millis) {
        latencyMillis.set(Math.max(0, millis));
    }

    /** How long a TIMEOUT fault holds the request before answering. */
    public void setTimeoutDelayMillis(long millis) {
        timeoutDelayMillis.set(Math.max(0, millis));
    }

    /** Time between two events of a ConverseStream answer (each token is one event). */
    public void setTokenDelayMillis(long millis) {
        tokenDelayMillis.set(Math.max(0, millis));
    }

    /**
     * Every ConverseStream answer from now on waits, before its {@code messageStop}, until
     * {@code hold} is released (at most 60 s); null stops holding.
     */
    public void holdStreams(CountDownLatch hold) {
        streamHold = hold;
    }

    /** ConverseStream answers begun (their headers sent). */
    public int streamsStarted() {
        return streamsStarted.get();
    }

    /** ConverseStream answers whose last frame went out (or that a fault or a gone client ended). */
    public int streamsFinished() {
        return streamsFinished.get();
    }

    /** Converse requests received, faults and retries included. */
    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            byte[] body = readAll(exchange.getRequestBody());
            if (method.equals("POST") && path.startsWith(CONVERSE_PREFIX) && path.endsWith(CONVERSE_SUFFIX)
                    && path.length() > CONVERSE_PREFIX.length() + CONVERSE_SUFFIX.length()) {
                String rawId = path.substring(CONVERSE_PREFIX.length(), path.length() - CONVERSE_SUFFIX.length());
                converse(exchange, URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8), body, false);
            } else if (method.equals("POST") && path.startsWith(CONVERSE_PREFIX) && path.endsWith(STREAM_SUFFIX)
                    && path.length() > CONVERSE_PREFIX.length() + STREAM_SUFFIX.length()) {
                String rawId = path.substring(CONVERSE_PREFIX.length(), path.length() - STREAM_SUFFIX.length());
                converse(exchange, URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8), body, true);
            } else if (method.equals("POST") && path.startsWith(CONVERSE_PREFIX) && path.endsWith(INVOKE_SUFFIX)
                    && path.length() > CONVERSE_PREFIX.length() + INVOKE_SUFFIX.length()) {
                String rawId = path.substring(CONVERSE_PREFIX.length(), path.length() - INVOKE_SUFFIX.length());
                invoke(exchange, URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8), body);
            } else if (method.equals("POST") && path.equals("/_standin/faults")) {
                control(exchange, body);
            } else if (method.equals("GET") && path.equals("/_standin/stats")) {
                ObjectNode stats = Json.object().put("requests", requestCount())
                        .put("streams_started", streamsStarted()).put("streams_finished", streamsFinished());
                send(exchange, 200, null, stats);
            } else {
                error(exchange, 404, "UnknownOperationException", "The stand-in serves POST /model/{modelId}/converse and /converse-stream only.");
            }
        }
    }

    private void converse(HttpExchange exchange, String modelId, byte[] body, boolean stream) throws IOException {
        requests.incrementAndGet();
        String accessKeyId = accessKeyId(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!invokePolicy.test(accessKeyId, modelId)) {
            String resource = modelId.matches("^(us|eu|apac|global|us-gov|jp|au|ca)\\..*")
                    ? "arn:aws:bedrock:us-east-1:000000000000:inference-profile/" + modelId
                    : "arn:aws:bedrock:us-east-1::foundation-model/" + modelId;
            error(exchange, 403, "AccessDeniedException", "User: arn:aws:iam::000000000000:user/" + accessKeyId
                    + " is not authorized to perform: bedrock:InvokeModel on resource: " + resource
                    + " because no identity-based policy allows the bedrock:InvokeModel action");
            return;
        }
        Fault fault;
        synchronized (faults) {
            fault = faults.pollFirst();
        }
        if (fault == Fault.TIMEOUT) {
            if (!sleep(timeoutDelayMillis.get())) {
                return;
            }
            fault = null;
        }
        Fault midStream = null;
        if (fault != null && fault.midStream()) {
            midStream = stream ? fault : null;
            fault = null;
        }
        if (fault != null) {
            error(exchange, fault.status, fault.errorType, fault.message);
            return;
        }
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            error(exchange, 400, "ValidationException", "The request body is not valid JSON.");
            return;
        }
        long started = System.nanoTime();
        String invalid = ConverseReplies.validate(request);
        if (invalid != null) {
            error(exchange, 400, "ValidationException", invalid);
            return;
        }
        if (!sleep(latencyMillis.get())) {
            return;
        }
        long latency = (System.nanoTime() - started) / 1_000_000;
        ObjectNode reply = ConverseReplies.reply(modelId, request, latency);
        if (stream) {
            stream(exchange, reply, midStream);
        } else {
            send(exchange, 200, null, reply);
        }
    }

    /** The reply as event-stream frames, one flushed chunk each, {@link #tokenDelayMillis} apart. */
    private void stream(HttpExchange exchange, ObjectNode reply, Fault midStream) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", ConverseStreamReplies.CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(200, 0);
        streamsStarted.incrementAndGet();
        boolean firstDelta = true;
        try (OutputStream out = exchange.getResponseBody()) {
            for (ConverseStreamReplies.Event event : ConverseStreamReplies.events(reply)) {
                if (event.type().equals("messageStop")) {
                    CountDownLatch hold = streamHold;
                    if (hold != null && !await(hold)) {
                        return;
                    }
                }
                if (event.isDelta() && !firstDelta && !sleep(tokenDelayMillis.get())) {
                    return;
                }
                out.write(ConverseStreamReplies.frame(event));
                out.flush();
                if (event.isDelta() && firstDelta) {
                    firstDelta = false;
                    if (midStream == Fault.STREAM_ERROR) {
                        out.write(ConverseStreamReplies.exception(midStream.errorType, midStream.message));
                        out.flush();
                        return;
                    }
                    if (midStream == Fault.STREAM_CUT) {
                        return;
                    }
                }
            }
        } catch (IOException gone) {
            // The client went away (or the fault cut the stream): nothing more to send.
        } finally {
            streamsFinished.incrementAndGet();
        }
    }

    private static boolean await(CountDownLatch hold) {
        try {
            hold.await(60, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code InvokeModel} for the embedding models ({@link EmbeddingReplies}): the same invoke policy
     * and fault queue as Converse, then the family's own answer, with Bedrock's
     * {@code X-Amzn-Bedrock-Input-Token-Count} header.
     */
    private void invoke(HttpExchange exchange, String modelId, byte[] body) throws IOException {
        requests.incrementAndGet();
        String accessKeyId = accessKeyId(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!invokePolicy.test(accessKeyId, modelId)) {
            error(exchange, 403, "AccessDeniedException", "User: arn:aws:iam::000000000000:user/" + accessKeyId
                    + " is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/"
                    + modelId + " because no identity-based policy allows the bedrock:InvokeModel action");
            return;
        }
        Fault fault;
        synchronized (faults) {
            fault = faults.pollFirst();
        }
        if (fault == Fault.TIMEOUT) {
            if (!sleep(timeoutDelayMillis.get())) {
                return;
            }
            fault = null;
        }
        if (fault != null) {
            error(exchange, fault.status, fault.errorType, fault.message);
            return;
        }
        EmbeddingReplies.Reply reply;
        try {
            reply = EmbeddingReplies.reply(modelId, Json.MAPPER.readTree(body));
        } catch (IOException e) {
            error(exchange, 400, "ValidationException", "Malformed input request, please reformat your input and try again.");
            return;
        } catch (EmbeddingReplies.Invalid e) {
            error(exchange, 400, "ValidationException", e.getMessage());
            return;
        }
        if (!sleep(latencyMillis.get())) {
            return;
        }
        exchange.getResponseHeaders().set("X-Amzn-Bedrock-Input-Token-Count", Long.toString(reply.inputTokens()));
        send(exchange, 200, null, reply.body());
    }

    /** The access key id of a SigV4 Authorization header ({@code Credential=AKID/date/region/service/aws4_request}). */
    static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int start = at + "Credential=".length();
        int end = authorization.indexOf('/', start);
        return end > start ? authorization.substring(start, end) : null;
    }

    private void control(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode req;
        try {
            req = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            error(exchange, 400, "ValidationException", "Body must be JSON {\"fault\":\"THROTTLE\",\"times\":3}.");
            return;
        }
        if (req == null || !req.isObject()) {
            error(exchange, 400, "ValidationException", "Body must be JSON {\"fault\":\"THROTTLE\",\"times\":3}.");
            return;
        }
        if (req.hasNonNull("latency_ms")) {
            setLatencyMillis(req.get("latency_ms").asLong());
        }
        if (req.hasNonNull("token_delay_ms")) {
            setTokenDelayMillis(req.get("token_delay_ms").asLong());
        }
        if (req.hasNonNull("timeout_delay_ms")) {
            setTimeoutDelayMillis(req.get("timeout_delay_ms").asLong());
        }
        if (req.hasNonNull("fault")) {
            Fault kind;
            try {
                kind = Fault.valueOf(req.get("fault").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(exchange, 400, "ValidationException", "Unknown fault; use one of " + java.util.Arrays.toString(Fault.values()));
                return;
            }
            injectFault(kind, req.path("times").asInt(1));
        }
        if (req.path("clear").asBoolean(false)) {
            clearFaults();
        }
        // {"hold_streams": true}: hold every stream before its messageStop; {"release_streams": true}: let them go.
        if (req.path("release_streams").asBoolean(false)) {
            CountDownLatch hold = streamHold;
            holdStreams(null);
            if (hold != null) {
                hold.countDown();
            }
        }
        if (req.path("hold_streams").asBoolean(false)) {
            holdStreams(new CountDownLatch(1));
        }
        int queued;
        synchronized (faults) {
            queued = faults.size();
        }
        send(exchange, 200, null, Json.object().put("queued_faults", queued)
                .put("latency_ms", latencyMillis.get()).put("requests", requestCount()));
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, type, Json.object().put("message", message));
    }

    private static void send(HttpExchange exchange, int status, String errorType, JsonNode body) throws IOException {
        byte[] bytes = Json.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** False when interrupted (the stand-in is closing). */
    private static boolean sleep(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
