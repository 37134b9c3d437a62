package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.llmgateway.core.json.Json;

/** The delegation tools' tools/list entries: names, descriptions, input and output JSON Schemas (2020-12). */
final class DelegationSchemas {

    private DelegationSchemas() {
    }

    private static final String MONEY = """
            {"type": "string", "pattern": "^-?[0-9]+[.][0-9]{2,}$"}""";

    /** The cost fields of every tool that calls models (Meter.write). */
    private static final String COST = """
            "cost_usd": %MONEY%,
            "usage": {"type": "object", "required": ["input_tokens", "output_tokens", "total_tokens"], "properties": {
              "input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"}}},
            "model_calls": {"type": "integer"}, "cache_hits": {"type": "integer"},
            "request_ids": {"type": "array", "items": {"type": "string"}}
            """;

    private static final String STOPPED = """
            "complete": {"type": "boolean"},
            "stopped": {"type": ["object", "null"], "description": "Why the tool stopped before the end, with the results so far kept.",
              "properties": {"reason": {"type": "string", "enum": ["budget", "rate_limit", "time_limit", "error"]},
                "code": {"type": "string"}, "status": {"type": "integer"}, "message": {"type": "string"},
                "completed": {"type": "integer"}, "total": {"type": "integer"}, "note": {"type": "string"}}}
            """;

    private static final String MODEL = """
            "model": {"type": "string", "description": "Catalog model name (see list_models or recommend_model). Default: the cheapest active model your team may use that holds the work."}""";

    private static final String ANNOTATIONS_MODEL = """
            {"readOnlyHint": false, "destructiveHint": false, "idempotentHint": false, "openWorldHint": false}""";

    private static final String ANNOTATIONS_PURE = """
            {"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}""";

