package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.mcp.ToolInputException;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolSchemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code extract_json}: the model asked for one JSON value that fits the caller's JSON Schema; the
 * answer is parsed and validated against the schema with the validator the chat route checks tool
 * schemas with (networknt json-schema-validator, {@link ToolSchemas}). An answer that is not JSON
 * or does not fit gets one retry that shows the model its answer and the validation messages; a
 * second failure is a tool error listing them (with what the two calls cost).
 */
final class ExtractJsonTool {

    static final String NAME = "extract_json";
    static final int DEFAULT_MAX_TOKENS = 1024;
    static final int MAX_VIOLATIONS = 5;
    static final int ATTEMPTS = 2;

    /** The answer did not fit after the retry: the tool's error, with the cost of the calls made. */
    static final class NotValid extends RuntimeException {
        NotValid(String message) {
            super(message, null, false, false);
        }
    }

    private final ModelCalls calls;
    private final Chunker chunker;

    ExtractJsonTool(ModelCalls calls, Chunker chunker) {
        this.calls = calls;
        this.chunker = chunker;
    }

    ObjectNode call(JsonNode args, ToolContext ctx) {
        long started = System.nanoTime();
        String text = Args.text(args, "text");
        JsonNode schema = args.get("schema");
        if (schema == null || !schema.isObject()) {
            throw new ToolInputException("'schema' is required: a JSON Schema object such as {\"type\": \"object\","
                    + " \"properties\": {...}, \"required\": [...]}.");
        }
        Optional<String> problem = ToolSchemas.problem(schema);
        if (problem.isPresent()) {
            throw new ToolInputException("'schema' is not a valid JSON Schema: " + problem.get());
        }
        String instructions = Args.optionalString(args, "instructions");
        int maxTokens = Args.optionalInt(args, "max_tokens", 1, 128_000) == null ? DEFAULT_MAX_TOKENS
                : Args.optionalInt(args, "max_tokens", 1, 128_000);
        String system = Prompts.extractJson(schema);
        String user = (instructions == null ? "" : "Instructions: " + instructions + "\n\n") + "Text:\n" + text;
        long inputTokens = chunker.tokens(system) + chunker.tokens(user) + 20;
        ModelInfo model = calls.choose(Args.optionalString(args, "model"), ctx.caller().team(), inputTokens, maxTokens);
        if (inputTokens + maxTokens > model.contextWindow()) {
            throw new ToolInputException("the text and schema are about " + inputTokens + " tokens, more than model '"
                    + model.name() + "' holds with " + maxTokens + " output tokens (" + model.contextWindow()
                    + "); send a shorter text (chunk_document) or name a model with a larger context window.");
        }
        long expected = ATTEMPTS * Limits.expectedCallMs(inputTokens, Math.min(maxTokens, 400));
        if (expected > Limits.TIME_BUDGET_MS) {
            throw new ToolInputException("the text is about " + inputTokens + " tokens; two calls (an answer and a"
                    + " retry) would take about " + expected / 1000 + " s, over the " + Limits.TIME_BUDGET_MS / 1000
                    + " s one tool call may take. Send a shorter text (chunk_document) and merge the results.");
        }

        Meter meter = new Meter();
        List<ModelMessage> turns = new ArrayList<>(List.of(ModelMessage.user(user)));
        List<String> problems = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ModelCalls.Step step = calls.call(ctx, NAME, model, system, turns, maxTokens, 0.0, meter);
            Optional<JsonNode> value = JsonAnswer.parse(step.text());
            problems = value.isEmpty()
                    ? List.of("the answer is not JSON" + ("max_tokens".equals(step.stopReason())
                            ? " (it was cut off at max_tokens " + maxTokens + ")" : "") + ".")
                    : ToolSchemas.violations(schema, value.get(), MAX_VIOLATIONS);
            if (problems.isEmpty()) {
                ObjectNode out = Json.object();
                out.set("object", value.get());
                out.put("valid", true);
                out.put("attempts", attempt);
                out.put("model", model.name());
                out.put("model_id", model.invokeId());
                meter.write(out);
                return out;
            }
            if (attempt < ATTEMPTS && System.nanoTime() - started < Limits.TIME_BUDGET_MS * 1_000_000 / 2) {
                turns.add(ModelMessage.assistant(step.text().isBlank() ? "(no answer)" : step.text()));
                turns.add(ModelMessage.user(Prompts.retryJson(String.join("; ", problems))));
            } else {
                break;
            }
        }
        ObjectNode cost = Json.object();
        meter.write(cost);
        throw new NotValid("The model's answer did not validate against the schema after " + meter.calls()
                + " attempt(s): " + String.join("; ", problems) + " Model " + model.name() + ", cost "
                + cost.path("cost_usd").asText() + " USD over " + meter.calls() + " call(s), request ids "
                + cost.path("request_ids") + ".");
    }
}
