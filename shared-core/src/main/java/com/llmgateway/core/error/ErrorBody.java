package com.llmgateway.core.error;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;

/** OpenAI's error shape: {"error":{"message","type","param","code"}}, all four always present. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static ObjectNode of(GatewayException e) {
        return of(e.getMessage(), e.type(), e.param(), e.code());
    }

    public static ObjectNode of(String message, String type, String param, String code) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root;
    }
}
