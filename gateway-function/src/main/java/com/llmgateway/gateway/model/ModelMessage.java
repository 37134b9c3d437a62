package com.llmgateway.gateway.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation sent to a model: its role and its content blocks, in order (text,
 * the assistant's tool calls, the tools' results). Neutral: no SDK type, so the chat pipeline
 * does not depend on the Bedrock SDK.
 */
public record ModelMessage(Role role, List<ContentBlock> content) {

    /** Bedrock Converse knows two conversation roles; system prompts travel apart. */
    public enum Role { USER, ASSISTANT }

    public ModelMessage {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one content block");
        }
    }

    /** A turn of text blocks only. */
    public static ModelMessage ofTexts(Role role, List<String> texts) {
        return new ModelMessage(role, texts.stream().<ContentBlock>map(ContentBlock.Text::new).toList());
    }

    public static ModelMessage user(String text) {
        return ofTexts(Role.USER, List.of(text));
    }

    public static ModelMessage assistant(String text) {
        return ofTexts(Role.ASSISTANT, List.of(text));
    }

    /** The texts of its text blocks, in order (tool calls and results left out). */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (ContentBlock b : content) {
            if (b instanceof ContentBlock.Text t) {
                out.add(t.text());
            }
        }
        return out;
    }

    /**
     * Adds a turn to a conversation as Bedrock wants it, alternating: a turn of the same role as
     * the last one is merged into it.
     */
    public static void appendMerging(List<ModelMessage> turns, ModelMessage m) {
        if (!turns.isEmpty() && turns.get(turns.size() - 1).role() == m.role()) {
            ModelMessage last = turns.remove(turns.size() - 1);
            List<ContentBlock> blocks = new ArrayList<>(last.content());
            blocks.addAll(m.content());
            turns.add(new ModelMessage(m.role(), blocks));
        } else {
            turns.add(m);
        }
    }

    /** Whether it holds a tool call or a tool result. */
    public boolean hasToolBlocks() {
        return content.stream().anyMatch(b -> !(b instanceof ContentBlock.Text));
    }
}
