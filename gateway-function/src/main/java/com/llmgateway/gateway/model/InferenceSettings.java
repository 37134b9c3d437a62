package com.llmgateway.gateway.model;

import java.util.List;

/**
 * Inference parameters for one call; null means "the model's default".
 *
 * @param maxTokens     the most output tokens to generate
 * @param temperature   0..1 as Bedrock accepts it
 * @param topP          0..1
 * @param stopSequences at most four; empty when none
 */
public record InferenceSettings(Integer maxTokens, Double temperature, Double topP, List<String> stopSequences) {

    public static final InferenceSettings DEFAULTS = new InferenceSettings(null, null, null, List.of());

    public InferenceSettings {
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    }
}
