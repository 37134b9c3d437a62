package com.llmgateway.core.usage;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The counters of a usage rollup (a day or month item, names in {@link UsageKeys}), or of a sum of
 * rollups: the one counters type of every usage answer. Costs stay exact decimals.
 *
 * @param errors    requests answered with a 4xx or 5xx status
 * @param throttles those of the errors answered 429 (a rate limit, a budget answered as 429, or Bedrock
 *                  throttling through the SDK's retries): the figure the {@code Throttles} metric counts too
 */
public record Counters(long requests, long inputTokens, long outputTokens, long cacheReadTokens,
                       long cacheWriteTokens, BigDecimal costUsd, BigDecimal costSavedUsd, long cacheHits,
                       long errors, long throttles) {

    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0);

    public Counters {
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(costSavedUsd, "costSavedUsd");
    }

    /** Counters without a throttle count (rollups written before it was kept read the same way). */
    public Counters(long requests, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    BigDecimal costUsd, BigDecimal costSavedUsd, long cacheHits, long errors) {
        this(requests, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd, costSavedUsd, cacheHits,
                errors, 0);
    }

    public Counters plus(Counters o) {
        return new Counters(requests + o.requests, inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens,
                costUsd.add(o.costUsd), costSavedUsd.add(o.costSavedUsd), cacheHits + o.cacheHits, errors + o.errors,
                throttles + o.throttles);
    }

    /** Input (including cache reads and writes) plus output. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }
}
