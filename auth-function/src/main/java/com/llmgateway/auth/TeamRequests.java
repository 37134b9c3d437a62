package com.llmgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates {@code POST /v1/teams} and {@code PATCH /v1/teams/{teamId}} bodies into a {@link Team}.
 * Every field is checked; a failure is a 400 naming the field (e.g. {@code limits.rpm}).
 *
 * <p>Defaults on create: name = team_id, no cost center, limits {rpm 60, input_tpm 100000,
 * output_tpm 20000}, no per-model limits, allowed_models ["*"], no budget, cache {ttl_seconds 3600,
 * shared false, enabled true}, enabled true. {@code limits} and {@code cache} may be given in part
 * (the rest keeps its default, or on PATCH its current value); {@code model_limits} and
 * {@code allowed_models} are replaced whole; each per-model limit needs all three numbers.
 */
final class TeamRequests {

    static final Pattern TEAM_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{1,62}");
    static final RateLimits DEFAULT_LIMITS = new RateLimits(60, 100_000, 20_000);
    static final CachePolicy DEFAULT_CACHE = new CachePolicy(true, 3600, false);

    static final long MAX_RPM = 100_000;
    static final long MAX_TPM = 100_000_000;
    static final long MAX_CACHE_TTL = 604_800;
    static final int MAX_BUDGET_SCALE = 6;
    static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000");
    static final int MAX_ALLOWED_MODELS = 100;

    private static final Set<String> FIELDS = Set.of("team_id", "name", "cost_center", "limits", "model_limits",
            "allowed_models", "monthly_budget_usd", "cache", "enabled");
    private static final Set<String> READ_ONLY = Set.of("created_at", "updated_at");
    private static final Set<String> LIMIT_FIELDS = Set.of("rpm", "input_tpm", "output_tpm");
    private static final Set<String> CACHE_FIELDS = Set.of("ttl_seconds", "shared", "enabled");
    private static final Pattern BUDGET = Pattern.compile("\\d{1,12}(\\.\\d{1,12})?");

    private final ModelCatalog catalog;

    TeamRequests(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    Team create(JsonNode body, Instant now) {
        checkFields(body);
        JsonNode id = body.get("team_id");
        if (id == null || id.isNull()) {
            throw Fields.bad("team_id", "'team_id' is required.");
        }
        String teamId = teamId(id);
        String at = now.toString();
        Team base = new Team(teamId, teamId, null, DEFAULT_LIMITS, Map.of(), List.of("*"), null, DEFAULT_CACHE,
                true, at, at);
        return apply(base, body, at);
    }

    Team patch(Team current, JsonNode body, Instant now) {
        checkFields(body);
        JsonNode id = body.get("team_id");
        if (id != null && !(id.isTextual() && id.asText().equals(current.teamId()))) {
            throw Fields.bad("team_id", "'team_id' cannot be changed.");
        }
        return apply(current, body, now.toString());
    }

    static String teamId(JsonNode v) {
        return teamId(v == null || !v.isTextual() ? null : v.asText());
    }

    /** A valid team id, or a 400 naming {@code team_id}. */
    static String teamId(String v) {
        if (v == null || !TEAM_ID.matcher(v).matches()) {
            throw Fields.bad("team_id", "'team_id' must be 2 to 63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit.");
        }
        return v;
    }

    private static void checkFields(JsonNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (READ_ONLY.contains(name)) {
                throw Fields.bad(name, "'" + Echo.cut(name) + "' is set by the gateway and cannot be given.");
            }
            if (!FIELDS.contains(name)) {
                throw Fields.bad(name, "Unknown field '" + Echo.cut(name) + "'.");
            }
        }
    }

    private Team apply(Team t, JsonNode body, String updatedAt) {
        String name = t.name();
        String costCenter = t.costCenter();
        RateLimits limits = t.limits();
        Map<String, RateLimits> modelLimits = t.modelLimits();
        List<String> allowed = t.allowedModels();
        BigDecimal budget = t.monthlyBudgetUsd();
        CachePolicy cache = t.cache();
        boolean enabled = t.enabled();

        if (body.has("name")) {
            name = Fields.string(body.get("name"), "name", 100);
        }
        if (body.has("cost_center")) {
            JsonNode v = body.get("cost_center");
            costCenter = v.isNull() ? null : Fields.string(v, "cost_center", 64);
        }
        if (body.has("limits")) {
            limits = limits(body.get("limits"), "limits", limits, true);
        }
        if (body.has("model_limits")) {
            modelLimits = modelLimits(body.get("model_limits"));
        }
        if (body.has("allowed_models")) {
            allowed = allowedModels(body.get("allowed_models"));
        }
        if (body.has("monthly_budget_usd")) {
            budget = budget(body.get("monthly_budget_usd"));
        }
        if (body.has("cache")) {
            cache = cache(body.get("cache"), cache);
        }
        if (body.has("enabled")) {
            enabled = Fields.bool(body.get("enabled"), "enabled");
        }
        return new Team(t.teamId(), name, costCenter, limits, modelLimits, allowed, budget, cache, enabled,
                t.createdAt(), updatedAt);
    }

