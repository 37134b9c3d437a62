package com.llmgateway.gateway.converse;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
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
 * (and adds its gateway key as {@code x-api-key}). The request becomes an OpenAI chat body and
 * goes through {@link ChatService} (allow-list, admission, cache, ledger under route
 * {@code converse}); the answer and every error come back in Bedrock's shapes. {@code modelId} is
 * a catalog name, a Bedrock model id or an inference-profile id that the catalog knows.
 */
public final class ConverseService {

    private static final Logger LOG = LoggerFactory.getLogger(ConverseService.class);

    private final ChatService chat;

    public ConverseService(ChatService chat) {
        this.chat = chat;
    }

    /** Never throws a {@link GatewayException}: every failure is answered in Bedrock's error shape. */
    public ApiResponse converse(ApiRequest request, String requestId) {
        try {
            CallerContext caller = CallerContext.from(request);
            // The chat pipeline resolves the id (catalog name, alias, Bedrock model or profile id), or answers 404.
            String body = Json.write(ConverseRequests.toChatBody(request.body(), modelId(request.path("modelId"))));
            ApiResponse completion = chat.complete(body, caller, requestId, request.header("cache-control"),
                    ChatService.CONVERSE_ROUTE);
            Map<String, String> headers = new LinkedHashMap<>(completion.headers());
            headers.put("content-type", ApiResponse.JSON);
            return new ApiResponse(200, headers, Json.write(ConverseResponses.fromCompletion(Json.parse(completion.body()))));
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

    private static String modelId(String raw) {
        String modelId = decode(raw == null ? "" : raw).trim();
        if (modelId.isEmpty()) {
            throw ConverseRequests.invalid("The path must name a model: /model/{modelId}/converse.", "modelId");
        }
        return modelId;
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
