package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;
import com.llmgateway.gateway.mcp.ToolInputException;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code chunk_document}: a text split by tokens (with overlap), paragraphs or sentences, each chunk
 * with its offsets and token count. No model call; one ledger record at cost 0.
 */
final class ChunkDocumentTool {

    static final String NAME = "chunk_document";
    static final int DEFAULT_MAX_TOKENS = 1000;
    static final int MIN_MAX_TOKENS = 16;
    static final int MAX_MAX_TOKENS = 100_000;
    static final int MAX_CHUNKS = 5000;

    private final Chunker chunker;

    ChunkDocumentTool(Chunker chunker) {
        this.chunker = chunker;
    }

    ObjectNode call(JsonNode args) {
        String text = Args.text(args, "text");
        String by = Args.optionalEnum(args, "by", "tokens", "tokens", "paragraphs", "sentences");
        Integer maxTokens = Args.optionalInt(args, "max_tokens", MIN_MAX_TOKENS, MAX_MAX_TOKENS);
        Integer overlap = Args.optionalInt(args, "overlap", 0, MAX_MAX_TOKENS / 2);
        List<Chunker.Chunk> chunks;
        int max = maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
        if (by.equals("tokens")) {
            if (overlap != null && overlap > max / 2) {
                throw new ToolInputException("'overlap' must be at most half of 'max_tokens' (" + max / 2 + ").");
            }
            chunks = chunker.byTokens(text, max, overlap == null ? 0 : overlap);
        } else {
            if (overlap != null && overlap > 0) {
                throw new ToolInputException("'overlap' applies to by=tokens only.");
            }
            chunks = by.equals("paragraphs") ? chunker.byParagraphs(text, maxTokens) : chunker.bySentences(text, maxTokens);
        }
        if (chunks.size() > MAX_CHUNKS) {
            throw new ToolInputException("the text makes " + chunks.size() + " chunks; at most " + MAX_CHUNKS
                    + " are returned. Raise 'max_tokens'.");
        }
        ObjectNode out = Json.object();
        out.put("by", by);
        if (by.equals("tokens") || maxTokens != null) {
            out.put("max_tokens", max);
        } else {
            out.putNull("max_tokens");
        }
        out.put("overlap", by.equals("tokens") && overlap != null ? overlap : 0);
        out.put("document_tokens", chunker.tokens(text));
        out.put("document_chars", text.length());
        out.put("count", chunks.size());
        ArrayNode list = out.putArray("chunks");
        for (Chunker.Chunk c : chunks) {
            list.addObject().put("index", c.index()).put("start", c.start()).put("end", c.end())
                    .put("tokens", c.tokens()).put("text", c.text());
        }
        Money.put(out, "cost_usd", BigDecimal.ZERO);
        out.put("model_calls", 0);
        return out;
    }
}
