package com.llmgateway.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.keys.Scopes;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.team.TeamJson;
import com.llmgateway.core.usage.Money;
import com.llmgateway.core.usage.MonthUsage;
import com.llmgateway.core.usage.UsageReader;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * {@code GET /v1/me}: the caller's team, scopes, limits, allowed models, budget and what is left of
 * it this month (the usage read model's rule: requests in flight already count, as in /v1/usage).
 */
final class MeService {

    private final UsageReader usage;
    private final Clock clock;

    MeService(UsageReader usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    ObjectNode me(CallerContext caller) {
        Team team = caller.team();
        YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        MonthUsage spend = usage.month(team.teamId(), month);
        ObjectNode teamJson = TeamJson.toJson(team);
        ObjectNode o = Json.object();
        o.put("team_id", team.teamId());
        o.put("key_id", caller.keyId());
        ArrayNode scopes = o.putArray("scopes");
        Scopes.canonical(caller.scopes()).forEach(scopes::add);
        o.put("team_name", team.name());
        o.put("cost_center", team.costCenter());
        o.set("limits", teamJson.get("limits"));
        o.set("model_limits", teamJson.get("model_limits"));
        o.set("allowed_models", teamJson.get("allowed_models"));
        o.set("cache", teamJson.get("cache"));
        o.put("enabled", team.enabled());
        o.put("month", month.toString());
        o.set("monthly_budget_usd", teamJson.get("monthly_budget_usd"));
        Money.put(o, "month_spend_usd", spend.spentUsd());
        MonthUsage.Budget budget = spend.budget(team.monthlyBudgetUsd());
        Money.put(o, "budget_remaining_usd", budget == null ? null : budget.remainingUsd());
        return o;
    }
}
