package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.usage.Money;
import com.llmgateway.gateway.metering.ModelPermission;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code recommend_model}: the catalog's models that meet the requirements, cheapest first by the
 * estimated cost of one call ({@code input_tokens} at the input price plus {@code output_tokens}
 * at the output price, the catalog's prices, exact), ties by name. No model call; one ledger
 * record at cost 0.
 */
final class RecommendModelTool {

    static final String NAME = "recommend_model";
    static final long DEFAULT_INPUT_TOKENS = 1000;
    static final long DEFAULT_OUTPUT_TOKENS = 500;
    static final int DEFAULT_LIMIT = 10;

    private final ModelCatalog catalog;

    RecommendModelTool(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    ObjectNode call(JsonNode args, Team team) {
        boolean tools = Args.optionalBoolean(args, "tools", false);
        boolean vision = Args.optionalBoolean(args, "vision", false);
        long input = Args.optionalLong(args, "input_tokens", 0, 10_000_000, DEFAULT_INPUT_TOKENS);
        long output = Args.optionalLong(args, "output_tokens", 0, 1_000_000, DEFAULT_OUTPUT_TOKENS);
        long context = Args.optionalLong(args, "min_context_tokens", 0, 10_000_000, 0);
        BigDecimal ceiling = Args.optionalUsd(args, "max_cost_usd");
        boolean legacy = Args.optionalBoolean(args, "include_legacy", false);
        boolean onlyAllowed = Args.optionalBoolean(args, "only_allowed", true);
        int limit = Args.optionalInt(args, "limit", 1, 100) == null ? DEFAULT_LIMIT : Args.optionalInt(args, "limit", 1, 100);

        record Match(ModelInfo model, BigDecimal cost, boolean allowed) {
        }
        List<Match> matches = new ArrayList<>();
        for (ModelInfo m : catalog.models()) {
            boolean allowed = ModelPermission.allowed(team, m);
            if ((tools && !m.supportsTools()) || (vision && !m.supportsVision()) || (m.isLegacy() && !legacy)
                    || (onlyAllowed && !allowed) || m.contextWindow() < Math.max(context, input + output)
                    || m.maxOutputTokens() < output) {
                continue;
            }
            BigDecimal cost = CostCalculator.cost(m, new TokenUsage(input, output));
            if (ceiling != null && cost.compareTo(ceiling) > 0) {
                continue;
            }
            matches.add(new Match(m, cost, allowed));
        }
        matches.sort(Comparator.comparing(Match::cost).thenComparing(x -> x.model().name()));

        ObjectNode out = Json.object();
        ObjectNode req = out.putObject("requirements");
        req.put("tools", tools).put("vision", vision).put("min_context_tokens", context)
                .put("input_tokens", input).put("output_tokens", output).put("include_legacy", legacy)
                .put("only_allowed", onlyAllowed);
        Money.put(req, "max_cost_usd", ceiling);
        out.put("matched", matches.size());
        ArrayNode list = out.putArray("models");
        for (Match x : matches.subList(0, Math.min(limit, matches.size()))) {
            ModelInfo m = x.model();
            ObjectNode e = list.addObject();
            e.put("model", m.name());
            e.put("provider", m.provider());
            Money.put(e, "estimated_cost_usd", x.cost());
            Money.put(e, "input_price_per_1m", m.inputPricePer1M());
            Money.put(e, "output_price_per_1m", m.outputPricePer1M());
            e.put("context_window", m.contextWindow());
            e.put("max_output_tokens", m.maxOutputTokens());
            e.put("supports_tools", m.supportsTools());
            e.put("supports_vision", m.supportsVision());
            e.put("lifecycle", m.lifecycle());
            e.put("allowed", x.allowed());
        }
        if (matches.isEmpty()) {
            out.putNull("recommended");
        } else {
            out.put("recommended", matches.get(0).model().name());
        }
        out.put("prices_as_of", catalog.pricesAsOf());
        Money.put(out, "cost_usd", BigDecimal.ZERO);
        out.put("model_calls", 0);
        return out;
    }
}
