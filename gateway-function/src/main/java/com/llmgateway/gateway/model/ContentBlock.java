package com.llmgateway.gateway.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * One block of a conversation turn, free of SDK types: text, a tool call the assistant made
 * ({@link ToolUse}), or a tool's answer sent back in a user turn ({@link ToolResult}). These are
 * Bedrock Converse's block kinds; the chat pipeline maps OpenAI's tool calls and tool messages
 * onto them.
 */
public sealed interface ContentBlock {

    /** The text of the text blocks, joined; empty when there is none. */
    static String text(List<ContentBlock> blocks) {
        StringBuilder out = new StringBuilder();
        for (ContentBlock b : blocks) {
            if (b instanceof Text t) {
                out.append(t.text());
            }
        }
        return out.toString();
    }

    /** The tool calls among the blocks, in order. */
    static List<ToolUse> toolUses(List<ContentBlock> blocks) {
        return blocks.stream().filter(ToolUse.class::isInstance).map(ToolUse.class::cast).toList();
    }

    /** A text block; never blank when sent to a model. */
    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool call made by the assistant.
     *
     * @param id    the call's id (OpenAI {@code tool_calls[].id}, Bedrock {@code toolUseId})
     * @param name  the tool's name
     * @param input the arguments, a JSON object
     */
    record ToolUse(String id, String name, JsonNode input) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(input, "input");
        }
    }

    /**
     * A tool's output for one earlier call.
     *
     * @param toolUseId the id of the call it answers
     * @param texts     the output as text blocks, in order (at least one)
     */
    record ToolResult(String toolUseId, List<String> texts) implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            texts = List.copyOf(texts);
            if (texts.isEmpty()) {
                throw new IllegalArgumentException("a tool result needs at least one text block");
            }
        }
    }
}
