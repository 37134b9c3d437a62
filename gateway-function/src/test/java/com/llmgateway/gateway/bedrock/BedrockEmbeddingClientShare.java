package com.llmgateway.gateway.bedrock;

import java.util.List;

/** Test access to {@link BedrockEmbeddingClient#share}. */
public final class BedrockEmbeddingClientShare {

    private BedrockEmbeddingClientShare() {
    }

    public static List<Long> share(long total, List<Long> weights) {
        return BedrockEmbeddingClient.share(total, weights);
    }
}
