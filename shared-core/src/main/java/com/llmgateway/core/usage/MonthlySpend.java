package com.llmgateway.core.usage;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * A team's spend in one month, from its month rollup: the figure that admission checks the budget
 * against and that /v1/usage and /v1/me show.
 *
 * @param spentUsd     cost of the requests recorded in the ledger this month (equal to the ledger's sum)
 * @param committedUsd spentUsd plus the budget reserved by requests still in flight
 */
public record MonthlySpend(String teamId, YearMonth month, BigDecimal spentUsd, BigDecimal committedUsd) {

    /** What is left of {@code budget} for new requests (never negative); null when there is no budget. */
    public BigDecimal remaining(BigDecimal budget) {
        if (budget == null) {
            return null;
        }
        BigDecimal left = budget.subtract(committedUsd.max(spentUsd));
        return left.signum() < 0 ? BigDecimal.ZERO : left;
    }

    /** Budget reserved by requests that have been admitted but not yet recorded. */
    public BigDecimal reservedUsd() {
        BigDecimal r = committedUsd.subtract(spentUsd);
        return r.signum() < 0 ? BigDecimal.ZERO : r;
    }
}
