package com.llmgateway.gateway.routes;

import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.gateway.models.ModelsService;

/** {@code GET /v1/models} and {@code GET /v1/models/{model}}: the catalog, for any key. */
public final class ModelsRoutes {

    private ModelsRoutes() {
    }

    public static RouteDispatcher.Handler list(ModelsService models) {
        return (request, caller) -> ApiResponse.json(200, models.list());
    }

    public static RouteDispatcher.Handler get(ModelsService models) {
        return (request, caller) -> ApiResponse.json(200, models.get(String.valueOf(request.path("model"))));
    }
}
