package com.llmgateway.core.usage;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MonthUsageTest {

    private static final YearMonth MONTH = YearMonth.now(ZoneOffset.UTC);

    private static MonthUsage month(String spent, String committed) {
        return new MonthUsage("t", MONTH, new Counters(1, 0, 0, 0, 0, new BigDecimal(spent), BigDecimal.ZERO, 0, 0),
                new BigDecimal(committed));
    }

    @Test
    void budget_left_counts_the_reservations_in_flight() {
        MonthUsage.Budget b = month("1.25", "1.75").budget(new BigDecimal("10"));
        assertEquals(new BigDecimal("1.25"), b.spentUsd());
        assertEquals(new BigDecimal("0.50"), b.reservedUsd());
        assertEquals(new BigDecimal("8.25"), b.remainingUsd());
    }

    @Test
    void budget_left_uses_the_spend_when_it_is_above_what_was_committed() {
        // a month item written before committed_usd existed, or a cost above its reservation
        MonthUsage.Budget b = month("3", "0").budget(new BigDecimal("10"));
        assertEquals(0, BigDecimal.ZERO.compareTo(b.reservedUsd()));
        assertEquals(new BigDecimal("7"), b.remainingUsd());
    }

    @Test
    void budget_left_is_never_negative_and_absent_without_a_budget() {
        assertEquals(BigDecimal.ZERO, month("12", "12").budget(new BigDecimal("10")).remainingUsd());
        assertNull(month("1", "1").budget(null));
        assertEquals(new BigDecimal("5.00"), MonthUsage.empty("t", MONTH).budget(new BigDecimal("5.00")).remainingUsd());
    }
}
