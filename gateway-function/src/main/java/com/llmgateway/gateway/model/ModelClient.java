package com.llmgateway.gateway.model;

/**
 * The port to a model provider. Implementations translate every provider failure into a
 * {@link com.llmgateway.core.error.GatewayException} with a safe message; they never let an SDK
 * exception or message escape.
 */
public interface ModelClient {
    ModelResult converse(ModelCall call);
}
