package com.llmgateway.gateway.embeddings;

import com.llmgateway.core.catalog.ModelInfo;

import java.util.List;
import java.util.Objects;

/**
 * One embeddings request in no protocol's shape: what OpenAI's {@code /v1/embeddings} body and the
 * MCP {@code embed} tool both parse into.
 *
 * @param requestedModel the model as the caller wrote it
 * @param model          the catalog embedding model it resolved to
 * @param texts          the inputs in order (token-id inputs already decoded to text)
 * @param dimensions     the vector size to return (one of the model's)
 * @param normalize      whether to ask for unit vectors (only a model that offers the choice is asked)
 * @param inputType      what the texts are for: {@code search_document}, {@code search_query},
 *                       {@code classification} or {@code clustering} (Cohere's input_type, Nova's purpose)
 * @param base64         {@code encoding_format: base64}: vectors as base64 of little-endian float32
 */
public record EmbeddingRequest(String requestedModel, ModelInfo model, List<String> texts, int dimensions,
                               boolean normalize, String inputType, boolean base64) {

    public static final String SEARCH_DOCUMENT = "search_document";

    public EmbeddingRequest {
        Objects.requireNonNull(model, "model");
        texts = List.copyOf(texts);
        Objects.requireNonNull(inputType, "inputType");
        if (!model.isEmbedding()) {
            throw new IllegalArgumentException(model.name() + " is not an embedding model");
        }
    }

    /** What goes to the model for the texts at these positions. */
    public EmbeddingCall call(List<String> subset) {
        return new EmbeddingCall(model, subset, dimensions, normalize, inputType);
    }
}
