package com.llmgateway.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo team and its keys, from {@code demo-team.json}: the one declaration that Terraform
 * ({@code terraform/seed.tf}) and the local runtime's seeding (auth-function's DemoSeed) both read.
 * Its cache TTL is the declared default cache TTL ({@code DEFAULT_CACHE_TTL_SECONDS}), as on a
 * deployed stack, where Terraform's {@code cache_ttl_seconds} sets both.
 */
public final class DemoTeam {

    public static final String RESOURCE = "demo-team.json";
    static final String CACHE_TTL_SETTING = "DEFAULT_CACHE_TTL_SECONDS";

    /**
     * A Terraform variable that changes a field of the demo team on a deployed stack.
     *
     * @param field dotted path in demo-team.json ("limits.rpm"); the variable's default is the value there
     */
    public record Variable(String terraform, String field, String type, Long min, Long max, String pattern) {
    }

    private static final JsonNode ROOT = load();

    private DemoTeam() {
    }

    public static String teamId() {
        return ROOT.path("team_id").asText();
    }

    /** scope => key name ("invoke" => "demo-invoke"). */
    public static Map<String, String> keyNames() {
        Map<String, String> out = new LinkedHashMap<>();
        ROOT.path("keys").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The demo team as stored, created and updated at {@code now}. */
    public static Team team(Instant now) {
        JsonNode limits = ROOT.path("limits");
        List<String> models = new ArrayList<>();
        ROOT.path("allowed_models").forEach(m -> models.add(m.asText()));
        JsonNode cache = ROOT.path("cache");
        String at = now.toString();
        return new Team(teamId(), ROOT.path("name").asText(), Json.text(ROOT, "cost_center"),
                new RateLimits(limits.path("rpm").asLong(), limits.path("input_tpm").asLong(), limits.path("output_tpm").asLong()),
                Map.of(), models, ROOT.hasNonNull("monthly_budget_usd") ? new BigDecimal(ROOT.get("monthly_budget_usd").asText()) : null,
                new CachePolicy(cache.path("enabled").asBoolean(true), Settings.get(CACHE_TTL_SETTING).defaultInteger(),
                        cache.path("shared").asBoolean(false)),
                ROOT.path("enabled").asBoolean(true), at, at);
    }

    /** The Terraform variables of the demo team, by name. */
    public static Map<String, Variable> variables() {
        Map<String, Variable> out = new LinkedHashMap<>();
        ROOT.path("variables").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            out.put(e.getKey(), new Variable(e.getKey(), v.path("field").asText(), v.path("type").asText(),
                    v.hasNonNull("min") ? v.get("min").asLong() : null, v.hasNonNull("max") ? v.get("max").asLong() : null,
                    Json.text(v, "pattern")));
        });
        return out;
    }

    /** The declared value at a dotted path ("limits.rpm"), as text; null when absent. */
    public static String value(String field) {
        JsonNode n = ROOT;
        for (String part : field.split("\\.")) {
            n = n.path(part);
        }
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static JsonNode load() {
        try (InputStream in = DemoTeam.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }
}
