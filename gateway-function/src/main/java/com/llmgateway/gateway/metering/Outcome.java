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
 * @param tool         the MCP tool that made the request, or null
 * @param tokensEstimated true when Bedrock reported no token count and the gateway's estimate was billed
 *                     (an embedding model that answers without one); the ledger marks the record
 */
public record Outcome(String requestId, Instant time, CallerContext caller, String route, ModelInfo model,
                      TokenUsage usage, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs,
                      long overheadMs, int statusCode, String errorType, boolean cached, Admission admission,
                      String tool, boolean tokensEstimated) {

    /** A request made by no MCP tool, with Bedrock's own token counts. */
    public Outcome(String requestId, Instant time, CallerContext caller, String route, ModelInfo model,
                   TokenUsage usage, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs,
                   long overheadMs, int statusCode, String errorType, boolean cached, Admission admission) {
        this(requestId, time, caller, route, model, usage, costUsd, costSavedUsd, latencyMs, overheadMs, statusCode,
                errorType, cached, admission, null, false);
    }

    /** A request made by an MCP tool (null: none), with Bedrock's own token counts. */
    public Outcome(String requestId, Instant time, CallerContext caller, String route, ModelInfo model,
                   TokenUsage usage, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs,
                   long overheadMs, int statusCode, String errorType, boolean cached, Admission admission, String tool) {
        this(requestId, time, caller, route, model, usage, costUsd, costSavedUsd, latencyMs, overheadMs, statusCode,
                errorType, cached, admission, tool, false);
    }

    /** A request made by no MCP tool; {@code tokensEstimated} as above. */
    public Outcome(String requestId, Instant time, CallerContext caller, String route, ModelInfo model,
                   TokenUsage usage, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs,
                   long overheadMs, int statusCode, String errorType, boolean cached, Admission admission,
                   boolean tokensEstimated) {
        this(requestId, time, caller, route, model, usage, costUsd, costSavedUsd, latencyMs, overheadMs, statusCode,
                errorType, cached, admission, null, tokensEstimated);
    }
}
