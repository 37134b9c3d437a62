package com.llmgateway.gateway.metering;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Teams, callers and models for the metering tests. */
final class Fixtures {

    static final ModelCatalog CATALOG = ModelCatalog.load(Map.of());
    static final ModelInfo NOVA = CATALOG.resolve("nova-micro").orElseThrow();
    static final ModelInfo HAIKU = CATALOG.resolve("claude-haiku-4-5").orElseThrow();

    private Fixtures() {
    }

    static Team team(String id, RateLimits limits, Map<String, RateLimits> modelLimits, String budget) {
        return new Team(id, "Team " + id, "CC-" + id, limits, modelLimits, List.of("*"),
                budget == null ? null : new BigDecimal(budget), new CachePolicy(true, 3600, false), true, null, null);
    }

    static CallerContext caller(Team team) {
        return new CallerContext(team.teamId(), "key-" + team.teamId(), Set.of("invoke"), team);
    }
}
