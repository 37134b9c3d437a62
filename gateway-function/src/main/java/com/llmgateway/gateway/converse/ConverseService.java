package com.llmgateway.gateway.converse;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.chat.ChatResult;
import com.llmgateway.gateway.chat.ChatService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /model/{modelId}/converse}: the Bedrock Converse API in front of the gateway, so an
 * application written against the AWS SDK's {@code BedrockRuntimeClient} only changes its endpoint
 * (and adds its gateway key as {@code x-api-key}). The body is parsed into the neutral request
 * ({@link ConverseRequests}, inside the pipeline so that a refused body is recorded too), goes
 * through {@link ChatService} (allow-list, admission, cache, ledger under route
 * {@code converse}), and the neutral result and every error come back in Bedrock's shapes.
 * {@code modelId} is a catalog name, a Bedrock model id, an inference-profile id or a Bedrock ARN
 * of one that the catalog knows ({@link ConverseModelIds}).
 *
 * <p>Two routes lead here: {@code POST /model/{modelId}/converse}, and the greedy
 * {@code ANY /model/{proxy+}} for what a single path segment cannot hold (an ARN, whose
 * {@code %2F} HTTP API decodes to a {@code /} before matching) and for every other operation under
 * {@code /model/}, which answers Bedrock's 404 {@code UnknownOperationException} (recorded in the
 * ledger like any refused request) rather than an OpenAI-shaped error the SDK cannot read.
 */
public final class ConverseService {

    private static final Logger LOG = LoggerFactory.getLogger(ConverseService.class);

    private final ChatService chat;
    private final ModelCatalog catalog;

    public ConverseService(ChatService chat, ModelCatalog catalog) {
        this.chat = chat;
        this.catalog = catalog;
    }

    /** A key the authorizer or the route's scope refused, in Bedrock's error shape (UnrecognizedClientException...). */
    public ApiResponse refused(GatewayException refusal) {
        return error(refusal);
    }

    /** The operation a path under /model/ names, and its model id: "/model/{modelId}/{operation}". */
    record ModelPath(String modelId, String operation) {
        static final String CONVERSE = "converse";
        static final String CONVERSE_STREAM = "converse-stream";

        /** From the route's path parameters: {@code modelId} (one segment), else {@code proxy} (the rest of the path). */
        static ModelPath of(ApiRequest request) {
            String modelId = request.path("modelId");
            if (modelId != null) {
                return new ModelPath(decode(modelId).trim(), CONVERSE);
            }
            String proxy = request.path("proxy");
            if (proxy == null) {
                proxy = request.rawPath() == null ? "" : request.rawPath().replaceFirst("^/model/?", "");
            }
            proxy = proxy.replaceAll("/+$", "");
            int slash = proxy.lastIndexOf('/');
            if (slash < 0) {
                return new ModelPath(decode(proxy).trim(), "");
            }
            return new ModelPath(decode(proxy.substring(0, slash)).trim(), proxy.substring(slash + 1));
        }
    }

    /** Never throws a {@link GatewayException}: every failure is answered in Bedrock's error shape. */
    public ApiResponse converse(ApiRequest request, CallerContext caller, String requestId) {
        try {
            ModelPath target = ModelPath.of(request);
            if (target.operation().equals(ModelPath.CONVERSE_STREAM) && "POST".equalsIgnoreCase(request.method())) {
                return converseStream(request, caller, requestId, target.modelId());
            }
            if (!target.operation().equals(ModelPath.CONVERSE) || !"POST".equalsIgnoreCase(request.method())) {
                return unknownOperation(request, caller, requestId, target);
            }
            String modelId = target.modelId();
            ChatResult result = chat.complete(new ChatCall(caller, requestId, ChatService.CONVERSE_ROUTE,
                    request.header("cache-control"), request.bodyBytes()), () -> {
                if (modelId.isEmpty()) {
                    throw ConverseRequests.invalid("The path must name a model: /model/{modelId}/converse.", "modelId");
                }
                return ConverseRequests.parse(request.body(), modelId, catalog);
            });
            Map<String, String> headers = new LinkedHashMap<>(result.headers());
            headers.put("content-type", ApiResponse.JSON);
            return new ApiResponse(200, headers, Json.write(ConverseResponses.of(result)));
        } catch (GatewayException e) {
            if (e.status() >= 500) {
                LOG.warn("converse failed status={} code={} cause={}", e.status(), e.code(), LambdaHttp.describe(e.getCause()));
            }
            return error(e);
        } catch (RuntimeException e) {
            LOG.error("converse failed unexpectedly", e);
            return error(GatewayException.internal());
        }
    }

    /**
     * {@code POST /model/{modelId}/converse-stream}: the Converse request, the answer as Bedrock's
     * event stream ({@link ConverseEventStream}), each event sent as Bedrock's ConverseStream
     * delivers it (a cache hit replayed). A failure before the first event is an ordinary HTTP
     * error in Bedrock's shape ({@code x-amzn-ErrorType}); after it, an exception frame.
     */
    private ApiResponse converseStream(ApiRequest request, CallerContext caller, String requestId, String modelId) {
        return ApiResponse.streamed(sink -> {
            try {
                chat.stream(new ChatCall(caller, requestId, ChatService.CONVERSE_ROUTE,
                        request.header("cache-control"), request.bodyBytes()), () -> {
                    if (modelId.isEmpty()) {
                        throw ConverseRequests.invalid("The path must name a model: /model/{modelId}/converse-stream.", "modelId");
                    }
                    return ConverseRequests.parse(request.body(), modelId, catalog);
                }, new ConverseEventStream(sink));
            } catch (GatewayException e) {
                if (e.status() >= 500) {
                    LOG.warn("converse-stream failed status={} code={} cause={}", e.status(), e.code(),
                            LambdaHttp.describe(e.getCause()));
                }
                if (!sink.begun()) {
                    sink.send(error(e));
                }
            } catch (RuntimeException e) {
                LOG.error("converse-stream failed unexpectedly", e);
                if (!sink.begun()) {
                    sink.send(error(GatewayException.internal()));
                }
            }
        });
    }

    /**
     * A path under /model/ that is no operation the gateway serves (invoke, converse-stream, a typo):
     * Bedrock's answer to an unknown operation, recorded in the ledger as the caller's error.
     */
    private ApiResponse unknownOperation(ApiRequest request, CallerContext caller, String requestId, ModelPath target) {
        String op = target.operation().isEmpty() ? "(none)" : ConverseRequests.echo(target.operation());
        GatewayException refusal = new GatewayException(404, "invalid_request_error", "unknown_operation", null,
                "The gateway serves POST /model/{modelId}/converse and /converse-stream; " + request.method() + " of operation '" + op
                        + "' under /model/ is not an operation it offers.").withUpstreamType("UnknownOperationException");
        if (caller != null) {
            refusal = chat.refused(new ChatCall(caller, requestId, ChatService.CONVERSE_ROUTE,
                    request.header("cache-control"), request.bodyBytes()), refusal);
        }
        return error(refusal);
    }

    private static ApiResponse error(GatewayException e) {
        ConverseResponses.Error error = ConverseResponses.error(e);
        return new ApiResponse(error.status(), error.headers(), Json.write(error.body()));
    }

    /** HTTP API hands path parameters over decoded; a still-encoded id (e.g. "%3A") is decoded once more. */
    static String decode(String id) {
        if (!id.contains("%")) {
            return id;
        }
        try {
            return URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return id;
        }
    }
}
