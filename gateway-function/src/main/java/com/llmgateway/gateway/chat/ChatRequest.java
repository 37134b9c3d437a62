package com.llmgateway.gateway.chat;

import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolConfig;

import java.util.List;
import java.util.Objects;

/**
 * A validated chat completion request.
 *
 * @param requestedModel the model name as the caller wrote it (echoed in the response)
 * @param system         system and developer messages, in order
 * @param messages       user and assistant turns, consecutive turns of one role merged, starting with a user turn;
 *                       assistant tool calls are {@code ToolUse} blocks, tool messages {@code ToolResult} blocks of a user turn
 * @param maxTokens      max_completion_tokens, else max_tokens; null when neither was sent
 * @param temperature    as sent, 0..2 (OpenAI's range); see {@link #bedrockTemperature()}
 * @param tools          the tools to offer the model and the tool choice; null when none are offered
 *                       (no {@code tools}, or {@code tool_choice: "none"})
 * @param stream         {@code stream: true}: answer as server-sent events
 * @param includeUsage   {@code stream_options.include_usage}: a usage chunk before {@code [DONE]}
 */
public record ChatRequest(String requestedModel, ModelInfo model, List<String> system, List<ModelMessage> messages,
                          Integer maxTokens, Double temperature, Double topP, List<String> stop, String user,
                          ToolConfig tools, boolean stream, boolean includeUsage) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** A request without tools, answered in one JSON body. */
    public ChatRequest(String requestedModel, ModelInfo model, List<String> system, List<ModelMessage> messages,
                       Integer maxTokens, Double temperature, Double topP, List<String> stop, String user) {
        this(requestedModel, model, system, messages, maxTokens, temperature, topP, stop, user, null, false, false);
    }

    /**
     * The temperature for Bedrock. OpenAI accepts 0..2; the Bedrock text models of the catalog
     * (Anthropic, Amazon Nova, Meta, Mistral) accept 0..1 and fail the call above it. The gateway
     * keeps OpenAI's contract (0..2 is valid, anything else is a 400) and caps values above 1 at
     * 1, the most random setting Bedrock offers, rather than rescale every value (which would
     * change the meaning of the common 0.2..1 settings).
     */
    public Double bedrockTemperature() {
        return temperature == null ? null : Math.min(temperature, 1.0);
    }

    /** The output tokens the call may produce: the request's limit, else the model's maximum. */
    public int effectiveMaxTokens() {
        return maxTokens != null ? maxTokens : model.maxOutputTokens();
    }
}
