package com.llmgateway.gateway.testing;

import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Callers as the authorizer describes them. */
public final class Callers {

    private Callers() {
    }

    public static Team team(String teamId, List<String> allowedModels) {
        return new Team(teamId, "Search", "CC-1042", new RateLimits(60, 40_000, 10_000),
                Map.of("test-model", new RateLimits(10, 20_000, 5_000)), allowedModels, null,
                new CachePolicy(true, 3600, false), true, "2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z");
    }

    public static CallerContext invoker() {
        return new CallerContext("search", "key-1", Set.of(CallerContext.INVOKE), team("search", List.of("*")));
    }

    public static CallerContext invoker(List<String> allowedModels) {
        return new CallerContext("search", "key-1", Set.of(CallerContext.INVOKE), team("search", allowedModels));
    }
}
