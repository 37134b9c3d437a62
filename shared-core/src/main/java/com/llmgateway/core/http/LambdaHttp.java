package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import java.util.function.Function;

/**
 * The request lifecycle every HTTP function shares: parse the payload-2.0 event, put the request
 * id in every log line, run the route, and map a {@link GatewayException} (or anything
 * unexpected) to an OpenAI-shaped error. No stack trace or internal message reaches a caller.
 */
public final class LambdaHttp {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaHttp.class);

    private LambdaHttp() {
    }

    public static void handle(InputStream in, OutputStream out, Context context, Function<ApiRequest, ApiResponse> route)
            throws IOException {
        com.llmgateway.core.observability.RequestMetrics.coldStart(context);
        ApiResponse response = PowertoolsLogging.withLogging(context, () -> {
            ApiRequest request;
            try {
                request = ApiRequest.parse(in);
            } catch (JsonProcessingException e) {
                return ApiResponse.error(GatewayException.badRequest("The request event is not valid JSON.", null));
            } catch (IOException e) {
                return ApiResponse.error(GatewayException.internal());
            }
            String requestId = request.requestId().isEmpty() ? UUID.randomUUID().toString() : request.requestId();
            MDC.put("request_id", requestId);
            MDC.put("route", String.valueOf(request.routeKey()));
            try {
                return respond(request, route).withHeader("x-request-id", requestId);
            } finally {
                MDC.remove("request_id");
                MDC.remove("route");
            }
        });
        out.write(Json.bytes(response.toEvent()));
        out.flush();
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
