package com.llmgateway.core.usage;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Objects;

/**
 * A team's month rollup: the month's counters, and the figure admission checks the budget
 * against. What is left of a budget is {@link #budget(BigDecimal)}; every answer that shows it
 * (/v1/me, /v1/usage, MCP get_usage) takes it from there.
 *
 * @param total        the month's counters; {@code total.costUsd()} is the cost of the requests recorded
 *                     in the ledger this month (equal to the ledger's sum)
 * @param committedUsd what admission has committed: the recorded cost plus the budget reserved by
 *                     requests admitted but not yet recorded (in flight)
 */
public record MonthUsage(String teamId, YearMonth month, Counters total, BigDecimal committedUsd) {

    public MonthUsage {
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(committedUsd, "committedUsd");
    }

    /** A month without any recorded or reserved spend. */
    public static MonthUsage empty(String teamId, YearMonth month) {
        return new MonthUsage(teamId, month, Counters.ZERO, BigDecimal.ZERO);
    }

    /** Cost of the requests recorded this month. */
    public BigDecimal spentUsd() {
        return total.costUsd();
    }

    /** Budget reserved by requests that have been admitted but not yet recorded (never negative). */
    public BigDecimal reservedUsd() {
        return Decimals.atLeastZero(committedUsd.subtract(spentUsd()));
    }

    /** The month's standing against {@code monthlyBudgetUsd}; null when the team has no budget. */
    public Budget budget(BigDecimal monthlyBudgetUsd) {
        return monthlyBudgetUsd == null ? null : new Budget(monthlyBudgetUsd, spentUsd(), reservedUsd(),
                Decimals.atLeastZero(monthlyBudgetUsd.subtract(committedUsd.max(spentUsd()))));
    }

    /**
     * A team's budget in a month. The one rule for what is left: budget − max(committed, spent),
     * never negative, so that requests in flight already count against it, as they do in admission.
     *
     * @param spentUsd     recorded cost this month
     * @param reservedUsd  reserved by requests in flight
     * @param remainingUsd what is left for new requests
     */
    public record Budget(BigDecimal monthlyBudgetUsd, BigDecimal spentUsd, BigDecimal reservedUsd,
                         BigDecimal remainingUsd) {
    }
}
