package com.llmgateway.core.catalog;

import java.util.List;
import java.util.Set;

/**
 * What an embedding model of the catalog takes and gives: the catalog entry's {@code embedding} block.
 *
 * @param family            the request and response body the model speaks on Bedrock {@code InvokeModel}:
 *                          {@value #TITAN_V2} ({@code inputText}, one text per call), {@value #COHERE_V3} and
 *                          {@value #COHERE_V4} ({@code texts}, up to {@code maxBatch} per call), {@value #NOVA}
 *                          ({@code singleEmbeddingParams}, one text per call)
 * @param dimensions        the vector sizes the model can return; the first is not special
 * @param defaultDimensions the size returned when the request names none
 * @param maxBatch          the most texts the gateway accepts in one request (and, for the batching
 *                          families, the most Bedrock takes in one call)
 * @param maxInputChars     the most characters Bedrock accepts in one text (the token limit is the
 *                          model's {@code context_window})
 * @param normalize         whether the model can return unit vectors on request (Titan's {@code normalize});
 *                          the others always return them
 */
public record EmbeddingSpec(String family, List<Integer> dimensions, int defaultDimensions, int maxBatch,
                            int maxInputChars, boolean normalize) {

    public static final String TITAN_V2 = "titan-v2";
    public static final String COHERE_V3 = "cohere-v3";
    public static final String COHERE_V4 = "cohere-v4";
    public static final String NOVA = "nova";
    private static final Set<String> FAMILIES = Set.of(TITAN_V2, COHERE_V3, COHERE_V4, NOVA);

    public EmbeddingSpec {
        if (family == null || !FAMILIES.contains(family)) {
            throw new IllegalArgumentException("embedding.family must be one of " + FAMILIES.stream().sorted().toList()
                    + ", got " + family);
        }
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        if (dimensions.isEmpty() || dimensions.stream().anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("embedding.dimensions must list positive sizes");
        }
        if (!dimensions.contains(defaultDimensions)) {
            throw new IllegalArgumentException("embedding.default_dimensions " + defaultDimensions
                    + " is not one of embedding.dimensions " + dimensions);
        }
        if (maxBatch <= 0 || maxInputChars <= 0) {
            throw new IllegalArgumentException("embedding.max_batch and embedding.max_input_chars must be positive");
        }
    }

    /** Whether Bedrock takes several texts in one call for this family. */
    public boolean batches() {
        return COHERE_V3.equals(family) || COHERE_V4.equals(family);
    }
}