    static ArrayNode definitions() {
        long maxTokens = SummarizeDocumentTool.maxDocumentTokens(SummarizeDocumentTool.DEFAULT_CHUNK_TOKENS,
                SummarizeDocumentTool.DEFAULT_WORDS);
        String json = """
                [
                {"name": "chunk_document", "title": "Chunk a document",
                 "description": "Split a text into chunks by tokens (with optional overlap), by paragraphs or by sentences; each chunk with its text, its start and end offsets (UTF-16 code units, end exclusive) and its token count (the estimate the gateway's admission uses). No model call and no cost; recorded in the usage ledger at cost 0.",
                 "inputSchema": {"type": "object", "required": ["text"], "properties": {
                   "text": {"type": "string", "description": "The document."},
                   "by": {"type": "string", "enum": ["tokens", "paragraphs", "sentences"], "description": "Default: tokens."},
                   "max_tokens": {"type": "integer", "minimum": 16, "maximum": 100000, "description": "Tokens per chunk (by=tokens: default 1000). With paragraphs or sentences: consecutive ones are packed into chunks of up to this many tokens; without it, one per chunk."},
                   "overlap": {"type": "integer", "minimum": 0, "description": "by=tokens only: tokens each chunk repeats from the end of the previous one, at most max_tokens/2. Default 0."}}},
                 "outputSchema": {"type": "object", "required": ["by", "count", "chunks", "document_tokens", "cost_usd"], "properties": {
                   "by": {"type": "string"}, "max_tokens": {"type": ["integer", "null"]}, "overlap": {"type": "integer"},
                   "document_tokens": {"type": "integer"}, "document_chars": {"type": "integer"}, "count": {"type": "integer"},
                   "chunks": {"type": "array", "items": {"type": "object", "required": ["index", "text", "start", "end", "tokens"], "properties": {
                     "index": {"type": "integer"}, "text": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}, "tokens": {"type": "integer"}}}},
                   "cost_usd": %MONEY%, "model_calls": {"type": "integer"}}},
                 "annotations": %PURE%},
                {"name": "summarize_document", "title": "Summarise a document with a cheap model",
                 "description": "Summarise a document with a model of the catalog (default: the cheapest active model your team may use). A long document is split into chunks of about 4000 tokens, each summarised (4 calls at a time), then the summaries merged. The work is planned before the first call: a document whose plan would outlast 24 s (API Gateway ends a request at 30 s) is refused, about %MAXTOKENS% tokens at most with the defaults. Each model call is admitted, reserved against the team's budget, cached and recorded in the ledger like a chat completion; if the budget or a rate limit refuses a call midway, the result keeps the chunk summaries so far, with complete=false and a note in 'stopped'. Returns the summary, the chunk count, the tokens and the total cost in USD.",
                 "inputSchema": {"type": "object", "required": ["text"], "properties": {
                   "text": {"type": "string", "description": "The document."},
                   %MODEL%,
                   "format": {"type": "string", "enum": ["paragraph", "bullets"], "description": "Default: paragraph."},
                   "target_words": {"type": "integer", "minimum": 20, "maximum": 2000, "description": "The summary's length at most, in words. Default 150."},
                   "chunk_tokens": {"type": "integer", "minimum": 500, "maximum": 32000, "description": "Tokens per chunk for long documents. Default 4000 (less when the model's context is smaller)."}}},
                 "outputSchema": {"type": "object", "required": ["summary", "format", "model", "chunks", "document_tokens", "complete", "stopped", "cost_usd", "usage", "model_calls"], "properties": {
                   "summary": {"type": ["string", "null"], "description": "Null when the tool stopped before the end: see stopped and chunk_summaries."},
                   "format": {"type": "string"}, "target_words": {"type": "integer"}, "model": {"type": "string"}, "model_id": {"type": "string"},
                   "document_tokens": {"type": "integer"}, "chunks": {"type": "integer"}, "chunk_tokens": {"type": "integer"},
                   "map_reduce": {"type": "boolean"},
                   "plan": {"type": "object", "properties": {"model_calls": {"type": "integer"}, "rounds": {"type": "integer"},
                     "parallelism": {"type": "integer"}, "expected_seconds": {"type": "number"}, "time_budget_seconds": {"type": "integer"}}},
                   %STOPPED%,
                   "chunk_summaries": {"type": "array", "items": {"type": "object", "required": ["index", "summary"], "properties": {
                     "index": {"type": "integer"}, "start": {"type": "integer"}, "end": {"type": "integer"}, "tokens": {"type": "integer"},
                     "summary": {"type": ["string", "null"]}}}},
                   %COST%}},
                 "annotations": %MODELCALLS%},
                {"name": "extract_json", "title": "Extract JSON that fits a schema",
                 "description": "Extract structured data from a text as one JSON value that fits the JSON Schema you give. The model's answer is parsed and validated against the schema (the validator the gateway checks tool schemas with); an answer that is not JSON or does not fit gets one retry that shows the model the validation errors. Returns the validated object, or a tool error with the validation messages. Each call is admitted, cached, billed and recorded like a chat completion.",
                 "inputSchema": {"type": "object", "required": ["text", "schema"], "properties": {
                   "text": {"type": "string", "description": "The text to extract from."},
                   "schema": {"type": "object", "description": "A JSON Schema (draft 2020-12 unless $schema names another draft) that the result must fit."},
                   "instructions": {"type": "string", "description": "Optional guidance for the model, e.g. which date format to use."},
                   %MODEL%,
                   "max_tokens": {"type": "integer", "minimum": 1, "description": "Most tokens of the answer. Default 1024."}}},
                 "outputSchema": {"type": "object", "required": ["object", "valid", "attempts", "model", "cost_usd", "usage", "model_calls"], "properties": {
                   "object": {"description": "The extracted value; it validates against the given schema."},
                   "valid": {"type": "boolean"}, "attempts": {"type": "integer"}, "model": {"type": "string"}, "model_id": {"type": "string"},
                   %COST%}},
                 "annotations": %MODELCALLS%},
                {"name": "extract_entities", "title": "Extract named entities",
                 "description": "Extract the named entities of the given types (default: person, organization, location, date; any others may be named) from a text. Long texts are split into overlapping chunks, 4 model calls at a time. Returns typed, de-duplicated entities, each with its mentions (start and end offsets found in the text by the gateway) and the total cost in USD; a refusal midway keeps the entities so far, with complete=false and a note.",
                 "inputSchema": {"type": "object", "required": ["text"], "properties": {
                   "text": {"type": "string", "description": "The text."},
                   "types": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"type": "string"}, "description": "Entity types, e.g. [\\"person\\", \\"organization\\", \\"product\\"]."},
                   %MODEL%}},
                 "outputSchema": {"type": "object", "required": ["entities", "types", "model", "chunks", "complete", "stopped", "cost_usd", "usage", "model_calls"], "properties": {
                   "entities": {"type": "array", "items": {"type": "object", "required": ["type", "text", "count", "mentions"], "properties": {
                     "type": {"type": "string"}, "text": {"type": "string"}, "count": {"type": "integer"},
                     "mentions": {"type": "array", "items": {"type": "object", "required": ["start", "end"], "properties": {
                       "start": {"type": "integer"}, "end": {"type": "integer"}}}}}}},
                   "types": {"type": "array", "items": {"type": "string"}}, "model": {"type": "string"}, "model_id": {"type": "string"},
                   "document_tokens": {"type": "integer"}, "chunks": {"type": "integer"},
                   "dropped_not_in_text": {"type": "integer"}, "unparsed_answers": {"type": "integer"},
                   %STOPPED%,
                   %COST%}},
                 "annotations": %MODELCALLS%},
                {"name": "recommend_model", "title": "Recommend a model by cost",
                 "description": "The catalog's models that meet your requirements (tools, vision, context length, expected input and output tokens, a ceiling on the cost of one call), cheapest first by the estimated cost of one call at the catalog's prices, with that estimate for each. No model call; recorded in the ledger at cost 0.",
                 "inputSchema": {"type": "object", "properties": {
                   "tools": {"type": "boolean", "description": "Needs tool use. Default false."},
                   "vision": {"type": "boolean", "description": "Needs image input. Default false."},
                   "min_context_tokens": {"type": "integer", "minimum": 0, "description": "Smallest context window. Default: input_tokens + output_tokens."},
                   "input_tokens": {"type": "integer", "minimum": 0, "description": "Expected input tokens of one call. Default 1000."},
                   "output_tokens": {"type": "integer", "minimum": 0, "description": "Expected output tokens of one call. Default 500."},
                   "max_cost_usd": {"type": ["string", "number"], "description": "Most one call may cost, in USD, e.g. \\"0.001\\"."},
                   "include_legacy": {"type": "boolean", "description": "Include superseded models. Default false."},
                   "only_allowed": {"type": "boolean", "description": "Only models your team may use. Default true."},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 100, "description": "Most models listed. Default 10."}}},
                 "outputSchema": {"type": "object", "required": ["models", "matched", "recommended", "cost_usd"], "properties": {
                   "requirements": {"type": "object"}, "matched": {"type": "integer"},
                   "recommended": {"type": ["string", "null"]},
                   "models": {"type": "array", "items": {"type": "object", "required": ["model", "estimated_cost_usd", "input_price_per_1m", "output_price_per_1m"], "properties": {
                     "model": {"type": "string"}, "provider": {"type": "string"}, "estimated_cost_usd": %MONEY%,
                     "input_price_per_1m": %MONEY%, "output_price_per_1m": %MONEY%, "context_window": {"type": "integer"},
                     "max_output_tokens": {"type": "integer"}, "supports_tools": {"type": "boolean"}, "supports_vision": {"type": "boolean"},
                     "lifecycle": {"type": "string"}, "allowed": {"type": "boolean"}}}},
                   "prices_as_of": {"type": ["string", "null"]}, "cost_usd": %MONEY%, "model_calls": {"type": "integer"}}},
                 "annotations": %PURE%}
                ]
                """
                .replace("%COST%", COST)
                .replace("%STOPPED%", STOPPED)
                .replace("%MODEL%", MODEL)
                .replace("%MODELCALLS%", ANNOTATIONS_MODEL)
                .replace("%PURE%", ANNOTATIONS_PURE)
                .replace("%MONEY%", MONEY)
                .replace("%MAXTOKENS%", Long.toString(maxTokens));
        return (ArrayNode) Json.parse(json);
    }
}
