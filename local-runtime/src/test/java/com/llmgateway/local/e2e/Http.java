package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small real HTTP client for the end-to-end tests. */
final class Http {

    record Res(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            return Json.parse(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** Asserts the OpenAI error shape and returns the error object. */
        JsonNode error() {
            JsonNode e = json().path("error");
            if (!e.isObject() || !e.has("message") || !e.has("type") || !e.has("param") || !e.has("code")) {
                throw new AssertionError("not an OpenAI-shaped error (" + status + "): " + body);
            }
            return e;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    private final URI endpoint;

    Http(URI endpoint) {
        this.endpoint = endpoint;
    }

    Res get(String path, String... headers) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET(), headers);
    }

    Res post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json"), headers);
    }

    Res method(String method, String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json"), headers);
    }

    private Res send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.timeout(Duration.ofSeconds(60));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
