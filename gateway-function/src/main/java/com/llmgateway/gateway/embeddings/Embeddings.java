package com.llmgateway.gateway.embeddings;

import java.util.List;

/**
 * A model's answer to an {@link EmbeddingCall}.
 *
 * @param vectors   one per text, in order, each of the requested size
 * @param tokens    input tokens per text, in order; their sum is what Bedrock bills
 * @param estimated true when Bedrock reported no token count for some text and the gateway's
 *                  estimate stands in (the ledger marks it)
 */
public record Embeddings(List<float[]> vectors, List<Long> tokens, boolean estimated) {

    public Embeddings {
        vectors = List.copyOf(vectors);
        tokens = List.copyOf(tokens);
        if (vectors.size() != tokens.size()) {
            throw new IllegalArgumentException("one token count per vector");
        }
    }

    public long totalTokens() {
        return tokens.stream().mapToLong(Long::longValue).sum();
    }
}
