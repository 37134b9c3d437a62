package com.llmgateway.core.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public JSON form of a team (the shape of {@code POST /v1/teams} in DESIGN.md), used by the
 * API and by the authorizer context. Reads trusted, already-validated JSON; request validation
 * lives with the team API.
 */
public final class TeamJson {

    private TeamJson() {
    }

    public static ObjectNode toJson(Team t) {
        ObjectNode o = Json.object();
        o.put("team_id", t.teamId());
        o.put("name", t.name());
        o.put("cost_center", t.costCenter());
        o.set("limits", limits(t.limits()));
        ObjectNode ml = o.putObject("model_limits");
        t.modelLimits().forEach((k, v) -> ml.set(k, limits(v)));
        var am = o.putArray("allowed_models");
        t.allowedModels().forEach(am::add);
        Money.put(o, "monthly_budget_usd", t.monthlyBudgetUsd());
        ObjectNode c = o.putObject("cache");
        c.put("ttl_seconds", t.cache().ttlSeconds());
        c.put("shared", t.cache().shared());
        c.put("enabled", t.cache().enabled());
        o.put("enabled", t.enabled());
        o.put("created_at", t.createdAt());
        o.put("updated_at", t.updatedAt());
        return o;
    }

    public static Team fromJson(JsonNode o) {
        Map<String, RateLimits> ml = new LinkedHashMap<>();
        o.path("model_limits").fields().forEachRemaining(e -> ml.put(e.getKey(), limits(e.getValue())));
        List<String> allowed = new ArrayList<>();
        o.path("allowed_models").forEach(n -> allowed.add(n.asText()));
        String budget = Json.text(o, "monthly_budget_usd");
        JsonNode c = o.path("cache");
        return new Team(
                o.path("team_id").asText(),
                Json.text(o, "name"),
                Json.text(o, "cost_center"),
                limits(o.path("limits")),
                ml,
                allowed.isEmpty() ? List.of("*") : allowed,
                budget == null ? null : new BigDecimal(budget),
                new CachePolicy(c.path("enabled").asBoolean(true), c.path("ttl_seconds").asLong(3600), c.path("shared").asBoolean(false)),
                o.path("enabled").asBoolean(true),
                Json.text(o, "created_at"),
                Json.text(o, "updated_at"));
    }

    public static ObjectNode limits(RateLimits l) {
        ObjectNode o = Json.object();
        o.put("rpm", l.rpm());
        o.put("input_tpm", l.inputTpm());
        o.put("output_tpm", l.outputTpm());
        return o;
    }

    public static RateLimits limits(JsonNode o) {
        return new RateLimits(o.path("rpm").asLong(), o.path("input_tpm").asLong(), o.path("output_tpm").asLong());
    }
}
