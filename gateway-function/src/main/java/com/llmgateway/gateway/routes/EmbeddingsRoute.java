package com.llmgateway.gateway.routes;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.embeddings.EmbeddingRequestParser;
import com.llmgateway.gateway.embeddings.EmbeddingResult;
import com.llmgateway.gateway.embeddings.EmbeddingService;
import com.llmgateway.gateway.embeddings.EmbeddingsJson;

/** {@code POST /v1/embeddings}: OpenAI embeddings on Bedrock's embedding models. */
public final class EmbeddingsRoute implements RouteDispatcher.Handler {

    private final EmbeddingService embeddings;
    private final EmbeddingRequestParser parser;

    public EmbeddingsRoute(EmbeddingService embeddings, EmbeddingRequestParser parser) {
        this.embeddings = embeddings;
        this.parser = parser;
    }

    /** Where no embeddings pipeline is wired (tests of other routes): a 503 in OpenAI's shape. */
    public static RouteDispatcher.Handler unavailable() {
        return (request, caller) -> {
            throw GatewayException.upstream(503, "embeddings_unavailable", "Embeddings are not available on this gateway.");
        };
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallerContext caller) {
        // The body is read inside the pipeline, so that one that cannot be decoded is recorded like any refusal.
        EmbeddingResult result = embeddings.embed(new ChatCall(caller, request.requestId(), EmbeddingService.ROUTE,
                request.header("cache-control"), request.bodyBytes()), () -> parser.parse(request.body()));
        return ApiResponse.json(200, EmbeddingsJson.of(result)).withHeaders(result.headers());
    }
}
