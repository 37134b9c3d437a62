package com.llmgateway.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.store.StoreCalls;
import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.DayRollup;
import com.llmgateway.core.usage.Money;
import com.llmgateway.core.usage.MonthUsage;
import com.llmgateway.core.usage.UsageReader;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.chat.ChatRequest;
import com.llmgateway.gateway.chat.ChatResult;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.chat.FinishReason;
import com.llmgateway.gateway.mcp.delegation.DelegationTools;
import com.llmgateway.gateway.mcp.delegation.ToolContext;

import static com.llmgateway.gateway.mcp.ToolResults.describe;
import static com.llmgateway.gateway.mcp.ToolResults.error;
import static com.llmgateway.gateway.mcp.ToolResults.success;
import com.llmgateway.gateway.metering.ModelPermission;
import com.llmgateway.gateway.models.ModelsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The gateway's MCP tools: their definitions (name, description, input and output JSON Schemas)
 * and their execution. Every model call goes through {@link ChatService} under route
 * {@code mcp} with its own request id: the tool's arguments are parsed into the neutral
 * {@link ChatRequest} inside the pipeline ({@link McpPrompts}), so the ledger holds one record per
 * model call, arguments refused included, and the neutral {@link ChatResult} is rendered as the
 * tool's structured result. Failures
 * (bad arguments, rate limits, budget, unknown or forbidden models, upstream errors) come back
 * as tool results with {@code isError: true} and the gateway's safe message.
 */
final class McpTools {

    static final String GENERATE = "generate";
    static final String LIST_MODELS = "list_models";
    static final String GET_USAGE = "get_usage";
    static final String GET_STATS = "get_stats";
    static final String COMPARE_MODELS = "compare_models";
    static final int MAX_COMPARED_MODELS = 4;
    static final String EMBED = McpEmbedTool.NAME;

