package com.llmgateway.gateway.bedrock;

import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * What Bedrock's models refuse that the neutral {@link ModelCall} may hold, fitted here and
 * nowhere else (as bedrock-access-gateway keeps its quirks in its Bedrock adapter): the protocols
 * at the gateway's front and the chat pipeline know nothing of them.
 */
public final class BedrockQuirks {

    /** The most random temperature the catalog's Bedrock text models accept. */
    static final double MAX_TEMPERATURE = 1.0;

    private BedrockQuirks() {
    }

    /** The call as Bedrock accepts it. */
    public static ModelCall fit(ModelCall call) {
        List<String> system = call.system();
        List<ModelMessage> messages = call.messages();
        if (call.tools() == null && messages.stream().anyMatch(ModelMessage::hasToolBlocks)) {
            messages = messages.stream().map(BedrockQuirks::toolBlocksAsText).toList();
        }
        if (!system.isEmpty() && !call.supportsSystem()) {
            // The model takes no system prompt: it leads the first user turn instead.
            List<ContentBlock> first = new ArrayList<>();
            system.forEach(t -> first.add(new ContentBlock.Text(t)));
            first.addAll(messages.get(0).content());
            messages = new ArrayList<>(messages);
            messages.set(0, new ModelMessage(ModelMessage.Role.USER, first));
            system = List.of();
        }
        InferenceSettings s = call.inference();
        InferenceSettings fitted = new InferenceSettings(s.maxTokens(), temperature(s.temperature()),
                topP(call.provider(), s), s.stopSequences());
        return new ModelCall(call.modelName(), call.modelId(), system, messages, fitted, call.tools(),
                call.provider(), call.supportsSystem());
    }

    /**
     * OpenAI accepts temperatures 0..2; the Bedrock text models of the catalog (Anthropic, Amazon
     * Nova, Meta, Mistral) accept 0..1 and fail the call above it. Values above 1 are capped at 1,
     * the most random setting Bedrock offers, rather than every value rescaled (which would change
     * the meaning of the common 0.2..1 settings).
     */
    static Double temperature(Double t) {
        return t == null ? null : Math.min(t, MAX_TEMPERATURE);
    }

    /**
     * Claude 4.x on Bedrock refuses temperature and top_p together (a ValidationException), and
     * OpenAI clients often send both. For Anthropic models temperature wins and top_p is dropped,
     * as bedrock-access-gateway does; every other provider gets both.
     */
    static Double topP(String provider, InferenceSettings s) {
        boolean anthropic = "anthropic".equalsIgnoreCase(provider);
        return anthropic && s.temperature() != null ? null : s.topP();
    }

    /**
     * Bedrock refuses toolUse and toolResult blocks in a call without a tool configuration. When
     * a conversation carries earlier tool calls but the request offers no tools (none given, or
     * OpenAI's {@code tool_choice: "none"}), the calls and results travel as text instead, so the
     * model still sees them and cannot call a tool.
     */
    static ModelMessage toolBlocksAsText(ModelMessage m) {
        if (!m.hasToolBlocks()) {
            return m;
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (ContentBlock b : m.content()) {
            blocks.add(switch (b) {
                case ContentBlock.Text t -> t;
                case ContentBlock.ToolUse u -> new ContentBlock.Text(
                        "[tool call " + u.id() + ": " + u.name() + " " + Json.write(u.input()) + "]");
                case ContentBlock.ToolResult res -> new ContentBlock.Text(
                        "[tool result " + res.toolUseId() + ": " + String.join("\n", res.texts()) + "]");
            });
        }
        return new ModelMessage(m.role(), blocks);
    }
}
