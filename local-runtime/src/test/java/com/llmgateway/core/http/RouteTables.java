package com.llmgateway.core.http;

import com.llmgateway.core.json.Json;

/** Test access to route tables other than routes.json (e.g. one without $default). */
public final class RouteTables {

    private RouteTables() {
    }

    public static RouteTable parse(String json) {
        return RouteTable.parse(Json.parse(json));
    }
}
