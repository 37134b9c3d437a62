package com.llmgateway.gateway.chat;

import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.observability.RequestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.math.BigDecimal;
import java.util.Map;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The one structured log line and the one EMF document of each chat request. Ids, model, status,
 * tokens, cost and latency only: never a prompt, a completion or a key. request_id, team_id,
 * key_id and model come from the MDC that {@link ChatService} fills.
 */
final class ChatTelemetry {

    private static final Logger LOG = LoggerFactory.getLogger(ChatTelemetry.class);

    private ChatTelemetry() {
    }

    static void emit(ModelInfo model, int status, String errorCode, TokenUsage usage, BigDecimal costUsd,
                     long latencyMs, long overheadMs, java.util.List<String> counters) {
        TokenUsage u = usage == null ? TokenUsage.ZERO : usage;
        BigDecimal cost = costUsd == null ? BigDecimal.ZERO : costUsd;
        LOG.info("chat completion",
                entry("model_id", model == null ? null : model.invokeId()),
                entry("status", status),
                entry("error_code", errorCode),
                entry("input_tokens", u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens()),
                entry("output_tokens", u.outputTokens()),
                entry("cost_usd", cost.toPlainString()),
                entry("latency_ms", latencyMs),
                entry("overhead_ms", overheadMs));
        RequestMetrics metrics = RequestMetrics.with(Map.of("Model", model == null ? "none" : model.name()));
        counters.stream().filter(java.util.Objects::nonNull).forEach(c -> metrics.count(c, 1));
        metrics.count("Requests", 1)
                .count("InputTokens", u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens())
                .count("OutputTokens", u.outputTokens())
                // A double is fine for a metric only: the ledger and the response keep the exact decimal.
                .add("CostUSD", cost.doubleValue(), MetricUnit.NONE)
                .millis("LatencyMs", latencyMs)
                .millis("OverheadMs", overheadMs)
                .count("Errors", status >= 500 ? 1 : 0)
                .count("ClientErrors", status >= 400 && status < 500 && status != 429 ? 1 : 0)
                .count("Throttles", status == 429 ? 1 : 0)
                .flush();
    }
}
