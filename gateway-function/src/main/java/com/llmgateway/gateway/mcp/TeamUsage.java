package com.llmgateway.gateway.mcp;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;

/**
 * A team's usage in one month, from the usage table's rollups: the month item's counters and
 * the day items summed per model.
 *
 * @param committedUsd the month's cost plus the budget reserved by requests still in flight
 * @param byModel      per catalog model name, in no particular order
 */
public record TeamUsage(YearMonth month, Counters total, BigDecimal committedUsd, Map<String, Counters> byModel) {

    public TeamUsage {
        byModel = Map.copyOf(byModel);
    }

    /** The rollup counters (UsageKeys' names). */
    public record Counters(long requests, long inputTokens, long outputTokens, long cacheReadTokens,
                           long cacheWriteTokens, BigDecimal costUsd, BigDecimal costSavedUsd, long cacheHits,
                           long errors) {

        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0);

        public long totalTokens() {
            return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
        }

        public Counters plus(Counters o) {
            return new Counters(requests + o.requests, inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                    cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens,
                    costUsd.add(o.costUsd), costSavedUsd.add(o.costSavedUsd), cacheHits + o.cacheHits, errors + o.errors);
        }
    }
}
