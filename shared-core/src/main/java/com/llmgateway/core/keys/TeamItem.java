package com.llmgateway.core.keys;

import com.llmgateway.core.store.Tables;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team as a keys-table item. The format (Terraform seeds the same items):
 * <pre>
 * pk = "TEAM#{team_id}"   sk = "TEAM"   gsi1pk = "TEAMS"   gsi1sk = "TEAM#{team_id}"
 * team_id S, name S, cost_center S (absent when none),
 * limits M {rpm N, input_tpm N, output_tpm N},
 * model_limits M {model name: M {rpm N, input_tpm N, output_tpm N}} (may be empty),
 * allowed_models L of S, monthly_budget_usd S (decimal text, absent when no budget),
 * cache M {ttl_seconds N, shared BOOL, enabled BOOL}, enabled BOOL, created_at S, updated_at S (ISO-8601 UTC)
 * </pre>
 * The budget is a string because DynamoDB normalises numbers ("250.00" would come back "250").
 */
final class TeamItem {

    static final String SK = "TEAM";
    static final String LIST_PK = "TEAMS";

    private TeamItem() {
    }

    static String pk(String teamId) {
        return "TEAM#" + teamId;
    }

    static Map<String, AttributeValue> key(String teamId) {
        return Map.of(Tables.PK, s(pk(teamId)), Tables.SK, s(SK));
    }

    static Map<String, AttributeValue> toItem(Team t) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Tables.PK, s(pk(t.teamId())));
        item.put(Tables.SK, s(SK));
        item.put(Tables.GSI1_PK, s(LIST_PK));
        item.put(Tables.GSI1_SK, s(pk(t.teamId())));
        item.put("team_id", s(t.teamId()));
        putIfPresent(item, "name", t.name());
        putIfPresent(item, "cost_center", t.costCenter());
        item.put("limits", limits(t.limits()));
        Map<String, AttributeValue> ml = new LinkedHashMap<>();
        t.modelLimits().forEach((m, l) -> ml.put(m, limits(l)));
        item.put("model_limits", AttributeValue.fromM(ml));
        item.put("allowed_models", AttributeValue.fromL(t.allowedModels().stream().map(TeamItem::s).toList()));
        if (t.monthlyBudgetUsd() != null) {
            item.put("monthly_budget_usd", s(t.monthlyBudgetUsd().toPlainString()));
        }
        item.put("cache", AttributeValue.fromM(Map.of(
                "ttl_seconds", n(t.cache().ttlSeconds()),
                "shared", AttributeValue.fromBool(t.cache().shared()),
                "enabled", AttributeValue.fromBool(t.cache().enabled()))));
        item.put("enabled", AttributeValue.fromBool(t.enabled()));
        putIfPresent(item, "created_at", t.createdAt());
        putIfPresent(item, "updated_at", t.updatedAt());
        return item;
    }

    static Team fromItem(Map<String, AttributeValue> item) {
        Map<String, RateLimits> ml = new LinkedHashMap<>();
        AttributeValue mlv = item.get("model_limits");
        if (mlv != null && mlv.hasM()) {
            mlv.m().forEach((m, v) -> ml.put(m, limits(v)));
        }
        List<String> allowed = new ArrayList<>();
        AttributeValue am = item.get("allowed_models");
        if (am != null && am.hasL()) {
            am.l().forEach(v -> allowed.add(v.s()));
        } else if (am != null && am.hasSs()) {
            allowed.addAll(am.ss());
        }
        Map<String, AttributeValue> cache = item.containsKey("cache") ? item.get("cache").m() : Map.of();
        String budget = text(item, "monthly_budget_usd");
        AttributeValue budgetValue = item.get("monthly_budget_usd");
        if (budget == null && budgetValue != null && budgetValue.n() != null) {
            budget = budgetValue.n();
        }
        return new Team(
                text(item, "team_id"),
                text(item, "name"),
                text(item, "cost_center"),
                limits(item.get("limits")),
                ml,
                allowed.isEmpty() ? List.of("*") : allowed,
                budget == null ? null : new BigDecimal(budget),
                new CachePolicy(bool(cache.get("enabled"), true), cache.containsKey("ttl_seconds")
                        ? Long.parseLong(cache.get("ttl_seconds").n()) : 3600, bool(cache.get("shared"), false)),
                bool(item.get("enabled"), true),
                text(item, "created_at"),
                text(item, "updated_at"));
    }

    private static AttributeValue limits(RateLimits l) {
        return AttributeValue.fromM(Map.of("rpm", n(l.rpm()), "input_tpm", n(l.inputTpm()), "output_tpm", n(l.outputTpm())));
    }

    private static RateLimits limits(AttributeValue v) {
        Map<String, AttributeValue> m = v.m();
        return new RateLimits(Long.parseLong(m.get("rpm").n()), Long.parseLong(m.get("input_tpm").n()),
                Long.parseLong(m.get("output_tpm").n()));
    }

    private static boolean bool(AttributeValue v, boolean fallback) {
        return v == null || v.bool() == null ? fallback : v.bool();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
