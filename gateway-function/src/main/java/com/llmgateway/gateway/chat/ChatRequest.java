package com.llmgateway.gateway.chat;

import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolConfig;

import java.util.List;
import java.util.Objects;

/**
 * A validated chat request, whichever protocol it came from (OpenAI chat completions, the Bedrock
 * Converse passthrough, an MCP tool): what the pipeline admits, caches, sends to the model and
 * records. Each protocol parses its own body into it and checks its own ranges; nothing here is
 * shaped by one protocol or one provider (the Bedrock adapter fits the call to Bedrock).
 *
 * @param requestedModel the model name as the caller wrote it (echoed in the answer)
 * @param system         system prompts, in order
 * @param messages       user and assistant turns, consecutive turns of one role merged, starting with a user turn;
 *                       assistant tool calls are {@code ToolUse} blocks, tool answers {@code ToolResult} blocks of a user turn
 * @param maxTokens      the caller's output limit; null when none was sent
 * @param temperature    as the caller sent it, within its protocol's range
 * @param tools          the tools to offer the model and the tool choice; null when none are offered
 */
public record ChatRequest(String requestedModel, ModelInfo model, List<String> system, List<ModelMessage> messages,
                          Integer maxTokens, Double temperature, Double topP, List<String> stop, String user,
                          ToolConfig tools) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** A request without tools. */
    public ChatRequest(String requestedModel, ModelInfo model, List<String> system, List<ModelMessage> messages,
                       Integer maxTokens, Double temperature, Double topP, List<String> stop, String user) {
        this(requestedModel, model, system, messages, maxTokens, temperature, topP, stop, user, null);
    }

    /** The output tokens the call may produce: the request's limit, else the model's maximum. */
    public int effectiveMaxTokens() {
        return maxTokens != null ? maxTokens : model.maxOutputTokens();
    }

    /** The model call, free of SDK types and of any provider's quirks. */
    public ModelCall toCall() {
        return new ModelCall(model.name(), model.invokeId(), system, messages,
                new InferenceSettings(maxTokens, temperature, topP, stop), tools, model.provider(), model.supportsSystem());
    }
}
