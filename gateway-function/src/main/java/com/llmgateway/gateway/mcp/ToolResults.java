package com.llmgateway.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;

/** CallToolResults, as every MCP tool answers: structured content plus the same JSON as text, or an error text. */
public final class ToolResults {

    private ToolResults() {
    }

    public static ObjectNode success(ObjectNode structured) {
        return success(structured, structured);
    }

    /** A successful CallToolResult: the structured content, and {@code text} as JSON text for older clients. */
    public static ObjectNode success(ObjectNode structured, JsonNode text) {
        ObjectNode result = Json.object();
        result.putArray("content").addObject().put("type", "text").put("text", Json.write(text));
        result.set("structuredContent", structured);
        result.put("isError", false);
        return result;
    }

    public static ObjectNode error(String message) {
        ObjectNode result = Json.object();
        result.putArray("content").addObject().put("type", "text").put("text", message);
        result.put("isError", true);
        return result;
    }

    /** The gateway error as a model can act on it: status, code, the safe message and when to retry. */
    public static String describe(GatewayException e) {
        String code = e.code() == null ? e.type() : e.code();
        String retry = e.headers().get("retry-after");
        return "Error " + e.status() + " (" + code + "): " + e.getMessage()
                + (retry == null || "false".equals(e.headers().get("x-should-retry")) ? "" : " Retry after " + retry + " s.");
    }
}
