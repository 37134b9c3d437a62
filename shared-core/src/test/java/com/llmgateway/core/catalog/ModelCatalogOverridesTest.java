package com.llmgateway.core.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code MODEL_CATALOG_OVERRIDES}: changing prices and models without a rebuild. */
class ModelCatalogOverridesTest {

    private static final ModelCatalog BASE = ModelCatalog.load(Map.of());

    private static ModelCatalog load(String overrides) {
        return ModelCatalog.load(Map.of(ModelCatalog.OVERRIDES_ENV, overrides));
    }

    private static String entry(String name, String bedrockId, String inputPrice, String aliases) {
        return """
                {"name":"%s","bedrock_model_id":"%s","inference_profile_id":null,"provider":"amazon",
                 "description":"override","context_window":128000,"max_output_tokens":5000,
                 "input_price_per_1m":"%s","output_price_per_1m":"0.20",
                 "cache_read_price_per_1m":null,"cache_write_price_per_1m":null,
                 "capabilities":{"system":true,"tools":false,"vision":false},
                 "lifecycle":"active","aliases":[%s]}
                """.formatted(name, bedrockId, inputPrice, aliases);
    }

    private static IllegalStateException invalid(String overrides) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(overrides));
        assertTrue(e.getMessage().contains("MODEL_CATALOG_OVERRIDES"), e.getMessage());
        return e;
    }

    @Test
    void override_with_an_existing_name_replaces_that_model_in_place() {
        ModelCatalog c = load("{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "0.05", "") + "]}");
        ModelInfo micro = c.resolve("nova-micro").orElseThrow();
        assertEquals(new BigDecimal("0.05"), micro.inputPricePer1M());
        assertEquals(5000, micro.maxOutputTokens());
        assertEquals(BASE.models().size(), c.models().size());
        assertEquals(BASE.models().indexOf(BASE.resolve("nova-micro").orElseThrow()), c.models().indexOf(micro));
        // 1,000 x 0.05 + 1,000 x 0.20 = 250 -> 0.00025
        assertEquals("0.00025", CostCalculator.cost(micro, new TokenUsage(1_000, 1_000)).toPlainString());
    }

    @Test
    void override_with_a_new_name_is_appended() {
        ModelCatalog c = load("{\"models\":[" + entry("titan-test", "amazon.titan-text-test-v1:0", "0.10", "\"titan\"") + "]}");
        assertEquals(BASE.models().size() + 1, c.models().size());
        ModelInfo added = c.models().get(c.models().size() - 1);
        assertEquals("titan-test", added.name());
        assertEquals(added, c.resolve("titan").orElseThrow());
        assertEquals(added, c.resolve("amazon.titan-text-test-v1:0").orElseThrow());
        assertTrue(c.isKnownPattern("titan-*"));
        assertEquals(BASE.resolve("claude-haiku-4-5"), c.resolve("claude-haiku-4-5"), "other models untouched");
    }

    @Test
    void overrides_are_read_from_a_file_path(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("overrides.json");
        Files.writeString(file, "{\"notes\":\"price cut\",\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "0.03", "") + "]}");
        ModelCatalog c = load(file.toString());
        assertEquals(new BigDecimal("0.03"), c.resolve("nova-micro").orElseThrow().inputPricePer1M());
    }

    @Test
    void overrides_accept_prices_as_json_numbers_read_as_exact_decimals() {
        String json = "{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "0.035", "")
                .replace("\"input_price_per_1m\":\"0.035\"", "\"input_price_per_1m\":0.035") + "]}";
        assertEquals(new BigDecimal("0.035"), load(json).resolve("nova-micro").orElseThrow().inputPricePer1M());
    }

    @Test
    void blank_overrides_leave_the_shipped_catalog() {
        assertEquals(BASE.models(), load("  ").models());
        assertEquals(BASE.models(), ModelCatalog.load(Map.of("OTHER", "x")).models());
    }

    @Test
    void invalid_json_fails_fast_naming_the_variable() {
        invalid("{\"models\":[");
        invalid("{\"models\":[]} trailing");
        invalid("{\"models\":{}}");
        invalid("{\"modles\":[]}");
    }

    @Test
    void a_missing_override_file_fails_fast_naming_the_variable() {
        IllegalStateException e = invalid("/nonexistent/overrides.json");
        assertTrue(e.getMessage().contains("/nonexistent/overrides.json"), e.getMessage());
    }

    @Test
    void an_entry_that_breaks_a_rule_fails_fast_naming_the_field() {
        assertTrue(invalid("{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "-0.01", "") + "]}")
                .getMessage().contains("input_price_per_1m"));
        assertTrue(invalid("{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "cheap", "") + "]}")
                .getMessage().contains("input_price_per_1m"));
        assertTrue(invalid("{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "0.05", "")
                .replace("\"lifecycle\":\"active\"", "\"lifecycle\":\"retired\"") + "]}").getMessage().contains("lifecycle"));
        assertTrue(invalid("{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "0.05", "")
                .replace("\"context_window\":128000", "\"context_window\":0") + "]}").getMessage().contains("context_window"));
        assertTrue(invalid("{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "0.05", "")
                .replace("\"output_price_per_1m\":\"0.20\",", "") + "]}").getMessage().contains("output_price_per_1m"));
        assertTrue(invalid("{\"models\":[" + entry("nova-micro", "amazon.nova-micro-v1:0", "0.05", "")
                .replace("\"description\"", "\"descripton\"") + "]}").getMessage().contains("descripton"));
        assertTrue(invalid("{\"models\":[" + entry("Nova Micro", "amazon.nova-micro-v1:0", "0.05", "") + "]}")
                .getMessage().contains("Nova Micro"));
    }

    @Test
    void an_override_that_steals_another_models_name_or_id_fails_fast() {
        assertTrue(invalid("{\"models\":[" + entry("titan-test", "amazon.titan-v1:0", "0.1", "\"nova-pro\"") + "]}")
                .getMessage().contains("nova-pro"));
        assertTrue(invalid("{\"models\":[" + entry("titan-test", "amazon.nova-lite-v1:0", "0.1", "") + "]}")
                .getMessage().contains("amazon.nova-lite-v1:0"));
        invalid("{\"models\":[" + entry("titan-test", "amazon.titan-v1:0", "0.1", "") + ","
                + entry("titan-test", "amazon.titan-v2:0", "0.1", "") + "]}");
    }

    @Test
    void replacing_a_model_must_keep_the_retired_names_it_answers_for() {
        String opus = "{\"models\":[" + entry("claude-opus-4-1", "anthropic.claude-opus-4-1-20250805-v1:0", "15", "") + "]}";
        assertTrue(invalid(opus).getMessage().contains("claude-3-opus"));
        String kept = "{\"models\":[" + entry("claude-opus-4-1", "anthropic.claude-opus-4-1-20250805-v1:0", "15",
                "\"claude-3-opus\", \"claude-opus-4\"") + "]}";
        assertEquals("claude-opus-4-1", load(kept).resolve("claude-3-opus").orElseThrow().name());
    }
}
