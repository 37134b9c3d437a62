package com.llmgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.DynamoDbClients;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives an {@link AuthHandler} as HTTP API does: the authorizer event first (from the real-shaped
 * fixtures), then the route's event with the authorizer's context in
 * {@code requestContext.authorizer.lambda}. Both go through {@code handleRequest} as raw JSON.
 */
final class AuthHarness {

    /** An HTTP response as the function returned it. */
    record Response(int status, Map<String, String> headers, JsonNode body) {
        String errorParam() {
            return Json.text(body.path("error"), "param");
        }

        String errorCode() {
            return Json.text(body.path("error"), "code");
        }
    }

    private static final RouteTable ROUTES = RouteTable.load();

    final AuthHandler handler;

    AuthHarness(AuthHandler handler) {
        this.handler = handler;
    }

    static AuthHarness of(Map<String, String> env) {
        return new AuthHarness(new AuthHandler(AuthWiring.create(new Env(env))));
    }

    /** A handler wired as {@link #of(Map)} does, on a clock the test owns. */
    static AuthHarness of(Map<String, String> env, Clock clock) {
        Env e = new Env(env);
        return new AuthHarness(new AuthHandler(AuthWiring.on(DynamoDbClients.create(e), e, clock)));
    }

    /** A fixture from src/test/resources/events with {{API_KEY}} replaced. */
    static ObjectNode fixture(String name, String apiKey) {
        try (InputStream in = AuthHarness.class.getClassLoader().getResourceAsStream("events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (ObjectNode) Json.parse(text.replace("{{API_KEY}}", apiKey == null ? "" : apiKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one raw event through handleRequest. */
    JsonNode invoke(JsonNode event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    /** The authorizer's answer for a request to the route with these headers. */
    JsonNode authorize(String method, String path, Map<String, String> headers) {
        RouteTable.Match m = ROUTES.match(method, path).orElseThrow();
        ObjectNode event = fixture("authorizer-bearer-models.json", "");
        event.put("routeKey", m.route().routeKey());
        event.put("routeArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/" + method + path);
        event.put("rawPath", path);
        ObjectNode h = event.putObject("headers");
        h.put("host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
        headers.forEach(h::put);
        ObjectNode ctx = (ObjectNode) event.get("requestContext");
        ctx.put("routeKey", m.route().routeKey());
        ((ObjectNode) ctx.get("http")).put("method", method).put("path", path);
        if (!m.pathParameters().isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            m.pathParameters().forEach(p::put);
        }
        return invoke(event);
    }

    /** A full request: authorizer, then the function with the authorizer's context. */
    Response call(String method, String pathAndQuery, Map<String, String> headers, String body) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
        JsonNode verdict = authorize(method, path, headers);
        if (!verdict.path("isAuthorized").asBoolean()) {
            throw new AssertionError("the authorizer refused outright: " + verdict);
        }
        RouteTable.Match m = ROUTES.match(method, path).orElseThrow();
        ObjectNode event = fixture("http-create-key.json", "");
        event.put("routeKey", m.route().routeKey());
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        ObjectNode h = event.putObject("headers");
        headers.forEach(h::put);
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (!m.pathParameters().isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            m.pathParameters().forEach(p::put);
        }
        ObjectNode ctx = (ObjectNode) event.get("requestContext");
        ctx.put("routeKey", m.route().routeKey());
        ((ObjectNode) ctx.get("http")).put("method", method).put("path", path);
        ((ObjectNode) ctx.get("authorizer")).set("lambda", verdict.path("context"));
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        JsonNode out = invoke(event);
        Map<String, String> outHeaders = new LinkedHashMap<>();
        out.path("headers").fields().forEachRemaining(e -> outHeaders.put(e.getKey(), e.getValue().asText()));
        String text = out.path("body").asText("");
        return new Response(out.path("statusCode").asInt(), outHeaders, text.isEmpty() ? Json.object() : Json.parse(text));
    }

    Response call(String method, String path, String apiKey, String body) {
        return call(method, path, apiKey == null ? Map.of() : Map.of("x-api-key", apiKey), body);
    }
}
