package com.llmgateway.gateway.routes;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.gateway.converse.ConverseService;

/**
 * {@code POST /model/{modelId}/converse} and {@code ANY /model/{proxy+}} (model ids that hold a
 * {@code /}, such as ARNs, and every other operation under /model/): the Bedrock Converse
 * passthrough, which answers every failure in Bedrock's error shape, refusals of the key included.
 */
public final class ConverseRoute implements RouteDispatcher.Handler {

    private final ConverseService converse;

    public ConverseRoute(ConverseService converse) {
        this.converse = converse;
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallerContext caller) {
        return converse.converse(request, caller, request.requestId());
    }

    /**
     * A refused key (denied by the authorizer, or without the route's scope) answers as Bedrock
     * would (UnrecognizedClientException, AccessDeniedException).
     */
    @Override
    public ApiResponse refused(ApiRequest request, GatewayException refusal) {
        return converse.refused(refusal);
    }
}
