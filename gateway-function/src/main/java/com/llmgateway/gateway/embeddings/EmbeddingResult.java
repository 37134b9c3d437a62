package com.llmgateway.gateway.embeddings;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's answer to one embeddings request, in no protocol's shape.
 *
 * @param vectors      one per input, in order
 * @param promptTokens the input tokens of every input, those answered from the cache included
 *                     (their original counts), as OpenAI's {@code usage.prompt_tokens}
 * @param billedTokens the input tokens Bedrock was called for in this request ({@code costUsd} prices them)
 * @param cachedInputs how many inputs came from the cache
 * @param cached       true when every input came from the cache (the request cost nothing)
 * @param estimated    true when some token count is the gateway's estimate (Bedrock reported none)
 * @param headers      rate limits, cache status, cost, overhead, and a failed ledger write
 */
public record EmbeddingResult(String requestId, String teamId, String requestedModel, String modelName, String modelId,
                              String provider, List<float[]> vectors, int dimensions, boolean base64, long promptTokens,
                              long billedTokens, BigDecimal costUsd, int cachedInputs, boolean cached, boolean estimated,
                              long latencyMs, Map<String, String> headers) {

    public EmbeddingResult {
        vectors = List.copyOf(vectors);
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }
}
