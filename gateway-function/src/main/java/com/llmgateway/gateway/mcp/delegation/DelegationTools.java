package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.mcp.ToolInputException;
import com.llmgateway.gateway.mcp.ToolResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MCP tools an agent delegates routine work with: {@code chunk_document},
 * {@code summarize_document}, {@code extract_json}, {@code extract_entities} and
 * {@code recommend_model}. Every model call one of them makes is its own pass through the chat
 * pipeline (admission and budget reservation, cache, Bedrock, one ledger record under route
 * {@code mcp} with the tool's name in {@code tool}); a tool that makes no model call leaves one
 * record at cost 0, and arguments refused before any call leave one refusal record. Results are
 * structured (each tool's output schema is in tools/list) with the cost fields every tool
 * shares: {@code cost_usd}, {@code usage}, {@code model_calls}, {@code request_ids}.
 */
public final class DelegationTools {

    public static final List<String> NAMES = List.of(ChunkDocumentTool.NAME, SummarizeDocumentTool.NAME,
            ExtractJsonTool.NAME, ExtractEntitiesTool.NAME, RecommendModelTool.NAME);

    private static final Logger LOG = LoggerFactory.getLogger(DelegationTools.class);

    private final ModelCalls calls;
    private final ChunkDocumentTool chunk;
    private final SummarizeDocumentTool summarize;
    private final ExtractJsonTool extractJson;
    private final ExtractEntitiesTool extractEntities;
    private final RecommendModelTool recommend;
    private final ArrayNode definitions;

    public DelegationTools(ChatService chat, ModelCatalog catalog) {
        Chunker chunker = new Chunker(chat.estimator());
        this.calls = new ModelCalls(chat, catalog);
        this.chunk = new ChunkDocumentTool(chunker);
        this.summarize = new SummarizeDocumentTool(calls, chunker);
        this.extractJson = new ExtractJsonTool(calls, chunker);
        this.extractEntities = new ExtractEntitiesTool(calls, chunker);
        this.recommend = new RecommendModelTool(catalog);
        this.definitions = DelegationSchemas.definitions();
    }

    public static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** The tools' tools/list entries. */
    public ArrayNode definitions() {
        return definitions.deepCopy();
    }

    /** A CallToolResult; never throws for a failure of the tool itself. */
    public ObjectNode call(String name, JsonNode args, ToolContext context) {
        long started = System.nanoTime();
        AtomicInteger issued = new AtomicInteger();
        ToolContext ctx = new ToolContext(context.caller(), () -> {
            issued.incrementAndGet();
            return context.nextRequestId().get();
        }, context.cacheControl());
        try {
            if (args == null || !args.isObject()) {
                throw new ToolInputException("'arguments' must be an object.");
            }
            ObjectNode out = switch (name) {
                case ChunkDocumentTool.NAME -> chunk.call(args);
                case SummarizeDocumentTool.NAME -> summarize.call(args, ctx);
                case ExtractJsonTool.NAME -> extractJson.call(args, ctx);
                case ExtractEntitiesTool.NAME -> extractEntities.call(args, ctx);
                case RecommendModelTool.NAME -> recommend.call(args, ctx.caller().team());
                default -> throw new IllegalArgumentException("unknown tool " + name);
            };
            if (issued.get() == 0) {
                calls.recordToolCall(ctx, name, (System.nanoTime() - started) / 1_000_000);
            }
            return ToolResults.success(out);
        } catch (ExtractJsonTool.NotValid e) {
            return ToolResults.error(e.getMessage());
        } catch (GatewayException e) {
            if (issued.get() == 0) {
                calls.refused(ctx, name, e); // refused before any model call: one record, as generate's are
            }
            if (ToolInputException.CODE.equals(e.code())) {
                return ToolResults.error("Invalid arguments for tool '" + name + "': " + e.getMessage());
            }
            return ToolResults.error(ToolResults.describe(e));
        } catch (RuntimeException e) {
            LOG.error("tool {} failed", name, e);
            if (issued.get() == 0) {
                calls.refused(ctx, name, GatewayException.internal());
            }
            return ToolResults.error(GatewayException.internal().getMessage());
        }
    }
}
