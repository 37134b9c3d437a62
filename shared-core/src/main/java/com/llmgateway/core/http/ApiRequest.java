package com.llmgateway.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP API (payload format 2.0) request event, parsed from the raw JSON that Lambda hands a
 * {@code RequestStreamHandler}, the same path the Lambda Java runtime uses. Header names are
 * lower-cased, as HTTP API sends them.
 *
 * @param routeKey      "POST /v1/chat/completions", or "$default"
 * @param authorizer    {@code requestContext.authorizer.lambda}: what the Lambda authorizer returned as context
 */
public record ApiRequest(String routeKey, String method, String rawPath, String rawQueryString,
                         Map<String, String> headers, Map<String, String> queryParameters,
                         Map<String, String> pathParameters, String body, String requestId,
                         String sourceIp, long timeEpochMillis, Map<String, String> authorizer) {

    public ApiRequest {
        headers = lower(headers);
        queryParameters = queryParameters == null ? Map.of() : Map.copyOf(queryParameters);
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        authorizer = authorizer == null ? Map.of() : Map.copyOf(authorizer);
        body = body == null ? "" : body;
    }

    public static ApiRequest parse(InputStream in) throws IOException {
        return fromEvent(Json.MAPPER.readTree(in));
    }

    public static ApiRequest fromEvent(JsonNode event) {
        JsonNode ctx = event.path("requestContext");
        JsonNode http = ctx.path("http");
        String body = Json.text(event, "body");
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new ApiRequest(
                Json.text(event, "routeKey"),
                http.path("method").asText(""),
                Json.text(event, "rawPath") == null ? http.path("path").asText("/") : Json.text(event, "rawPath"),
                event.path("rawQueryString").asText(""),
                strings(event.get("headers")),
                strings(event.get("queryStringParameters")),
                strings(event.get("pathParameters")),
                body,
                ctx.path("requestId").asText(""),
                http.path("sourceIp").asText(""),
                ctx.path("timeEpoch").asLong(System.currentTimeMillis()),
                strings(ctx.path("authorizer").get("lambda")));
    }

    /** A header by (case-insensitive) name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String query(String name) {
        return queryParameters.get(name);
    }

    public String path(String name) {
        return pathParameters.get(name);
    }

    public int bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if (v != null && !v.isNull()) {
                    out.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
                }
            });
        }
        return out;
    }

    private static Map<String, String> lower(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        }
        return Map.copyOf(out);
    }
}
