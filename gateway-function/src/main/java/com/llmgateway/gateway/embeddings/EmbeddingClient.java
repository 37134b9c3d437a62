package com.llmgateway.gateway.embeddings;

/**
 * The port to a provider's embedding models. Implementations translate every provider failure into
 * a {@link com.llmgateway.core.error.GatewayException} with a safe message.
 */
public interface EmbeddingClient {

    /** One vector per text, in the call's order. */
    Embeddings embed(EmbeddingCall call);
}
