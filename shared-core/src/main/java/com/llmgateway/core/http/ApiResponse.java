package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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

    /** The payload-2.0 response that Lambda returns to HTTP API. */
    public APIGatewayV2HTTPResponse toEvent() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(statusCode)
                .withHeaders(new LinkedHashMap<>(headers))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
