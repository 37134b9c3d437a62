package com.llmgateway.gateway.model;

import java.util.List;
import java.util.Objects;

/** The tools offered to a model for one call, and the choice it must make (Converse {@code toolConfig}). */
public record ToolConfig(List<ToolSpec> tools, ToolChoice choice) {
    public ToolConfig {
        tools = List.copyOf(tools);
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("a tool configuration needs at least one tool");
        }
        choice = choice == null ? ToolChoice.AUTO : choice;
        Objects.requireNonNull(choice);
    }
}
