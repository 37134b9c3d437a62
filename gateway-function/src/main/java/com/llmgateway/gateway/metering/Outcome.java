package com.llmgateway.gateway.metering;

import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.http.CallerContext;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * How one request that reached the gateway function ended: the ledger's record of it. No prompt
 * or completion text.
 *
 * @param admission    null when the request was refused before or by admission
 * @param model        null when the request named no known model
 * @param costUsd      what Bedrock charges for it (0 for cache hits and failures before the call)
 * @param costSavedUsd for cache hits: what the call would have cost
 * @param errorType    null on success; else the OpenAI error type/code that the caller saw
 * @param usageEstimated the usage is the gateway's estimate, not Bedrock's count (a stream that
 *                       failed or was cut before Bedrock's metadata event)
 */
public record Outcome(String requestId, Instant time, CallerContext caller, String route, ModelInfo model,
                      TokenUsage usage, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs,
                      long overheadMs, int statusCode, String errorType, boolean cached, Admission admission,
                      boolean usageEstimated) {

    /** An outcome with Bedrock's own token counts (or none). */
    public Outcome(String requestId, Instant time, CallerContext caller, String route, ModelInfo model,
                   TokenUsage usage, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs,
                   long overheadMs, int statusCode, String errorType, boolean cached, Admission admission) {
        this(requestId, time, caller, route, model, usage, costUsd, costSavedUsd, latencyMs, overheadMs, statusCode,
                errorType, cached, admission, false);
    }
}
