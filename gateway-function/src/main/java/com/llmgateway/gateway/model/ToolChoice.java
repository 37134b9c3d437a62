package com.llmgateway.gateway.model;

import java.util.Objects;

/**
 * Whether and which tool the model must call. Bedrock Converse has no "none": a request that
 * forbids tools sends no tool configuration at all.
 *
 * @param mode {@code AUTO} (the model decides), {@code ANY} (some tool), {@code TOOL} (the named one)
 * @param name the tool for {@code TOOL}, else null
 */
public record ToolChoice(Mode mode, String name) {

    public enum Mode { AUTO, ANY, TOOL }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice ANY = new ToolChoice(Mode.ANY, null);

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.TOOL) != (name != null)) {
            throw new IllegalArgumentException("a name goes with mode TOOL and only with it");
        }
    }

    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, name);
    }
}
