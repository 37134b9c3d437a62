package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The request lifecycle of a function that answers through Lambda response streaming behind a
 * function URL ({@code invoke_mode = "RESPONSE_STREAM"}): the payload-2.0 event (a function URL
 * sends that format) in, and out the function URL's HTTP integration response: a JSON prelude
 * ({@code statusCode}, {@code headers}, {@code cookies}), eight NUL bytes, then the body, each
 * piece flushed as it is written. The same route code as {@link LambdaHttp}; a streamed body
 * ({@link ApiResponse#streamed()}) goes out as it is produced, an ordinary one whole.
 *
 * <p>A function URL has no Lambda authorizer: an event without the authorizer's context gets it
 * from {@code authenticate} (the function's own key check, the same rules and the same context
 * shape as the authorizer's), so routes see callers exactly as behind HTTP API.
 */
public final class StreamingLambda {

    /** The content type of the function's answer that tells a function URL a prelude comes first. */
    public static final String HTTP_INTEGRATION_RESPONSE = "application/vnd.awslambda.http-integration-response";
    private static final byte[] PRELUDE_END = new byte[8];
    private static final Logger LOG = LoggerFactory.getLogger(StreamingLambda.class);
    private static final ObjectMapper EVENTS = Json.MAPPER.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StreamingLambda() {
    }

    /**
     * One invocation.
     *
     * @param authenticate the authorizer context for a request that arrived without one (a function
     *                     URL's); {@link CallerContext#denial} shapes a refusal
     */
    public static void handle(InputStream event, OutputStream out, Context context, long maxBodyBytes,
                              Function<ApiRequest, Map<String, String>> authenticate,
                              Function<ApiRequest, ApiResponse> route) throws IOException {
        ApiRequest request;
        try {
            request = ApiRequest.from(EVENTS.readValue(event, APIGatewayV2HTTPEvent.class), maxBodyBytes);
        } catch (IOException | RuntimeException e) {
            write(out, ApiResponse.error(GatewayException.badRequest("The request event could not be read.", null)));
            return;
        }
        String requestId = request.requestId().isEmpty() ? UUID.randomUUID().toString() : request.requestId();
        request = request.withRequestId(requestId);
        if (request.authorizer().isEmpty() && authenticate != null) {
            // A function URL's event: every request is "$default"; the route comes from method and path.
            if ("$default".equals(request.routeKey())) {
                request = new ApiRequest(null, request.method(), request.rawPath(), request.rawQueryString(), request.headers(),
                        request.queryParameters(), request.pathParameters(), request.bodyRefusal() == null ? request.body() : "",
                        request.requestId(), request.sourceIp(), request.timeEpochMillis(), request.authorizer(),
                        request.bodyRefusal());
            }
            request = request.withAuthorizer(authenticate.apply(request));
        }
        MDC.put("request_id", requestId);
        MDC.put("route", String.valueOf(request.routeKey()));
        try {
            ApiResponse response = LambdaHttp.respondStreaming(request, route).withHeader("x-request-id", requestId);
            if (response.streamed() == null) {
                write(out, response);
                return;
            }
            Sink sink = new Sink(out, response.headers());
            try {
                response.streamed().writeTo(sink);
            } catch (GatewayException e) {
                if (!sink.begun()) {
                    write(out, ApiResponse.error(e).withHeaders(response.headers()));
                }
            } catch (RuntimeException e) {
                LOG.error("streamed response failed", e);
                if (!sink.begun()) {
                    write(out, ApiResponse.error(GatewayException.internal()).withHeaders(response.headers()));
                }
            }
            out.flush();
        } finally {
            MDC.remove("request_id");
            MDC.remove("route");
        }
    }

    /** An ordinary response as prelude and body. */
    static void write(OutputStream out, ApiResponse response) throws IOException {
        prelude(out, response.statusCode(), response.headers());
        out.write(response.base64Encoded() ? Base64.getDecoder().decode(response.body())
                : response.body().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static void prelude(OutputStream out, int status, Map<String, String> headers) throws IOException {
        ObjectNode prelude = Json.object().put("statusCode", status);
        ObjectNode h = prelude.putObject("headers");
        headers.forEach(h::put);
        prelude.putArray("cookies");
        out.write(Json.bytes(prelude));
        out.write(PRELUDE_END);
        out.flush();
    }

    /** The function's response stream, begun with the prelude. */
    private static final class Sink implements ResponseSink {
        private final OutputStream out;
        private final Map<String, String> extra;
        private boolean begun;

        Sink(OutputStream out, Map<String, String> extra) {
            this.out = out;
            this.extra = extra;
        }

        @Override
        public OutputStream begin(int status, Map<String, String> headers) throws IOException {
            if (begun) {
                throw new IllegalStateException("the response began twice");
            }
            begun = true;
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(extra);
            prelude(out, status, all);
            return out;
        }

        @Override
        public boolean begun() {
            return begun;
        }
    }
}
