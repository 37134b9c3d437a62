package com.llmgateway.gateway.model;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation sent to a model: its role and its text blocks, in order. Neutral:
 * no SDK type, so the chat pipeline does not depend on the Bedrock SDK.
 */
public record ModelMessage(Role role, List<String> texts) {

    /** Bedrock Converse knows two conversation roles; system prompts travel apart. */
    public enum Role { USER, ASSISTANT }

    public ModelMessage {
        Objects.requireNonNull(role, "role");
        texts = List.copyOf(texts);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one text block");
        }
    }

    public static ModelMessage user(String text) {
        return new ModelMessage(Role.USER, List.of(text));
    }

    public static ModelMessage assistant(String text) {
        return new ModelMessage(Role.ASSISTANT, List.of(text));
    }
}
