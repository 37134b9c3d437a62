package com.llmgateway.gateway.model;

import java.util.List;
import java.util.Objects;

/**
 * A model call as the gateway makes it, free of SDK types.
 *
 * @param modelName the catalog name (for error messages the caller may see)
 * @param modelId   the Bedrock id to invoke: inference profile or model id
 * @param system    system prompts, in order; empty when none
 * @param messages  the conversation, starting with a user turn
 * @param inference the inference parameters as the caller asked for them (the Bedrock adapter fits
 *                  them to what the model accepts)
 * @param tools     the tools offered and the tool choice; null when the call offers none
 * @param provider  the catalog provider (e.g. "anthropic"); the Bedrock adapter keeps per-provider quirks
 * @param supportsSystem whether the model takes a system prompt (else the adapter leads the first user turn with it)
 */
public record ModelCall(String modelName, String modelId, List<String> system, List<ModelMessage> messages,
                        InferenceSettings inference, ToolConfig tools, String provider, boolean supportsSystem) {

    public ModelCall {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelId, "modelId");
        system = system == null ? List.of() : List.copyOf(system);
        messages = List.copyOf(messages);
        inference = inference == null ? InferenceSettings.DEFAULTS : inference;
    }

    /** A call to a model that takes a system prompt and has no provider quirks. */
    public ModelCall(String modelName, String modelId, List<String> system, List<ModelMessage> messages,
                     InferenceSettings inference, ToolConfig tools) {
        this(modelName, modelId, system, messages, inference, tools, null, true);
    }

    /** A call without tools. */
    public ModelCall(String modelName, String modelId, List<String> system, List<ModelMessage> messages,
                     InferenceSettings inference) {
        this(modelName, modelId, system, messages, inference, null);
    }
}
