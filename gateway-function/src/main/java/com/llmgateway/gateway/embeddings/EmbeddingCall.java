package com.llmgateway.gateway.embeddings;

import com.llmgateway.core.catalog.ModelInfo;

import java.util.List;

/**
 * What an {@link EmbeddingClient} is asked: these texts, in order, as vectors of this size.
 *
 * @param inputType {@code search_document}, {@code search_query}, {@code classification} or {@code clustering}
 */
public record EmbeddingCall(ModelInfo model, List<String> texts, int dimensions, boolean normalize, String inputType) {

    public EmbeddingCall {
        texts = List.copyOf(texts);
    }
}
