package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.usage.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a tool's model calls cost, added up as they finish (thread-safe): every call the tool made,
 * admitted or refused, with its request id; each is its own ledger record, so the tool's
 * {@code cost_usd} is the sum of those records' {@code cost_usd}.
 */
final class Meter {

    private final List<String> requestIds = new ArrayList<>();
    private long inputTokens;
    private long outputTokens;
    private BigDecimal costUsd = BigDecimal.ZERO;
    private int cacheHits;
    private int completed;

    synchronized void add(ModelCalls.Step step) {
        requestIds.add(step.requestId());
        completed++;
        TokenUsage u = step.usage();
        if (!step.cached()) {
            inputTokens += u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
            outputTokens += u.outputTokens();
        } else {
            cacheHits++;
        }
        costUsd = costUsd.add(step.costUsd());
    }

    /** The n of a request id {@code <request id>-n}, as McpService hands them out in order. */
    private static long sequence(String requestId) {
        try {
            return Long.parseLong(requestId.substring(requestId.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A call refused or failed before it cost anything: recorded in the ledger at 0. */
    synchronized void refused(String requestId) {
        requestIds.add(requestId);
    }

    synchronized BigDecimal costUsd() {
        return costUsd;
    }

    /** Calls that answered (from Bedrock or the cache). */
    synchronized int completed() {
        return completed;
    }

    synchronized int calls() {
        return requestIds.size();
    }

    /**
     * The cost fields every delegation tool answers with: {@code cost_usd} (exact, the sum of the
     * ledger records), {@code usage} (tokens billed; a cache hit bills none), {@code model_calls},
     * {@code cache_hits} and {@code request_ids} (the ledger records, in the order the calls started).
     */
    synchronized void write(ObjectNode out) {
        requestIds.sort(Comparator.comparingLong(Meter::sequence).thenComparing(Comparator.naturalOrder()));
        Money.put(out, "cost_usd", costUsd);
        out.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("total_tokens", inputTokens + outputTokens);
        out.put("model_calls", requestIds.size());
        out.put("cache_hits", cacheHits);
        requestIds.forEach(out.putArray("request_ids")::add);
    }
}
