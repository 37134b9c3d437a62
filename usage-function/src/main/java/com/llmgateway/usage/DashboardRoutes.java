package com.llmgateway.usage;

import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.RouteDispatcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /dashboard} and {@code GET /dashboard/{asset}}: the FinOps dashboard, static files
 * bundled in the jar under {@code dashboard/} and read once at init. No key is needed for the page
 * itself (the route table runs no authorizer for it); the page asks for a finops or admin key and
 * sends it as {@code x-api-key} on its own calls to {@code /v1/usage*}, which keep theirs.
 *
 * <p>Every answer carries a strict Content-Security-Policy: scripts, styles, images and fetches
 * from this origin only, no inline script or style, no framing, no form posts, no base URL. The
 * page works offline: the charting library (Chart.js, MIT, {@code chart.umd.min.js}) is one of
 * the bundled files, never a CDN.
 */
final class DashboardRoutes {

    /** The files served, by name, with their content type; nothing else under /dashboard/ answers. */
    static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "chart.umd.min.js", "text/javascript; charset=utf-8",
            "chart.js-LICENSE.md", "text/plain; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    static final String INDEX = "index.html";

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> FILES = load();

    private DashboardRoutes() {
    }

    static RouteDispatcher.Handler page() {
        return (request, caller) -> file(INDEX, "text/html; charset=utf-8", "no-cache");
    }

    static RouteDispatcher.Handler asset() {
        return (request, caller) -> {
            String name = request.pathParameters().getOrDefault("asset", "");
            String type = ASSETS.get(name);
            if (type == null) {
                throw GatewayException.notFound("No dashboard file '" + Echo.cut(name) + "'.", null, "not_found");
            }
            return file(name, type, "public, max-age=300");
        };
    }

    private static ApiResponse file(String name, String contentType, String cacheControl) {
        return ApiResponse.text(200, contentType, FILES.get(name)).withHeaders(Map.of(
                "content-security-policy", CSP,
                "x-content-type-options", "nosniff",
                "referrer-policy", "no-referrer",
                "x-frame-options", "DENY",
                "cache-control", cacheControl));
    }

    private static Map<String, String> load() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(INDEX, read(INDEX));
        ASSETS.keySet().forEach(name -> files.put(name, read(name)));
        return Map.copyOf(files);
    }

    private static String read(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard/" + name + " is missing from the usage function's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
