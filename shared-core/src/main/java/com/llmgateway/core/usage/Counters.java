package com.llmgateway.core.usage;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The counters of a usage rollup (a day or month item, names in {@link UsageKeys}), or of a sum of
 * rollups: the one counters type of every usage answer. Costs stay exact decimals.
 */
public record Counters(long requests, long inputTokens, long outputTokens, long cacheReadTokens,
                       long cacheWriteTokens, BigDecimal costUsd, BigDecimal costSavedUsd, long cacheHits,
                       long errors) {

    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0);

    public Counters {
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(costSavedUsd, "costSavedUsd");
    }

    public Counters plus(Counters o) {
        return new Counters(requests + o.requests, inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens,
                costUsd.add(o.costUsd), costSavedUsd.add(o.costSavedUsd), cacheHits + o.cacheHits, errors + o.errors);
    }

    /** Input (including cache reads and writes) plus output. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }
}
