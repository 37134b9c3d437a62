package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.llmgateway.core.error.ErrorBody;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP API (payload format 2.0) response: status, headers and a text body (base64 when
 * {@code base64Encoded}), or a body that is {@link #streamed()}: produced as it goes, status and
 * headers included, and written to Lambda's response stream or buffered ({@link LambdaHttp}).
 *
 * @param streamed null for an ordinary response; else the body that writes the whole response,
 *                 {@code statusCode} and {@code body} unused and {@code headers} added to its own
 */
public record ApiResponse(int statusCode, Map<String, String> headers, String body, boolean base64Encoded,
                          ResponseSink.Body streamed) {

    public static final String JSON = "application/json";

    public ApiResponse {
        headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
        body = body == null ? "" : body;
    }

    public ApiResponse(int statusCode, Map<String, String> headers, String body) {
        this(statusCode, headers, body, false, null);
    }

    /** A response that writes itself as it is produced (server-sent events, an event stream). */
    public static ApiResponse streamed(ResponseSink.Body body) {
        return new ApiResponse(200, Map.of(), "", false, body);
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
        return new ApiResponse(statusCode, h, body, base64Encoded, streamed);
    }

    public ApiResponse withHeaders(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(more);
        return new ApiResponse(statusCode, h, body, base64Encoded, streamed);
    }

    /** The payload-2.0 response that Lambda returns to HTTP API. */
    public APIGatewayV2HTTPResponse toEvent() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(statusCode)
                .withHeaders(new LinkedHashMap<>(headers))
                .withBody(body)
                .withIsBase64Encoded(base64Encoded)
                .build();
    }
}