    private static RateLimits limits(JsonNode v, String param, RateLimits base, boolean partial) {
        Fields.requireObject(v, param);
        Fields.onlyKnown(v, LIMIT_FIELDS, param + ".");
        if (!partial) {
            for (String f : List.of("rpm", "input_tpm", "output_tpm")) {
                if (!v.has(f)) {
                    throw Fields.bad(param + "." + f, "'" + Echo.cut(param + "." + f) + "' is required.");
                }
            }
        }
        long rpm = v.has("rpm") ? Fields.integer(v.get("rpm"), param + ".rpm", 1, MAX_RPM) : base.rpm();
        long in = v.has("input_tpm") ? Fields.integer(v.get("input_tpm"), param + ".input_tpm", 1, MAX_TPM) : base.inputTpm();
        long out = v.has("output_tpm") ? Fields.integer(v.get("output_tpm"), param + ".output_tpm", 1, MAX_TPM) : base.outputTpm();
        return new RateLimits(rpm, in, out);
    }

    private Map<String, RateLimits> modelLimits(JsonNode v) {
        if (v.isNull()) {
            return Map.of();
        }
        Fields.requireObject(v, "model_limits");
        Map<String, RateLimits> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String param = "model_limits." + e.getKey();
            Optional<ModelInfo> model = catalog.resolve(e.getKey());
            if (model.isEmpty()) {
                throw Fields.bad(param, "'" + Echo.cut(e.getKey()) + "' in 'model_limits' is not a model of the catalog (see GET /v1/models).");
            }
            String name = model.get().name();
            if (out.containsKey(name)) {
                throw Fields.bad(param, "'model_limits' names model '" + name + "' twice.");
            }
            out.put(name, limits(e.getValue(), param, DEFAULT_LIMITS, false));
        }
        return out;
    }

    private List<String> allowedModels(JsonNode v) {
        if (v == null || !v.isArray()) {
            throw Fields.bad("allowed_models", "'allowed_models' must be an array of model names or patterns such as \"claude-*\" or \"*\".");
        }
        if (v.isEmpty()) {
            throw Fields.bad("allowed_models", "'allowed_models' must name at least one model or pattern; set 'enabled' to false to stop a team.");
        }
        if (v.size() > MAX_ALLOWED_MODELS) {
            throw Fields.bad("allowed_models", "'allowed_models' may hold at most " + MAX_ALLOWED_MODELS + " entries.");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : v) {
            String entry = Fields.string(n, "allowed_models", 100);
            if (!catalog.isKnownPattern(entry)) {
                throw Fields.bad("allowed_models", "'" + Echo.cut(entry) + "' in 'allowed_models' matches no model of the catalog (see GET /v1/models).");
            }
            out.add(entry);
        }
        return new ArrayList<>(out);
    }

    /** A decimal string or number, 0 or more, under 1e9, at most 6 decimal places; null for no budget. */
    static BigDecimal budget(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        BigDecimal value;
        if (v.isTextual() && BUDGET.matcher(v.asText().strip()).matches()) {
            value = new BigDecimal(v.asText().strip());
        } else if (v.isNumber() && !v.isDouble() && !v.isFloat()) {
            value = v.decimalValue();
        } else {
            throw Fields.bad("monthly_budget_usd", "'monthly_budget_usd' must be a decimal amount in USD such as \"250.00\", or null for no budget.");
        }
        if (value.signum() < 0) {
            throw Fields.bad("monthly_budget_usd", "'monthly_budget_usd' must not be negative.");
        }
        if (value.compareTo(MAX_BUDGET) >= 0) {
            throw Fields.bad("monthly_budget_usd", "'monthly_budget_usd' must be below 1000000000.");
        }
        if (value.stripTrailingZeros().scale() > MAX_BUDGET_SCALE) {
            throw Fields.bad("monthly_budget_usd", "'monthly_budget_usd' may have at most " + MAX_BUDGET_SCALE + " decimal places.");
        }
        if (value.scale() > MAX_BUDGET_SCALE) {
            value = value.setScale(MAX_BUDGET_SCALE);
        } else if (value.scale() < 0) {
            value = value.setScale(0);
        }
        return value;
    }

    private static CachePolicy cache(JsonNode v, CachePolicy base) {
        Fields.requireObject(v, "cache");
        Fields.onlyKnown(v, CACHE_FIELDS, "cache.");
        long ttl = v.has("ttl_seconds") ? Fields.integer(v.get("ttl_seconds"), "cache.ttl_seconds", 0, MAX_CACHE_TTL) : base.ttlSeconds();
        boolean shared = v.has("shared") ? Fields.bool(v.get("shared"), "cache.shared") : base.shared();
        boolean enabled = v.has("enabled") ? Fields.bool(v.get("enabled"), "cache.enabled") : base.enabled();
        return new CachePolicy(enabled, ttl, shared);
    }
}
