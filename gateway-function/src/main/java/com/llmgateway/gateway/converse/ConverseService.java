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
 * {@code modelId} is a catalog name, a Bedrock model id or an inference-profile id that the
 * catalog knows.
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

    /** Never throws a {@link GatewayException}: every failure is answered in Bedrock's error shape. */
    public ApiResponse converse(ApiRequest request, CallerContext caller, String requestId) {
        try {
            String modelId = decode(request.path("modelId") == null ? "" : request.path("modelId")).trim();
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
