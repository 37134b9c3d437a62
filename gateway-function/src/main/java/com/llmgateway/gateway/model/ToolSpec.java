package com.llmgateway.gateway.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A tool the model may call.
 *
 * @param name        1 to 64 of {@code [a-zA-Z0-9_-]}
 * @param description what the tool does; null when none was given
 * @param inputSchema the JSON Schema of its input, a JSON object
 */
public record ToolSpec(String name, String description, JsonNode inputSchema) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputSchema, "inputSchema");
    }
}
