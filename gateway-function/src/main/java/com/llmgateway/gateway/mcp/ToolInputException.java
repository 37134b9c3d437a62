package com.llmgateway.gateway.mcp;

/**
 * A tool's arguments do not fit its input schema. Answered as a tool result with
 * {@code isError: true} (not a JSON-RPC error), so that the model can read it and correct its
 * call, as MCP 2025-11-25 asks (SEP-1303).
 */
final class ToolInputException extends RuntimeException {

    ToolInputException(String message) {
        super(message, null, false, false);
    }
}
