package com.llmgateway.gateway.mcp.delegation;

import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.team.Team;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.chat.ChatRequest;
import com.llmgateway.gateway.chat.ChatResult;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.mcp.ToolInputException;
import com.llmgateway.gateway.metering.ModelPermission;
import com.llmgateway.gateway.model.ModelMessage;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The delegation tools' model calls: each one a {@link ChatService#complete} call of its own (body
 * limit, model permission, admission with its budget reservation, the response cache, Bedrock,
 * one ledger record under route {@code mcp} naming the tool), and the choice of a model.
 */
final class ModelCalls {

    /** One model call's answer and what it cost. */
    record Step(String requestId, String text, TokenUsage usage, BigDecimal costUsd, boolean cached, long latencyMs,
                String stopReason) {
    }

    private final ChatService chat;
    private final ModelCatalog catalog;

    ModelCalls(ChatService chat, ModelCatalog catalog) {
        this.chat = chat;
        this.catalog = catalog;
    }

    ModelCatalog catalog() {
        return catalog;
    }

    /**
     * One model call; a refusal or failure is the pipeline's {@link GatewayException}, already in
     * the ledger (its request id added to the meter).
     */
    Step call(ToolContext ctx, String tool, ModelInfo model, String system, List<ModelMessage> messages, int maxTokens,
              Double temperature, Meter meter) {
        String requestId = ctx.nextRequestId().get();
        ChatRequest request = new ChatRequest(model.name(), model, List.of(system), messages,
                Math.min(maxTokens, model.maxOutputTokens()), temperature, null, List.of(), null);
        ChatResult r;
        try {
            r = chat.complete(new ChatCall(ctx.caller(), requestId, ChatService.MCP_ROUTE, ctx.cacheControl(), 0, tool),
                    () -> request);
        } catch (RuntimeException e) {
            meter.refused(requestId);
            throw e;
        }
        Step step = new Step(requestId, r.text(), r.usage(), r.costUsd(), r.cached(), r.latencyMs(), r.stopReason());
        meter.add(step);
        return step;
    }

    /** Records a tool call refused for its arguments (one ledger record, as generate's are) and returns the refusal. */
    GatewayException refused(ToolContext ctx, String tool, GatewayException refusal) {
        return chat.refused(new ChatCall(ctx.caller(), ctx.nextRequestId().get(), ChatService.MCP_ROUTE,
                ctx.cacheControl(), 0, tool), refusal);
    }

    /** Records a tool call that made no model call (cost 0). */
    void recordToolCall(ToolContext ctx, String tool, long latencyMs) {
        chat.recordToolCall(new ChatCall(ctx.caller(), ctx.nextRequestId().get(), ChatService.MCP_ROUTE,
                ctx.cacheControl(), 0, tool), latencyMs);
    }

    /**
     * The model named by the arguments, else the cheapest active model the team may use whose
     * context window holds {@code inputTokens + outputTokens} and whose output limit holds
     * {@code outputTokens}, priced at the catalog's input and output prices (ties: by name).
     */
    ModelInfo choose(String named, Team team, long inputTokens, long outputTokens) {
        if (named != null) {
            String name = named.trim();
            return catalog.resolve(name).orElseThrow(() -> GatewayException.notFound(
                    "The model '" + Echo.cut(name) + "' does not exist or is not offered by this gateway."
                            + " The list_models tool lists the models you can use.", "model", "model_not_found"));
        }
        return cheapest(team, inputTokens, outputTokens).orElseThrow(() -> new ToolInputException(
                "no active model your team may use holds " + inputTokens + " input and " + outputTokens
                        + " output tokens; send a shorter text or name a model."));
    }

    Optional<ModelInfo> cheapest(Team team, long inputTokens, long outputTokens) {
        return catalog.models().stream()
                .filter(m -> !m.isLegacy())
                .filter(m -> ModelPermission.allowed(team, m))
                .filter(m -> m.contextWindow() >= inputTokens + outputTokens && m.maxOutputTokens() >= outputTokens)
                .min(Comparator.comparing((ModelInfo m) -> CostCalculator.cost(m, new TokenUsage(inputTokens, outputTokens)))
                        .thenComparing(ModelInfo::name));
    }
}
