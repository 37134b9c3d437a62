package com.llmgateway.core.catalog;

import java.math.BigDecimal;

/** Exact decimal cost: tokens times the catalog's price per 1M tokens. Never a double. */
public final class CostCalculator {

    private CostCalculator() {
    }

    public static BigDecimal cost(ModelInfo m, TokenUsage u) {
        BigDecimal total = term(u.inputTokens(), m.inputPricePer1M())
                .add(term(u.outputTokens(), m.outputPricePer1M()))
                .add(term(u.cacheReadTokens(), m.cacheReadPricePer1M()))
                .add(term(u.cacheWriteTokens(), m.cacheWritePricePer1M()));
        return normalize(total);
    }

    /** The most a call can cost: the estimated input plus max_tokens of output. Used to reserve budget. */
    public static BigDecimal maxCost(ModelInfo m, long estimatedInputTokens, long maxOutputTokens) {
        return cost(m, new TokenUsage(estimatedInputTokens, maxOutputTokens));
    }

    private static BigDecimal term(long tokens, BigDecimal pricePer1M) {
        if (tokens == 0 || pricePer1M == null) {
            return BigDecimal.ZERO;
        }
        return pricePer1M.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
    }

    private static BigDecimal normalize(BigDecimal v) {
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
