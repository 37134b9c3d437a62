package com.llmgateway.core.catalog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenUsageTest {

    @Test
    void two_argument_usage_has_no_cache_tokens() {
        TokenUsage u = new TokenUsage(10, 20);
        assertEquals(new TokenUsage(10, 20, 0, 0), u);
        assertEquals(30, u.totalTokens());
    }

    @Test
    void total_counts_input_output_and_both_cache_kinds() {
        assertEquals(1 + 2 + 3 + 4, new TokenUsage(1, 2, 3, 4).totalTokens());
        assertEquals(0, TokenUsage.ZERO.totalTokens());
    }

    @Test
    void negative_counts_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, 0, -1));
    }

    @Test
    void an_overflowing_total_fails_instead_of_wrapping() {
        assertThrows(ArithmeticException.class, () -> new TokenUsage(Long.MAX_VALUE, 1).totalTokens());
    }
}
