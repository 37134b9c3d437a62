package com.llmgateway.gateway.metering;

import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.http.CallerContext;

import java.time.Instant;

/**
 * What admission needs to know about a model call before it is made.
 *
 * @param estimatedInputTokens the gateway's estimate of the prompt's tokens (see com.llmgateway.gateway.chat.TokenEstimator)
 * @param maxOutputTokens      the request's max_tokens (or the model's maximum when absent)
 * @param route                "chat", "converse" or "mcp"
 */
public record AdmissionRequest(String requestId, CallerContext caller, ModelInfo model, String route,
                               long estimatedInputTokens, long maxOutputTokens, Instant now) {
}
