package com.llmgateway.core.team;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A team: who pays (cost center), what it may use, and how much.
 *
 * @param modelLimits       per-model limits keyed by catalog model name; override {@code limits} for that model
 * @param allowedModels     names or glob patterns ("*", "claude-*")
 * @param monthlyBudgetUsd  null when the team has no budget
 */
public record Team(String teamId, String name, String costCenter, RateLimits limits,
                   Map<String, RateLimits> modelLimits, List<String> allowedModels,
                   BigDecimal monthlyBudgetUsd, CachePolicy cache, boolean enabled,
                   String createdAt, String updatedAt) {
    public Team {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(cache, "cache");
        modelLimits = modelLimits == null ? Map.of() : Map.copyOf(modelLimits);
        allowedModels = allowedModels == null ? List.of("*") : List.copyOf(allowedModels);
    }

    /** The limits that apply to a model: its own if set, else the team's. */
    public RateLimits limitsFor(String modelName) {
        return modelLimits.getOrDefault(modelName, limits);
    }
}
