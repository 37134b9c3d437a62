package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.llmgateway.core.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

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

    /** Runs the route and turns failures into responses; used directly by tests. */
    public static ApiResponse respond(ApiRequest request, Function<ApiRequest, ApiResponse> route) {
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
