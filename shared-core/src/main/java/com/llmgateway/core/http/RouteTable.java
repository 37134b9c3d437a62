package com.llmgateway.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: route key to function, authorized or not, and the scope the route needs.
 * One file ({@code routes.json} in shared-core's resources) that Terraform reads with
 * {@code jsondecode(file(...))} and the local runtime loads.
 */
public final class RouteTable {

    public static final String RESOURCE = "routes.json";

    /**
     * @param scope "any" (any valid key), "invoke", "finops" (finops or admin) or "admin"; null when not authorized
     */
    public record Route(String routeKey, String method, String path, String function, boolean authorized, String scope) {
        /** Path segments; "{name}" segments are parameters, "{name+}" greedy. */
        public List<String> segments() {
            return split(path);
        }
    }

    /** A matched route with its path parameters. */
    public record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static RouteTable load() {
        try (InputStream in = RouteTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RouteTable parse(JsonNode root) {
        List<Route> out = new ArrayList<>();
        root.path("routes").fields().forEachRemaining(e -> {
            String key = e.getKey();
            JsonNode r = e.getValue();
            String method = key.equals("$default") ? "*" : key.substring(0, key.indexOf(' '));
            String path = key.equals("$default") ? "" : key.substring(key.indexOf(' ') + 1);
            boolean authorized = r.path("authorized").asBoolean(true);
            out.add(new Route(key, method, path, r.path("function").asText(), authorized,
                    authorized ? r.path("scope").asText("any") : null));
        });
        return new RouteTable(out);
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route keys the table gives a function ("gateway", "auth", "usage"). */
    public java.util.Set<String> routeKeysOf(String function) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        routes.stream().filter(r -> r.function().equals(function)).forEach(r -> out.add(r.routeKey()));
        return out;
    }

    public Optional<Route> byKey(String routeKey) {
        return routes.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst();
    }

    /**
     * Matches as HTTP API does: exact routes before parameterised ones, greedy last, then
     * {@code $default}.
     */
    public Optional<Match> match(String method, String rawPath) {
        List<String> parts = split(rawPath);
        Match best = null;
        int bestScore = -1;
        for (Route r : routes) {
            if (r.routeKey().equals("$default") || !(r.method().equals(method) || r.method().equals("ANY"))) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int score = score(r.segments(), parts, params);
            if (score > bestScore) {
                bestScore = score;
                best = new Match(r, params);
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        return byKey("$default").map(r -> new Match(r, Map.of()));
    }

    /** -1 when no match; otherwise higher for more literal segments. */
    private static int score(List<String> pattern, List<String> parts, Map<String, String> params) {
        int score = 0;
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{") && p.endsWith("+}")) {
                if (i >= parts.size()) {
                    return -1;
                }
                params.put(p.substring(1, p.length() - 2), String.join("/", parts.subList(i, parts.size())));
                return score;
            }
            if (i >= parts.size()) {
                return -1;
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), parts.get(i));
            } else if (p.equals(parts.get(i))) {
                score += 2;
            } else {
                return -1;
            }
        }
        return pattern.size() == parts.size() ? score + 1 : -1;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
