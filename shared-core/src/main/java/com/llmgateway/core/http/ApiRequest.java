package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The neutral view of an HTTP request that the services take, built from the
 * {@code aws-lambda-java-events} type of HTTP API's payload 2.0 (which the Lambda runtime has
 * deserialized): the body base64-decoded where HTTP API encoded it, header names lower-cased, and
 * the authorizer's context as strings. The body is read by the rules of {@link RequestBody}
 * (content codings, charset, strict UTF-8); a body those rules refuse is carried as
 * {@link #bodyRefusal()} and thrown by {@link #body()}, so that whichever route reads it answers the
 * refusal in its own protocol's shape (and a model route records it).
 *
 * @param routeKey      "POST /v1/chat/completions", or "$default"
 * @param authorizer    {@code requestContext.authorizer.lambda}: what the Lambda authorizer returned as context
 * @param body          the decoded body ("" when there is none, or when it was refused)
 * @param bodyRefusal   why the body could not be read (a 400, 413 or 415), or null
 */
public record ApiRequest(String routeKey, String method, String rawPath, String rawQueryString,
                         Map<String, String> headers, Map<String, String> queryParameters,
                         Map<String, String> pathParameters, String body, String requestId,
                         String sourceIp, long timeEpochMillis, Map<String, String> authorizer,
                         GatewayException bodyRefusal) {

    public ApiRequest {
        headers = lower(headers);
        queryParameters = queryParameters == null ? Map.of() : Map.copyOf(queryParameters);
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        authorizer = authorizer == null ? Map.of() : Map.copyOf(authorizer);
        body = body == null ? "" : body;
    }

    /** A request whose body is text already read (tests, the authorizer's request). */
    public ApiRequest(String routeKey, String method, String rawPath, String rawQueryString,
                      Map<String, String> headers, Map<String, String> queryParameters,
                      Map<String, String> pathParameters, String body, String requestId,
                      String sourceIp, long timeEpochMillis, Map<String, String> authorizer) {
        this(routeKey, method, rawPath, rawQueryString, headers, queryParameters, pathParameters, body, requestId,
                sourceIp, timeEpochMillis, authorizer, null);
    }

    /**
     * The body as text. Throws the body's refusal ({@link #bodyRefusal()}) when it could not be read:
     * a route reads its body where it handles its own errors, so every protocol gets the same rules.
     */
    @Override
    public String body() {
        if (bodyRefusal != null) {
            throw bodyRefusal;
        }
        return body;
    }

    /** The neutral view of an HTTP API payload-2.0 event, its body decoded up to {@link RequestBody#DEFAULT_MAX_BYTES}. */
    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        return from(event, RequestBody.DEFAULT_MAX_BYTES);
    }

    /**
     * The neutral view of an HTTP API payload-2.0 event, as the Lambda runtime deserialized it.
     *
     * @param maxBodyBytes the largest body that a content coding may decode to (larger is a 413)
     */
    public static ApiRequest from(APIGatewayV2HTTPEvent event, long maxBodyBytes) {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = ctx == null ? null : ctx.getHttp();
        Map<String, String> headers = lower(event.getHeaders());
        RequestBody.Decoded body = RequestBody.decode(event.getBody(), event.getIsBase64Encoded(),
                headers.get("content-encoding"), headers.get("content-type"), maxBodyBytes);
        Map<String, Object> lambda = ctx == null || ctx.getAuthorizer() == null ? null : ctx.getAuthorizer().getLambda();
        return new ApiRequest(event.getRouteKey(),
                http == null || http.getMethod() == null ? "" : http.getMethod(),
                event.getRawPath() != null ? event.getRawPath() : http == null || http.getPath() == null ? "/" : http.getPath(),
                orEmpty(event.getRawQueryString()), headers, event.getQueryStringParameters(),
                event.getPathParameters(), body.text(),
                ctx == null ? "" : orEmpty(ctx.getRequestId()),
                http == null ? "" : orEmpty(http.getSourceIp()),
                ctx == null || ctx.getTimeEpoch() == 0 ? System.currentTimeMillis() : ctx.getTimeEpoch(),
                strings(lambda), body.refusal());
    }

    /** The request a Lambda authorizer (payload 2.0) is asked about: no body, no authorizer context yet. */
    public static ApiRequest from(APIGatewayV2CustomAuthorizerEvent event) {
        APIGatewayV2CustomAuthorizerEvent.RequestContext ctx = event.getRequestContext();
        APIGatewayV2CustomAuthorizerEvent.Http http = ctx == null ? null : ctx.getHttp();
        return new ApiRequest(event.getRouteKey(),
                http == null || http.getMethod() == null ? "" : http.getMethod(),
                event.getRawPath() != null ? event.getRawPath() : http == null || http.getPath() == null ? "/" : http.getPath(),
                orEmpty(event.getRawQueryString()), event.getHeaders(), event.getQueryStringParameters(),
                event.getPathParameters(), null,
                ctx == null ? "" : orEmpty(ctx.getRequestId()),
                http == null ? "" : orEmpty(http.getSourceIp()),
                ctx == null || ctx.getTimeEpoch() == null || ctx.getTimeEpoch().toEpochMilli() == 0
                        ? System.currentTimeMillis() : ctx.getTimeEpoch().toEpochMilli(),
                Map.of());
    }

    /** A copy with this request id (the one every log line and the x-request-id header carry). */
    public ApiRequest withRequestId(String id) {
        return new ApiRequest(routeKey, method, rawPath, rawQueryString, headers, queryParameters, pathParameters, body,
                id, sourceIp, timeEpochMillis, authorizer, bodyRefusal);
    }

    public ApiRequest withPathParameters(Map<String, String> params) {
        return new ApiRequest(routeKey, method, rawPath, rawQueryString, headers, queryParameters, params, body,
                requestId, sourceIp, timeEpochMillis, authorizer, bodyRefusal);
    }

    /** A copy whose authorizer context is this one (e.g. a denial, {@link CallerContext#denial}). */
    public ApiRequest withAuthorizer(Map<String, String> context) {
        return new ApiRequest(routeKey, method, rawPath, rawQueryString, headers, queryParameters, pathParameters, body,
                requestId, sourceIp, timeEpochMillis, context, bodyRefusal);
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

    /** The size of the decoded body in bytes (0 for a refused one). */
    public int bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The authorizer's context as strings: scalars as text, nested values as their JSON. */
    private static Map<String, String> strings(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : Json.write(v));
                }
            });
        }
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, String> lower(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        }
        return Map.copyOf(out);
    }
}
