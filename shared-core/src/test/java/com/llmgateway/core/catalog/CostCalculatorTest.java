package com.llmgateway.core.catalog;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Costs worked by hand from the shipped catalog prices (USD per 1M tokens). Each comment shows
 * the sum of tokens x price-per-1M, which is then divided by 1,000,000.
 */
class CostCalculatorTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load(Map.of());

    private static ModelInfo model(String name) {
        return CATALOG.resolve(name).orElseThrow();
    }

    private static void assertCost(String expected, BigDecimal actual) {
        assertEquals(new BigDecimal(expected), actual, "expected exactly " + expected + ", got " + actual.toPlainString());
        assertEquals(expected, actual.toPlainString());
    }

    @Test
    void nova_micro_cost_is_tokens_times_catalog_prices() {
        // 1,200 in x 0.035 = 42 ; 350 out x 0.14 = 49 ; 42 + 49 = 91 -> 91 / 1e6 = 0.000091
        assertCost("0.000091", CostCalculator.cost(model("nova-micro"), new TokenUsage(1_200, 350)));
    }

    @Test
    void llama_3_3_70b_cost_is_tokens_times_catalog_prices() {
        // 3,000 x 0.72 = 2,160 ; 1,000 x 0.72 = 720 ; 2,880 / 1e6 = 0.00288
        assertCost("0.00288", CostCalculator.cost(model("llama-3-3-70b"), new TokenUsage(3_000, 1_000)));
    }

    @Test
    void claude_opus_4_1_cost_is_tokens_times_catalog_prices() {
        // 1,000 x 15.00 = 15,000 ; 1,000 x 75.00 = 75,000 ; 90,000 / 1e6 = 0.09
        assertCost("0.09", CostCalculator.cost(model("claude-opus-4-1"), new TokenUsage(1_000, 1_000)));
    }

    @Test
    void gpt_oss_20b_cost_keeps_every_digit() {
        // 12,345 x 0.07 = 864.15 ; 6,789 x 0.30 = 2,036.7 ; 2,900.85 / 1e6 = 0.00290085
        assertCost("0.00290085", CostCalculator.cost(model("gpt-oss-20b"), new TokenUsage(12_345, 6_789)));
    }

    @Test
    void deepseek_r1_cost_for_a_million_tokens_each_way_is_the_sum_of_its_prices() {
        // 1e6 x 1.35 + 1e6 x 5.40 = 6.75e6 ; / 1e6 = 6.75
        assertCost("6.75", CostCalculator.cost(model("deepseek-r1"), new TokenUsage(1_000_000, 1_000_000)));
    }

    @Test
    void claude_haiku_4_5_bills_cache_reads_and_writes_at_their_own_prices() {
        // us.* profile prices: in 1.10, out 5.50, cache read 0.11, cache write 1.375
        // 2,000 x 1.10 = 2,200 ; 500 x 5.50 = 2,750 ; 10,000 x 0.11 = 1,100 ; 4,096 x 1.375 = 5,632
        // 2,200 + 2,750 + 1,100 + 5,632 = 11,682 -> 0.011682
        assertCost("0.011682", CostCalculator.cost(model("claude-haiku-4-5"), new TokenUsage(2_000, 500, 10_000, 4_096)));
    }

    @Test
    void nova_pro_cache_reads_cost_a_quarter_and_cache_writes_cost_plain_input() {
        // 1,000 x 0.80 = 800 ; 200 x 3.20 = 640 ; 5,000 x 0.20 = 1,000 ; 2,000 x 0.80 = 1,600
        // 800 + 640 + 1,000 + 1,600 = 4,040 -> 0.00404
        assertCost("0.00404", CostCalculator.cost(model("nova-pro"), new TokenUsage(1_000, 200, 5_000, 2_000)));
    }

    @Test
    void cache_tokens_cost_nothing_where_the_model_has_no_cache_price() {
        // llama has null cache prices: only 1,000 x 0.72 + 1,000 x 0.72 = 1,440 -> 0.00144
        ModelInfo llama = model("llama-3-3-70b");
        assertEquals(null, llama.cacheReadPricePer1M());
        assertCost("0.00144", CostCalculator.cost(llama, new TokenUsage(1_000, 1_000, 50_000, 50_000)));
    }

    @Test
    void zero_tokens_cost_exactly_zero() {
        assertSame(BigDecimal.ZERO, CostCalculator.cost(model("claude-sonnet-4-5"), TokenUsage.ZERO));
        assertSame(BigDecimal.ZERO, CostCalculator.cost(model("nova-micro"), new TokenUsage(0, 0, 0, 0)));
    }

    @Test
    void whole_dollar_costs_print_without_exponent() {
        // 10,000,000 x 15.00 = 150,000,000 -> 150 (stripTrailingZeros alone would give 1.5E+2)
        BigDecimal cost = CostCalculator.cost(model("claude-opus-4-1"), new TokenUsage(10_000_000, 0));
        assertEquals("150", cost.toString());
        assertEquals("150", cost.toPlainString());
        assertTrue(cost.scale() >= 0);
    }

    @Test
    void tiny_costs_print_in_plain_notation() {
        // 1 x 0.035 = 0.035 -> 0.000000035 (toString would be 3.5E-8)
        BigDecimal cost = CostCalculator.cost(model("nova-micro"), new TokenUsage(1, 0));
        assertEquals("0.000000035", cost.toPlainString());
    }

    @Test
    void same_tokens_always_give_the_same_cost() {
        TokenUsage usage = new TokenUsage(123_456, 7_890, 11_111, 2_222);
        ModelCatalog other = ModelCatalog.load(Map.of());
        for (ModelInfo m : CATALOG.models()) {
            BigDecimal first = CostCalculator.cost(m, usage);
            BigDecimal again = CostCalculator.cost(m, usage);
            BigDecimal fromOtherLoad = CostCalculator.cost(other.resolve(m.name()).orElseThrow(), usage);
            assertEquals(first, again, m.name());
            assertEquals(first, fromOtherLoad, m.name());
            assertEquals(first.toPlainString(), fromOtherLoad.toPlainString(), m.name());
        }
    }

    @Test
    void trailing_zeros_in_a_price_do_not_change_the_cost() {
        ModelCatalog a = ModelCatalog.fromJson(oneModel("\"0.035\"", "\"0.14\""));
        ModelCatalog b = ModelCatalog.fromJson(oneModel("\"0.0350000\"", "\"0.140\""));
        ModelCatalog c = ModelCatalog.fromJson(oneModel("0.035", "0.14"));
        TokenUsage usage = new TokenUsage(1_200, 350);
        BigDecimal expected = CostCalculator.cost(a.models().get(0), usage);
        assertEquals(expected, CostCalculator.cost(b.models().get(0), usage));
        assertEquals(expected, CostCalculator.cost(c.models().get(0), usage));
        assertEquals("0.000091", expected.toPlainString());
    }

    @Test
    void cost_is_additive_over_the_four_kinds_of_tokens() {
        ModelInfo m = model("claude-sonnet-4-5");
        BigDecimal whole = CostCalculator.cost(m, new TokenUsage(700, 300, 9_000, 1_500));
        BigDecimal parts = CostCalculator.cost(m, new TokenUsage(700, 0))
                .add(CostCalculator.cost(m, new TokenUsage(0, 300)))
                .add(CostCalculator.cost(m, new TokenUsage(0, 0, 9_000, 0)))
                .add(CostCalculator.cost(m, new TokenUsage(0, 0, 0, 1_500)));
        assertEquals(0, whole.compareTo(parts));
    }

    @Test
    void max_cost_prices_the_prompt_at_the_cache_write_price_when_that_is_dearer() {
        // claude-haiku-4-5: 1,000 x max(1.10, 1.375) = 1,375 ; 1,000 x 5.50 = 5,500 ; 6,875 -> 0.006875
        assertEquals("0.006875", CostCalculator.maxCost(model("claude-haiku-4-5"), 1_000, 1_000).toPlainString());
        // llama-3-3-70b has no cache price: 1,000 x 0.72 + 1,000 x 0.72 = 1,440 -> 0.00144
        assertEquals("0.00144", CostCalculator.maxCost(model("llama-3-3-70b"), 1_000, 1_000).toPlainString());
        // nova-micro writes at the input price: 1,000 x 0.035 + 1,000 x 0.14 = 175 -> 0.000175
        assertEquals("0.000175", CostCalculator.maxCost(model("nova-micro"), 1_000, 1_000).toPlainString());
    }

    @Test
    void max_cost_is_never_below_the_cost_of_any_usage_within_the_estimate() {
        for (ModelInfo m : CATALOG.models()) {
            BigDecimal max = CostCalculator.maxCost(m, 10_000, 2_000);
            for (TokenUsage u : List.of(new TokenUsage(10_000, 2_000), new TokenUsage(0, 2_000, 10_000, 0),
                    new TokenUsage(2_000, 2_000, 4_000, 4_000), new TokenUsage(0, 2_000, 0, 10_000))) {
                assertTrue(max.compareTo(CostCalculator.cost(m, u)) >= 0, m.name() + " " + u);
            }
        }
    }

    @Test
    void max_cost_of_nothing_is_zero_and_negative_estimates_are_rejected() {
        assertSame(BigDecimal.ZERO, CostCalculator.maxCost(model("nova-micro"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> CostCalculator.maxCost(model("nova-micro"), -1, 10));
    }

    private static String oneModel(String in, String out) {
        return """
                {"models":[{"name":"m","bedrock_model_id":"amazon.nova-micro-v1:0","provider":"amazon",
                  "context_window":128000,"max_output_tokens":10000,
                  "input_price_per_1m":%s,"output_price_per_1m":%s,
                  "capabilities":{"system":true,"tools":true,"vision":false}}]}
                """.formatted(in, out);
    }
}
