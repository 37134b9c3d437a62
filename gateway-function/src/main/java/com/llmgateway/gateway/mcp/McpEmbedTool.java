package com.llmgateway.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.embeddings.EmbeddingRequestParser;
import com.llmgateway.gateway.embeddings.EmbeddingResult;
import com.llmgateway.gateway.embeddings.EmbeddingService;

/**
 * The MCP tool {@code embed}: texts to vectors with a catalog embedding model, through the
 * embeddings pipeline (admission, budget, the per-text cache, the ledger under route {@code mcp}),
 * with the same arguments as {@code POST /v1/embeddings} ({@code model}, {@code input},
 * {@code dimensions}, {@code input_type}, {@code normalize}).
 */
final class McpEmbedTool {

    static final String NAME = "embed";
    static final String DEFAULT_MODEL = "titan-embed-text-v2";

    private final EmbeddingService embeddings;
    private final EmbeddingRequestParser parser;

    McpEmbedTool(EmbeddingService embeddings, ModelCatalog catalog) {
        this.embeddings = embeddings;
        this.parser = new EmbeddingRequestParser(catalog);
    }

    static ObjectNode definition() {
        return (ObjectNode) Json.parse("""
                {"name": "embed", "title": "Embed texts",
                 "description": "Turn one text or a batch of texts into embedding vectors with an embedding model of the gateway's catalog (Amazon Bedrock: Titan Text Embeddings V2, Cohere Embed, Nova Multimodal Embeddings; list_models gives their kind, dimensions and prices). Admission, the team's budget, the per-text cache and the usage ledger apply as for POST /v1/embeddings. The result gives one vector per text, the token usage and the cost in USD.",
                 "inputSchema": {"type": "object", "required": ["input"], "properties": {
                   "model": {"type": "string", "description": "Embedding model name. Default: titan-embed-text-v2."},
                   "input": {"oneOf": [{"type": "string", "minLength": 1},
                     {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}],
                     "description": "A text or an array of texts."},
                   "dimensions": {"type": "integer", "description": "Vector size, one of the model's (titan-embed-text-v2: 256, 512, 1024)."},
                   "input_type": {"type": "string", "enum": ["search_document", "search_query", "classification", "clustering"]},
                   "normalize": {"type": "boolean", "description": "Unit vectors (default true; titan-embed-text-v2 only may say false)."}}},
                 "outputSchema": {"type": "object", "required": ["model", "model_id", "dimensions", "embeddings", "usage", "cost_usd", "cached"],
                   "properties": {
                     "model": {"type": "string"}, "model_id": {"type": "string"}, "dimensions": {"type": "integer"},
                     "embeddings": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
                     "usage": {"type": "object", "required": ["input_tokens", "total_tokens"], "properties": {
                       "input_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"}}},
                     "cost_usd": {"type": "string", "pattern": "^-?[0-9]+[.][0-9]{2,}$"},
                     "cached": {"type": "boolean"}, "cached_inputs": {"type": "integer"}, "request_id": {"type": "string"}}},
                 "annotations": {"title": "Embed texts", "readOnlyHint": false, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}}
                """);
    }

    ObjectNode call(JsonNode args, McpTools.Call call) {
        ObjectNode body = ((ObjectNode) args).deepCopy();
        if (!body.hasNonNull("model")) {
            body.put("model", DEFAULT_MODEL);
        }
        body.remove("encoding_format"); // a tool result carries numbers
        String requestId = call.nextRequestId().get();
        EmbeddingResult r = embeddings.embed(new ChatCall(call.caller(), requestId, ChatService.MCP_ROUTE,
                call.cacheControl(), 0, "embed"), () -> parser.parse(body));
        ObjectNode out = Json.object();
        out.put("model", r.modelName());
        out.put("model_id", r.modelId());
        out.put("dimensions", r.dimensions());
        ArrayNode vectors = out.putArray("embeddings");
        for (float[] v : r.vectors()) {
            ArrayNode a = vectors.addArray();
            for (float f : v) {
                a.add(f);
            }
        }
        out.putObject("usage").put("input_tokens", r.promptTokens()).put("total_tokens", r.promptTokens());
        Money.put(out, "cost_usd", r.costUsd());
        out.put("cached", r.cached());
        out.put("cached_inputs", r.cachedInputs());
        out.put("request_id", requestId);
        return out;
    }
}
