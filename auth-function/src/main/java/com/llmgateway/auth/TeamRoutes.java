package com.llmgateway.auth;

import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.RouteDispatcher;

/** {@code GET/POST /v1/teams}, {@code GET/PATCH /v1/teams/{teamId}} (admin, from routes.json). */
final class TeamRoutes {

    private TeamRoutes() {
    }

    static RouteDispatcher.Handler list(TeamService teams) {
        return (request, caller) -> ApiResponse.json(200, AuthJson.list(teams.list(), AuthJson::team));
    }

    static RouteDispatcher.Handler create(TeamService teams) {
        return (request, caller) -> ApiResponse.json(201, AuthJson.team(teams.create(Fields.object(request, false))));
    }

    static RouteDispatcher.Handler get(TeamService teams) {
        return (request, caller) -> ApiResponse.json(200, AuthJson.team(teams.get(request.path("teamId"))));
    }

    static RouteDispatcher.Handler patch(TeamService teams) {
        return (request, caller) -> ApiResponse.json(200,
                AuthJson.team(teams.patch(request.path("teamId"), Fields.object(request, false), caller)));
    }
}
