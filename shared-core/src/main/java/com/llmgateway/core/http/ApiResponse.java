package com.llmgateway.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.ErrorBody;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP API (payload format 2.0) response: status, headers and a text body. */
public record ApiResponse(int statusCode, Map<String, String> headers, String body) {

    public static final String JSON = "application/json";

    public ApiResponse {
        headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
        body = body == null ? "" : body;
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of("content-type", JSON), body instanceof String s ? s : Json.write(body));
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, Map.of("content-type", contentType), body);
    }

    public static ApiResponse error(GatewayException e) {
        ApiResponse r = json(e.status(), ErrorBody.of(e));
        e.headers().forEach(r.headers::put);
        return r;
    }

    /** A copy with one more header. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(statusCode, h, body);
    }

    public ApiResponse withHeaders(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(more);
        return new ApiResponse(statusCode, h, body);
    }

    /** The payload-2.0 JSON that Lambda returns to HTTP API. */
    public ObjectNode toEvent() {
        ObjectNode out = Json.object();
        out.put("statusCode", statusCode);
        ObjectNode h = out.putObject("headers");
        headers.forEach(h::put);
        out.put("body", body);
        out.put("isBase64Encoded", false);
        return out;
    }
}
