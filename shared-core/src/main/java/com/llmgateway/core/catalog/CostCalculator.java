package com.llmgateway.core.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Exact cost in US dollars of a model call, from the catalog prices. No rounding and no double:
 * the same model and the same tokens always give the same {@link BigDecimal}, digit for digit,
 * so the usage ledger, the rollups and the {@code x-gateway-cost-usd} header always agree.
 */
public final class CostCalculator {

    private CostCalculator() {
    }

    /**
     * {@code (in*inPrice + out*outPrice + cacheRead*cacheReadPrice + cacheWrite*cacheWritePrice) / 1,000,000}.
     * A null cache price makes its term zero. The result has no trailing zeros and a scale of at
     * least 0, so {@code toPlainString()} and {@code toString()} both print plain digits; a zero
     * cost is {@link BigDecimal#ZERO}.
     */
    public static BigDecimal cost(ModelInfo m, TokenUsage u) {
        Objects.requireNonNull(m, "model");
        Objects.requireNonNull(u, "usage");
        BigDecimal per1M = term(u.inputTokens(), m.inputPricePer1M())
                .add(term(u.outputTokens(), m.outputPricePer1M()))
                .add(term(u.cacheReadTokens(), m.cacheReadPricePer1M()))
                .add(term(u.cacheWriteTokens(), m.cacheWritePricePer1M()));
        return normalize(per1M.movePointLeft(6));
    }

    /**
     * The most a call can cost, for reserving budget before it runs: {@code estimatedInputTokens}
     * priced at the dearer of the input and cache-write prices (a prompt that Bedrock writes to the
     * cache costs more than plain input), plus {@code maxOutputTokens} at the output price.
     */
    public static BigDecimal maxCost(ModelInfo m, long estimatedInputTokens, long maxOutputTokens) {
        Objects.requireNonNull(m, "model");
        TokenUsage u = new TokenUsage(estimatedInputTokens, maxOutputTokens);
        BigDecimal inputPrice = m.inputPricePer1M();
        if (m.cacheWritePricePer1M() != null && m.cacheWritePricePer1M().compareTo(inputPrice) > 0) {
            inputPrice = m.cacheWritePricePer1M();
        }
        BigDecimal per1M = term(u.inputTokens(), inputPrice).add(term(u.outputTokens(), m.outputPricePer1M()));
        return normalize(per1M.movePointLeft(6));
    }

    private static BigDecimal term(long tokens, BigDecimal pricePer1M) {
        if (tokens == 0 || pricePer1M == null) {
            return BigDecimal.ZERO;
        }
        return pricePer1M.multiply(BigDecimal.valueOf(tokens));
    }

    private static BigDecimal normalize(BigDecimal usd) {
        if (usd.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = usd.stripTrailingZeros();
        // stripTrailingZeros turns 100 into 1E+2; keep whole dollars at scale 0 so every printer is plain.
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