    private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);

    /** What a tool call knows of its HTTP request. */
    record Call(CallerContext caller, Supplier<String> nextRequestId, String cacheControl) {
    }

    private final ChatService chat;
    private final ModelsService models;
    private final ModelCatalog catalog;
    private final UsageReader usage;
    private final String defaultModel;
    private final Clock clock;
    private final ArrayNode definitions;
    private final DelegationTools delegation;
    /** The embed tool; null where no embeddings pipeline is wired (then the tool is not listed). */
    private final McpEmbedTool embed;

    McpTools(ChatService chat, ModelsService models, UsageReader usage, String defaultModel, Clock clock) {
        this(chat, models, usage, defaultModel, clock, null);
    }

    McpTools(ChatService chat, ModelsService models, UsageReader usage, String defaultModel, Clock clock,
             McpEmbedTool embed) {
        this.embed = embed;
        this.chat = chat;
        this.models = models;
        this.catalog = models.catalog();
        this.usage = usage;
        this.defaultModel = defaultModel;
        this.clock = clock;
        this.delegation = new DelegationTools(chat, catalog);
        this.definitions = ToolSchemas.definitions(defaultModel);
        this.definitions.addAll(delegation.definitions());
        for (JsonNode d : definitions) {
            if (d.path("inputSchema") instanceof ObjectNode input) {
                input.put("additionalProperties", false);
            }
        }
        if (embed != null) {
            definitions.add(McpEmbedTool.definition());
            ((ObjectNode) definitions.get(definitions.size() - 1).path("inputSchema")).put("additionalProperties", false);
        }
    }

    /** The tools/list answer's {@code tools}. */
    ArrayNode definitions() {
        return definitions.deepCopy();
    }

    boolean offers(String name) {
        return exists(name) || (embed != null && EMBED.equals(name));
    }

    static boolean exists(String name) {
        return switch (name) {
            case GENERATE, LIST_MODELS, GET_USAGE, GET_STATS, COMPARE_MODELS -> true;
            default -> DelegationTools.exists(name);
        };
    }

    /**
     * The argument names a tool's input schema does not declare, in the order given: a misspelt
     * argument is refused rather than silently ignored (the schemas say additionalProperties false).
     */
    private List<String> unknownArguments(String name, JsonNode args) {
        if (!args.isObject()) {
            return List.of();
        }
        JsonNode properties = null;
        for (JsonNode d : definitions) {
            if (name.equals(d.path("name").asText())) {
                properties = d.path("inputSchema").path("properties");
            }
        }
        if (properties == null) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        for (var it = args.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!properties.has(field)) {
                unknown.add(field);
            }
        }
        return unknown;
    }

    /** A CallToolResult; never throws for a failure of the tool itself. */
    ObjectNode call(String name, JsonNode arguments, Call call) {
        JsonNode args = arguments == null || arguments.isNull() ? Json.object() : arguments;
        List<String> unknown = unknownArguments(name, args);
        if (!unknown.isEmpty()) {
            JsonNode properties = Json.object();
            for (JsonNode d : definitions) {
                if (name.equals(d.path("name").asText())) {
                    properties = d.path("inputSchema").path("properties");
                }
            }
            List<String> known = new ArrayList<>();
            properties.fieldNames().forEachRemaining(known::add);
            ToolInputException refusal = new ToolInputException((unknown.size() == 1 ? "unknown argument '" : "unknown arguments '")
                    + String.join("', '", unknown.stream().map(McpTools::cut).toList()) + "'; it takes "
                    + (known.isEmpty() ? "no arguments." : String.join(", ", known) + "."));
            // Recorded like any refused tool call: one ledger record, under the tool's name.
            chat.refused(new ChatCall(call.caller(), call.nextRequestId().get(), ChatService.MCP_ROUTE, call.cacheControl(), 0, name),
                    refusal);
            return error("Invalid arguments for tool '" + name + "': " + refusal.getMessage());
        }
        if (DelegationTools.exists(name)) {
            return delegation.call(name, args, new ToolContext(call.caller(), call.nextRequestId(), call.cacheControl()));
        }
        try {
            if (!args.isObject()) {
                throw new ToolInputException("'arguments' must be an object.");
            }
            return switch (name) {
                case GENERATE -> generate(args, call);
                case LIST_MODELS -> listModels(call.caller());
                case GET_USAGE, GET_STATS -> usage(call.caller());
                case COMPARE_MODELS -> compare(args, call);
                case EMBED -> {
                    if (embed == null) {
                        throw new IllegalArgumentException("unknown tool " + name);
                    }
                    ObjectNode result = embed.call(args, call);
                    yield success(result, result);
                }
                default -> throw new IllegalArgumentException("unknown tool " + name);
            };
        } catch (GatewayException e) {
            if (ToolInputException.CODE.equals(e.code())) {
                return error("Invalid arguments for tool '" + name + "': " + e.getMessage());
            }
            return error(describe(e));
        } catch (RuntimeException e) {
            LOG.error("tool {} failed", name, e);
            return error(GatewayException.internal().getMessage());
        }
    }

    /** An argument name as an error message may echo it. */
    private static String cut(String s) {
        return com.llmgateway.core.error.Echo.cut(s);
    }

    // ---- generate -----------------------------------------------------------------------------

    private ObjectNode generate(JsonNode args, Call call) {
        ObjectNode result = completion(args, null, call, GENERATE);
        return success(result, result);
    }

    /**
     * One model call through the chat pipeline, as generate's structured result.
     *
     * @param model the model to call, or null for the arguments' own {@code model} (else the default)
     */
    private ObjectNode completion(JsonNode args, String model, Call call, String tool) {
        String requestId = call.nextRequestId().get();
        ChatResult r = chat.complete(new ChatCall(call.caller(), requestId, ChatService.MCP_ROUTE, call.cacheControl(), 0, tool),
                () -> McpPrompts.parse(args, model, defaultModel, catalog));
        ObjectNode out = Json.object();
        out.put("content", r.text());
        out.put("model", r.modelName());
        out.put("model_id", r.modelId());
        ObjectNode usage = out.putObject("usage");
        long input = r.usage().inputTokens() + r.usage().cacheReadTokens() + r.usage().cacheWriteTokens();
        usage.put("input_tokens", input);
        usage.put("output_tokens", r.usage().outputTokens());
        usage.put("total_tokens", input + r.usage().outputTokens());
        out.put("finish_reason", FinishReason.fromBedrock(r.stopReason()));
        out.put("cached", r.cached());
        out.put("latency_ms", r.latencyMs());
        Money.put(out, "cost_usd", r.costUsd());
        out.put("request_id", requestId);
        return out;
    }

    // ---- list_models --------------------------------------------------------------------------

    private ObjectNode listModels(CallerContext caller) {
        ObjectNode out = Json.object();
        out.put("default_model", defaultModel);
        ArrayNode list = out.putArray("models");
        for (JsonNode m : models.list().path("data")) {
            ObjectNode entry = (ObjectNode) m.deepCopy();
            entry.put("allowed", catalog.resolve(m.path("id").asText())
                    .map(info -> ModelPermission.allowed(caller.team(), info)).orElse(false));
            list.add(entry);
        }
        return success(out, out);
    }

    // ---- get_usage ----------------------------------------------------------------------------

    private ObjectNode usage(CallerContext caller) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        MonthUsage u = usage.month(caller.teamId(), YearMonth.from(today));
        Map<String, Counters> perModel = DayRollup.byModel(usage.teamDays(caller.teamId(), u.month().atDay(1), today));
        Team team = caller.team();
        ObjectNode out = Json.object();
        out.put("team_id", caller.teamId());
        out.put("team_name", team.name());
        out.put("month", u.month().toString());
        out.putObject("period").put("from", u.month().atDay(1).toString()).put("to", today.toString());
        counters(out, u.total());
        MonthUsage.Budget budget = u.budget(team.monthlyBudgetUsd());
        if (budget == null) {
            out.putNull("budget");
        } else {
            ObjectNode b = out.putObject("budget");
            Money.put(b, "monthly_budget_usd", budget.monthlyBudgetUsd());
            Money.put(b, "spent_usd", budget.spentUsd());
            Money.put(b, "reserved_usd", budget.reservedUsd());
            Money.put(b, "remaining_usd", budget.remainingUsd());
            b.put("used_percent", budget.monthlyBudgetUsd().signum() == 0 ? BigDecimal.valueOf(100)
                    : budget.spentUsd().multiply(BigDecimal.valueOf(100)).divide(budget.monthlyBudgetUsd(), 2, RoundingMode.HALF_EVEN));
        }
        out.putObject("rate_limits").put("requests_per_minute", team.limits().rpm())
                .put("input_tokens_per_minute", team.limits().inputTpm())
                .put("output_tokens_per_minute", team.limits().outputTpm());
        ArrayNode byModel = out.putArray("by_model");
        perModel.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Counters> e) -> e.getValue().costUsd()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> counters(byModel.addObject().put("model", e.getKey()), e.getValue()));
        return success(out, out);
    }

    private static void counters(ObjectNode o, Counters c) {
        o.put("requests", c.requests());
        o.put("input_tokens", c.inputTokens());
        o.put("output_tokens", c.outputTokens());
        o.put("cache_read_tokens", c.cacheReadTokens());
        o.put("cache_write_tokens", c.cacheWriteTokens());
        o.put("total_tokens", c.totalTokens());
        Money.put(o, "cost_usd", c.costUsd());
        o.put("cache_hits", c.cacheHits());
        Money.put(o, "cost_saved_usd", c.costSavedUsd());
        o.put("errors", c.errors());
    }

    // ---- compare_models -----------------------------------------------------------------------

    private ObjectNode compare(JsonNode args, Call call) {
        List<String> names = modelNames(args.get("models"));
        try {
            McpPrompts.check(args); // the prompt arguments once, before any model is called
        } catch (ToolInputException refused) {
            completion(args, names.get(0), call, COMPARE_MODELS); // records the refusal once in the ledger, and throws it
            throw refused;
        }
        // Request ids are handed out here, in order, so the ledger ids follow the models' order.
        List<CompletableFuture<ObjectNode>> runs = new ArrayList<>();
        for (String name : names) {
            String requestId = call.nextRequestId().get();
            Call one = new Call(call.caller(), () -> requestId, call.cacheControl());
            runs.add(StoreCalls.fork(() -> compareOne(name, args, one)));
        }
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        runs.forEach(r -> results.add(r.join()));
        List<JsonNode> ok = new ArrayList<>();
        results.forEach(r -> {
            if (!r.has("error")) {
                ok.add(r);
            }
        });
        if (ok.isEmpty()) {
            StringBuilder text = new StringBuilder("Every model failed:");
            results.forEach(r -> text.append("\n- ").append(r.path("model").asText()).append(": ")
                    .append(r.path("error").path("message").asText()));
            return error(text.toString());
        }
        JsonNode cheapest = ok.stream().min(Comparator.comparing((JsonNode r) -> new BigDecimal(r.path("cost_usd").asText()))
                .thenComparingLong(r -> r.path("latency_ms").asLong())).orElseThrow();
        JsonNode fastest = ok.stream().min(Comparator.comparingLong(r -> r.path("latency_ms").asLong())).orElseThrow();
        out.putObject("cheapest").put("model", cheapest.path("model").asText()).set("cost_usd", cheapest.get("cost_usd"));
        out.putObject("fastest").put("model", fastest.path("model").asText()).set("latency_ms", fastest.get("latency_ms"));
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode r : ok) {
            total = total.add(new BigDecimal(r.path("cost_usd").asText()));
        }
        Money.put(out, "total_cost_usd", total);
        // The cost fields every delegation tool answers with, over all the calls made.
        Money.put(out, "cost_usd", total);
        long in = 0;
        long outTokens = 0;
        ArrayNode ids = Json.array();
        for (JsonNode r : results) {
            in += r.path("usage").path("input_tokens").asLong();
            outTokens += r.path("usage").path("output_tokens").asLong();
            if (r.has("request_id")) {
                ids.add(r.get("request_id"));
            }
        }
        out.putObject("usage").put("input_tokens", in).put("output_tokens", outTokens).put("total_tokens", in + outTokens);
        out.put("model_calls", results.size());
        out.set("request_ids", ids);
        return success(out, out);
    }

    private ObjectNode compareOne(String name, JsonNode args, Call call) {
        try {
            ObjectNode r = completion(args, name, call, COMPARE_MODELS);
            ObjectNode entry = Json.object();
            entry.put("model", r.get("model").asText());
            entry.set("model_id", r.get("model_id"));
            entry.set("content", r.get("content"));
            entry.set("cost_usd", r.get("cost_usd"));
            entry.set("latency_ms", r.get("latency_ms"));
            entry.set("usage", r.get("usage"));
            entry.set("finish_reason", r.get("finish_reason"));
            entry.set("cached", r.get("cached"));
            entry.set("request_id", r.get("request_id"));
            return entry;
        } catch (GatewayException e) {
            ObjectNode entry = Json.object().put("model", name);
            entry.putObject("error").put("status", e.status()).put("code", e.code() == null ? e.type() : e.code())
                    .put("message", e.getMessage());
            return entry;
        } catch (RuntimeException e) {
            LOG.error("compare_models call failed", e);
            ObjectNode entry = Json.object().put("model", name);
            entry.putObject("error").put("status", 500).put("code", "internal_error")
                    .put("message", GatewayException.internal().getMessage());
            return entry;
        }
    }

    private static List<String> modelNames(JsonNode node) {
        if (node == null || node.isNull() || !node.isArray() || node.isEmpty() || node.size() > MAX_COMPARED_MODELS) {
            throw new ToolInputException("'models' must be an array of 1 to " + MAX_COMPARED_MODELS + " model names.");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new ToolInputException("'models' must hold model names (strings) such as \"nova-micro\".");
            }
            names.add(n.asText().trim());
        }
        return List.copyOf(names);
    }
}
