package com.llmgateway.gateway.mcp;

import com.llmgateway.core.error.GatewayException;

/**
 * A tool's arguments do not fit its input schema. Answered as a tool result with
 * {@code isError: true} (not a JSON-RPC error), so that the model can read it and correct its
 * call, as MCP 2025-11-25 asks (SEP-1303). A gateway error (a 400 with code
 * {@value #CODE}), so that a model call refused for its arguments is recorded in the ledger like
 * any other refused request.
 */
public final class ToolInputException extends GatewayException {

    public static final String CODE = "invalid_arguments";

    public ToolInputException(String message) {
        super(400, "invalid_request_error", CODE, null, message);
    }
}
