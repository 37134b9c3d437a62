package com.llmgateway.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.llmgateway.core.json.Json;

/** The tools/list definitions: names, descriptions, input and output JSON Schemas (2020-12 dialect). */
final class ToolSchemas {

    private ToolSchemas() {
    }

    private static final String PROMPT_PROPERTIES = """
            "prompt": {"type": "string", "description": "The user prompt. Sent after 'messages' when both are given."},
            "messages": {"type": "array", "minItems": 1, "description": "The conversation, oldest first.",
              "items": {"type": "object", "required": ["role", "content"], "properties": {
                "role": {"type": "string", "enum": ["system", "user", "assistant"]},
                "content": {"type": "string"}}}},
            "system": {"type": "string", "description": "Optional system prompt."},
            "temperature": {"type": "number", "minimum": 0, "maximum": 2},
            "max_tokens": {"type": "integer", "minimum": 1, "description": "Most tokens to generate."}
            """;

    private static final String USAGE_SCHEMA = """
            {"type": "object", "required": ["input_tokens", "output_tokens", "total_tokens"], "properties": {
              "input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"}}}
            """;

    /** A money amount as every usage answer writes it (Money.format): an exact decimal string such as 1.50. */
    private static final String MONEY = """
            {"type": "string", "pattern": "^-?[0-9]+[.][0-9]{2,}$"}""";

    private static final String COUNTERS = """
            "requests": {"type": "integer"}, "input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"},
            "cache_read_tokens": {"type": "integer"}, "cache_write_tokens": {"type": "integer"},
            "total_tokens": {"type": "integer"}, "cost_usd": %MONEY%, "cache_hits": {"type": "integer"},
            "cost_saved_usd": %MONEY%, "errors": {"type": "integer"}
            """;

    static ArrayNode definitions(String defaultModel) {
        String json = """
                [
                {"name": "generate", "title": "Generate text",
                 "description": "Generate a completion with a model of the gateway's catalog (Amazon Bedrock). Give 'prompt' or 'messages'. Admission, rate limits, the team's budget, the response cache and the usage ledger apply as for /v1/chat/completions. The result gives the text, token usage, latency and cost in USD.",
                 "inputSchema": {"type": "object", "properties": {
                   "model": {"type": "string", "description": "Catalog model name (see list_models), alias or Bedrock model id. Default: %DEFAULT%."},
                   %PROMPT%}},
                 "outputSchema": {"type": "object",
                   "required": ["content", "model", "model_id", "usage", "finish_reason", "cached", "latency_ms", "cost_usd"],
                   "properties": {
                     "content": {"type": "string"}, "model": {"type": "string"}, "model_id": {"type": "string"},
                     "usage": %USAGE%, "finish_reason": {"type": "string"}, "cached": {"type": "boolean"},
                     "latency_ms": {"type": "integer"}, "cost_usd": %MONEY%, "request_id": {"type": "string"}}},
                 "annotations": {"title": "Generate text", "readOnlyHint": false, "destructiveHint": false, "idempotentHint": false, "openWorldHint": false}},
                {"name": "list_models", "title": "List models",
                 "description": "The gateway's model catalog: each model's provider, price per 1M input and output tokens (USD), context window, output limit, capabilities, and whether your team may use it.",
                 "inputSchema": {"type": "object", "properties": {}},
                 "outputSchema": {"type": "object", "required": ["models", "default_model"], "properties": {
                   "default_model": {"type": "string"},
                   "models": {"type": "array", "items": {"type": "object", "required": ["id", "pricing", "context_window", "allowed"]}}}},
                 "annotations": {"title": "List models", "readOnlyHint": true, "openWorldHint": false}},
                {"name": "get_usage", "title": "Team usage and budget",
                 "description": "Your team's usage this month (UTC) so far: requests, tokens, cost in USD, cache hits and the money they saved, per model; the monthly budget and what is left of it; the team's rate limits. Also answers to the name get_stats.",
                 "inputSchema": {"type": "object", "properties": {}},
                 "outputSchema": {"type": "object", "required": ["team_id", "month", "requests", "cost_usd", "budget", "by_model"], "properties": {
                   "team_id": {"type": "string"}, "team_name": {"type": ["string", "null"]}, "month": {"type": "string"},
                   "period": {"type": "object"},
                   %COUNTERS%,
                   "budget": {"type": ["object", "null"], "properties": {
                     "monthly_budget_usd": %MONEY%, "spent_usd": %MONEY%, "reserved_usd": %MONEY%,
                     "remaining_usd": %MONEY%, "used_percent": {"type": "number"}}},
                   "rate_limits": {"type": "object"},
                   "by_model": {"type": "array", "items": {"type": "object", "required": ["model"]}}}},
                 "annotations": {"title": "Team usage and budget", "readOnlyHint": true, "openWorldHint": false}},
                {"name": "compare_models", "title": "Compare models",
                 "description": "Send the same prompt to up to four models side by side and get each answer with its cost (USD), latency and token usage, plus the cheapest and the fastest model that answered, to choose the cheapest model that is good enough. Each model call is admitted, cached and billed like a generate call.",
                 "inputSchema": {"type": "object", "required": ["models"], "properties": {
                   "models": {"type": "array", "minItems": 1, "maxItems": 4, "uniqueItems": true, "items": {"type": "string"},
                     "description": "Catalog model names, e.g. [\\"nova-micro\\", \\"claude-haiku-4-5\\"]."},
                   %PROMPT%}},
                 "outputSchema": {"type": "object", "required": ["results", "cheapest"], "properties": {
                   "results": {"type": "array", "items": {"type": "object", "required": ["model"], "properties": {
                     "model": {"type": "string"}, "model_id": {"type": "string"}, "content": {"type": "string"},
                     "cost_usd": %MONEY%, "latency_ms": {"type": "integer"}, "usage": %USAGE%,
                     "finish_reason": {"type": "string"}, "cached": {"type": "boolean"}, "request_id": {"type": "string"},
                     "error": {"type": "object", "properties": {"status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"}}}}}},
                   "cheapest": {"type": "object", "properties": {"model": {"type": "string"}, "cost_usd": %MONEY%}},
                   "fastest": {"type": "object", "properties": {"model": {"type": "string"}, "latency_ms": {"type": "integer"}}},
                   "total_cost_usd": %MONEY%, "cost_usd": %MONEY%, "usage": %USAGE%,
                   "model_calls": {"type": "integer"}, "request_ids": {"type": "array", "items": {"type": "string"}}}},
                 "annotations": {"title": "Compare models", "readOnlyHint": false, "destructiveHint": false, "idempotentHint": false, "openWorldHint": false}}
                ]
                """
                .replace("%PROMPT%", PROMPT_PROPERTIES)
                .replace("%USAGE%", USAGE_SCHEMA)
                .replace("%COUNTERS%", COUNTERS)
                .replace("%MONEY%", MONEY)
                .replace("%DEFAULT%", defaultModel.replace("\"", ""));
        return (ArrayNode) Json.parse(json);
    }
}
