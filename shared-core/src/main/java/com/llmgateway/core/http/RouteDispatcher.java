package com.llmgateway.core.http;

import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One function's routes, dispatched from the route table ({@code routes.json}): the event's route
 * key names the route; an authorized route first turns the authorizer's verdict into the caller
 * ({@link CallerContext#from}, which throws a denial as its 401/403) and checks the scope that the
 * table, and only the table, gives the route; then the route's handler runs.
 *
 * <p>A function registers a handler for every route the table gives it and for no other:
 * {@link Builder#build()} fails otherwise, so a route added to {@code routes.json} without a
 * handler fails the function's tests (and its init) instead of answering 404 in production. An
 * event for a route the function does not serve (a misconfigured integration) needs a key and then
 * gets the OpenAI-shaped 404 {@code unknown_route}, as unknown paths always have.
 */
public final class RouteDispatcher {

    /** The work of one route (or one group of routes). */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param request the request, its request id set
         * @param caller  the authorized caller; null on a route the authorizer does not run for
         */
        ApiResponse handle(ApiRequest request, CallerContext caller);

        /**
         * The answer to a request refused before the handler ran (a denied key, a missing scope).
         * OpenAI-shaped by default; a protocol with an error shape of its own (Converse) overrides it.
         */
        default ApiResponse refused(ApiRequest request, GatewayException refusal) {
            throw refusal;
        }
    }

    private final String function;
    private final RouteTable table;
    private final Map<String, Handler> handlers;

    private RouteDispatcher(String function, RouteTable table, Map<String, Handler> handlers) {
        this.function = function;
        this.table = table;
        this.handlers = Map.copyOf(handlers);
    }

    /** Starts the routes of a function of the table ("gateway", "auth", "usage"). */
    public static Builder forFunction(String function, RouteTable table) {
        return new Builder(function, table);
    }

    /** The route keys this function serves (equal to the table's for it, by construction). */
    public Set<String> routeKeys() {
        return new TreeSet<>(handlers.keySet());
    }

    public String function() {
        return function;
    }

    /** Runs the request's route; throws a {@link GatewayException} that {@link LambdaHttp} maps to an error. */
    public ApiResponse dispatch(ApiRequest request) {
        RouteTable.Match match = resolve(request);
        Handler handler = match == null ? null : handlers.get(match.route().routeKey());
        if (handler == null) {
            // A key first, as on every unknown path: a caller without one learns nothing about routes.
            CallerContext.from(request);
            throw unknownRoute(request, "");
        }
        RouteTable.Route route = match.route();
        if (request.pathParameters().isEmpty() && !match.pathParameters().isEmpty()) {
            request = request.withPathParameters(match.pathParameters());
        }
        CallerContext caller = null;
        if (route.authorized()) {
            try {
                caller = CallerContext.from(request);
                caller.require(route.scope());
            } catch (GatewayException refusal) {
                return handler.refused(request, refusal);
            }
        }
        return handler.handle(request, caller);
    }

    /** The 404 of a path no route serves; {@code hint} (may be empty) says where to look instead. */
    public static GatewayException unknownRoute(ApiRequest request, String hint) {
        return GatewayException.notFound("Unknown route " + Echo.cut(request.method()) + " " + Echo.cut(request.rawPath()) + "."
                + (hint.isEmpty() ? "" : " " + hint), null, "unknown_route");
    }

    /** The route by the event's route key, as HTTP API sends it; by method and path when the event has none. */
    private RouteTable.Match resolve(ApiRequest request) {
        if (request.routeKey() == null || request.routeKey().isEmpty()) {
            return table.match(request.method(), request.rawPath()).orElse(null);
        }
        return table.byKey(request.routeKey()).map(route -> {
            Map<String, String> params = Map.of();
            if (route.path().contains("{")) {
                params = table.match(request.method(), request.rawPath())
                        .filter(m -> m.route().routeKey().equals(route.routeKey()))
                        .map(RouteTable.Match::pathParameters).orElse(Map.of());
            }
            return new RouteTable.Match(route, params);
        }).orElse(null);
    }

    /** Registers handlers; {@link #build()} checks them against the table. */
    public static final class Builder {
        private final String function;
        private final RouteTable table;
        private final Map<String, Handler> handlers = new LinkedHashMap<>();

        private Builder(String function, RouteTable table) {
            this.function = function;
            this.table = table;
        }

        /** One handler for one or more route keys of this function. */
        public Builder route(Handler handler, String... routeKeys) {
            for (String key : routeKeys) {
                RouteTable.Route route = table.byKey(key).orElseThrow(() ->
                        new IllegalStateException(function + " registers " + key + ", which routes.json does not have"));
                if (!route.function().equals(function)) {
                    throw new IllegalStateException(function + " registers " + key + ", which routes.json gives to "
                            + route.function());
                }
                if (handlers.putIfAbsent(key, handler) != null) {
                    throw new IllegalStateException(function + " registers " + key + " twice");
                }
            }
            return this;
        }

        /** Fails when a route the table gives this function has no handler. */
        public RouteDispatcher build() {
            Set<String> missing = new TreeSet<>(table.routeKeysOf(function));
            missing.removeAll(handlers.keySet());
            if (!missing.isEmpty()) {
                throw new IllegalStateException("routes.json gives " + function + " routes it has no handler for: " + missing);
            }
            return new RouteDispatcher(function, table, handlers);
        }
    }
}
