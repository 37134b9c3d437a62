package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.llmgateway.core.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The request lifecycle every HTTP function shares: take the payload-2.0 event as the Lambda
 * runtime deserialized it, put the request id in every log line, run the route (usually a
 * {@link RouteDispatcher}), and map a {@link GatewayException} (or anything
 * unexpected) to an OpenAI-shaped error. No stack trace or internal message reaches a caller.
 */
public final class LambdaHttp {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaHttp.class);

    private LambdaHttp() {
    }

    /**
     * One invocation: the request id (HTTP API's, else a new one) in the MDC for every log line of
     * the request and in the {@code x-request-id} header, the route run through {@link #respond}.
     */
    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context,
                                                  Function<ApiRequest, ApiResponse> route) {
        return handle(event, context, RequestBody.DEFAULT_MAX_BYTES, route);
    }

    /**
     * One invocation, as {@link #handle(APIGatewayV2HTTPEvent, Context, Function)}, with the body
     * read by the rules of {@link RequestBody}.
     *
     * @param maxBodyBytes the largest body a content coding may decode to: the function's own body
     *                     limit, so that a compressed body cannot grow past it in memory
     */
    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context, long maxBodyBytes,
                                                  Function<ApiRequest, ApiResponse> route) {
        com.llmgateway.core.observability.RequestMetrics.coldStart(context);
        ApiResponse response = PowertoolsLogging.withLogging(context, () -> {
            ApiRequest request;
            try {
                request = ApiRequest.from(event, maxBodyBytes);
            } catch (RuntimeException e) {
                // an event the runtime should never deliver (a body that cannot be read is carried, not thrown)
                return ApiResponse.error(GatewayException.badRequest("The request event could not be read.", null));
            }
            String requestId = request.requestId().isEmpty() ? UUID.randomUUID().toString() : request.requestId();
            MDC.put("request_id", requestId);
            MDC.put("route", String.valueOf(request.routeKey()));
            try {
                return respond(request.withRequestId(requestId), route).withHeader("x-request-id", requestId);
            } finally {
                MDC.remove("request_id");
                MDC.remove("route");
            }
        });
        return response.toEvent();
    }

    /**
     * What a log line may say about an upstream failure: its type and AWS request id, never its
     * message (an SDK message can carry prompt fragments, account ids or table names).
     */
    public static String describe(Throwable cause) {
        if (cause == null) {
            return "none";
        }
        if (cause instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws) {
            return cause.getClass().getSimpleName() + " aws_request_id=" + aws.requestId() + " http_status=" + aws.statusCode();
        }
        return cause.getClass().getSimpleName();
    }

    /**
     * Runs the route and turns failures into responses; a streamed body is run into a buffer
     * ({@link #buffer}): the buffered HTTP API path, and tests.
     */
    public static ApiResponse respond(ApiRequest request, Function<ApiRequest, ApiResponse> route) {
        ApiResponse response = respondStreaming(request, route);
        return response.streamed() == null ? response : buffer(response);
    }

    /**
     * A streamed response as one buffered response (what API Gateway's HTTP API makes of any Lambda
     * answer): the status and headers the body began with, its bytes as text for text and JSON
     * types, else base64 (an AWS event stream). A body that fails before it began is answered as
     * its {@link GatewayException}, OpenAI-shaped.
     */
    public static ApiResponse buffer(ApiResponse streamed) {
        BufferSink sink = new BufferSink();
        try {
            streamed.streamed().writeTo(sink);
        } catch (GatewayException e) {
            if (!sink.begun()) {
                return ApiResponse.error(e).withHeaders(streamed.headers());
            }
        } catch (IOException | RuntimeException e) {
            if (!sink.begun()) {
                LOG.error("streamed response failed", e);
                return ApiResponse.error(GatewayException.internal()).withHeaders(streamed.headers());
            }
            LOG.warn("streamed response failed after it began: {}", e.getClass().getSimpleName());
        }
        if (!sink.begun()) {
            return ApiResponse.error(GatewayException.internal()).withHeaders(streamed.headers());
        }
        Map<String, String> headers = new LinkedHashMap<>(sink.headers);
        headers.putAll(streamed.headers());
        String type = headers.getOrDefault("content-type", "");
        byte[] bytes = sink.body.toByteArray();
        boolean text = type.startsWith("text/") || type.startsWith(ApiResponse.JSON);
        return new ApiResponse(sink.status, headers,
                text ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes), !text, null);
    }

    private static final class BufferSink implements ResponseSink {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status;
        Map<String, String> headers;

        @Override
        public OutputStream begin(int status, Map<String, String> headers) {
            if (this.headers != null) {
                throw new IllegalStateException("the response began twice");
            }
            this.status = status;
            this.headers = new LinkedHashMap<>(headers);
            return body;
        }

        @Override
        public boolean begun() {
            return headers != null;
        }
    }

    /** Runs the route and turns failures into responses; a streamed body is returned as it is. */
    public static ApiResponse respondStreaming(ApiRequest request, Function<ApiRequest, ApiResponse> route) {
        try {
            return route.apply(request);
        } catch (GatewayException e) {
            if (e.status() >= 500) {
                LOG.warn("request failed status={} code={} cause={}", e.status(), e.code(), describe(e.getCause()));
            }
            return ApiResponse.error(e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", e);
            return ApiResponse.error(GatewayException.internal());
        }
    }
}
