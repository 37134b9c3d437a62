package com.llmgateway.gateway.metering;

import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.http.CallerContext;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What admission needs to know about a model call before it is made.
 *
 * @param estimatedInputTokens the gateway's estimate of the prompt's tokens (see com.llmgateway.gateway.chat.TokenEstimator)
 * @param maxOutputTokens      the request's max_tokens (or the model's maximum when absent)
 * @param route                "chat", "converse", "mcp" or "embeddings"
 * @param maxCostUsd           the most the call can cost, to reserve from the budget, when the caller
 *                             bounds it better than {@code CostCalculator.maxCost} of the estimate (an
 *                             embedding request has no output to bound it by); null for that default
 */
public record AdmissionRequest(String requestId, CallerContext caller, ModelInfo model, String route,
                               long estimatedInputTokens, long maxOutputTokens, Instant now, BigDecimal maxCostUsd) {

    public AdmissionRequest(String requestId, CallerContext caller, ModelInfo model, String route,
                            long estimatedInputTokens, long maxOutputTokens, Instant now) {
        this(requestId, caller, model, route, estimatedInputTokens, maxOutputTokens, now, null);
    }
}
