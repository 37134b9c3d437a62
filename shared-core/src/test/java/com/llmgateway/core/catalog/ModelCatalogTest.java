package com.llmgateway.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The shipped catalog, {@code catalog/models.json}, as every function loads it. */
class ModelCatalogTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load(Map.of());

    /** Names that clients of the original platform gateway send; each must keep working. */
    private static final List<String> LEGACY_NAMES = List.of("nova-pro", "nova-lite", "nova-micro",
            "claude-3-5-sonnet", "claude-3-5-haiku", "claude-3-opus", "claude-3-sonnet", "claude-3-haiku",
            "llama-3-3-70b", "llama-3-2-90b", "llama-3-2-11b", "llama-3-1-70b", "llama-3-1-8b",
            "mistral-large-2", "mistral-small");

    @Test
    void catalog_holds_at_least_twenty_models() {
        assertTrue(CATALOG.models().size() >= 20, "models: " + CATALOG.models().size());
    }

    @Test
    void catalog_covers_nova_claude_llama_mistral_and_two_other_providers() {
        Set<String> providers = CATALOG.models().stream().map(ModelInfo::provider).collect(Collectors.toSet());
        assertTrue(providers.containsAll(Set.of("amazon", "anthropic", "meta", "mistral")), providers.toString());
        Set<String> others = new HashSet<>(providers);
        others.removeAll(Set.of("amazon", "anthropic", "meta", "mistral"));
        assertTrue(others.size() >= 2, "other providers: " + others);
        assertTrue(CATALOG.models().stream().anyMatch(m -> m.name().startsWith("nova-")));
        assertTrue(CATALOG.models().stream().anyMatch(m -> m.name().startsWith("claude-")));
        assertTrue(CATALOG.models().stream().anyMatch(m -> m.name().startsWith("llama-")));
    }

    @Test
    void every_legacy_name_resolves() {
        for (String name : LEGACY_NAMES) {
            assertTrue(CATALOG.resolve(name).isPresent(), name + " must resolve");
        }
    }

    @Test
    void retired_names_resolve_to_their_documented_successor() {
        assertEquals("claude-sonnet-4-5", CATALOG.resolve("claude-3-5-sonnet").orElseThrow().name());
        assertEquals("claude-sonnet-4-5", CATALOG.resolve("claude-3-sonnet").orElseThrow().name());
        assertEquals("claude-opus-4-1", CATALOG.resolve("claude-3-opus").orElseThrow().name());
        assertEquals("mistral-large-3", CATALOG.resolve("mistral-large-2").orElseThrow().name());
        assertFalse(CATALOG.retiredNames().isEmpty());
        CATALOG.retiredNames().forEach((retired, successor) ->
                assertEquals(successor, CATALOG.resolve(retired).orElseThrow().name(), retired));
    }

    @Test
    void superseded_models_still_served_are_marked_legacy() {
        for (String name : List.of("claude-3-5-haiku", "claude-3-haiku", "claude-3-7-sonnet", "claude-opus-4-1",
                "llama-3-1-70b", "mistral-small")) {
            ModelInfo m = CATALOG.resolve(name).orElseThrow();
            assertEquals(name, m.name(), "served under its own name");
            assertEquals("legacy", m.lifecycle(), name);
            assertTrue(m.isLegacy());
        }
        assertEquals("active", CATALOG.resolve("claude-haiku-4-5").orElseThrow().lifecycle());
    }

    @Test
    void resolves_by_name_alias_bedrock_id_and_inference_profile_id() {
        ModelInfo haiku = CATALOG.resolve("claude-haiku-4-5").orElseThrow();
        assertSame(haiku, CATALOG.resolve("anthropic.claude-haiku-4-5-20251001-v1:0").orElseThrow());
        assertSame(haiku, CATALOG.resolve("us.anthropic.claude-haiku-4-5-20251001-v1:0").orElseThrow());
        assertEquals("us.anthropic.claude-haiku-4-5-20251001-v1:0", haiku.invokeId());

        ModelInfo micro = CATALOG.resolve("amazon.nova-micro-v1:0").orElseThrow();
        assertEquals("nova-micro", micro.name());
        assertNull(micro.inferenceProfileId());
        assertEquals("amazon.nova-micro-v1:0", micro.invokeId());

        assertSame(CATALOG.resolve("claude-opus-4-1").orElseThrow(), CATALOG.resolve("claude-3-opus").orElseThrow());
    }

    @Test
    void names_and_aliases_resolve_ignoring_case_and_surrounding_space() {
        ModelInfo micro = CATALOG.resolve("nova-micro").orElseThrow();
        assertSame(micro, CATALOG.resolve("NOVA-Micro").orElseThrow());
        assertSame(micro, CATALOG.resolve("  nova-micro ").orElseThrow());
        assertEquals("claude-sonnet-4-5", CATALOG.resolve("Claude-3-5-Sonnet").orElseThrow().name());
    }

    @Test
    void other_cross_region_profiles_and_arns_resolve_to_the_catalog_model() {
        ModelInfo haiku = CATALOG.resolve("claude-haiku-4-5").orElseThrow();
        assertSame(haiku, CATALOG.resolve("global.anthropic.claude-haiku-4-5-20251001-v1:0").orElseThrow());
        assertSame(haiku, CATALOG.resolve("eu.anthropic.claude-haiku-4-5-20251001-v1:0").orElseThrow());
        assertSame(haiku, CATALOG.resolve(
                "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0").orElseThrow());
        assertSame(haiku, CATALOG.resolve(
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0").orElseThrow());
    }

    @Test
    void unknown_null_and_blank_resolve_to_empty() {
        assertTrue(CATALOG.resolve(null).isEmpty());
        assertTrue(CATALOG.resolve("").isEmpty());
        assertTrue(CATALOG.resolve("   ").isEmpty());
        assertTrue(CATALOG.resolve("gpt-4o").isEmpty());
        assertTrue(CATALOG.resolve("claude-*").isEmpty(), "a pattern is not a name");
        assertTrue(CATALOG.resolve("xx.anthropic.claude-haiku-4-5-20251001-v1:0").isEmpty());
    }

    @Test
    void every_model_is_complete_and_consistent() {
        for (ModelInfo m : CATALOG.models()) {
            assertTrue(m.name().matches("[a-z0-9][a-z0-9._-]*"), m.name());
            assertTrue(m.bedrockModelId().startsWith(m.provider() + "."), m.name() + ": Bedrock ids start with the provider");
            assertFalse(m.description().isBlank(), m.name());
            assertTrue(m.maxOutputTokens() <= m.contextWindow(), m.name());
            assertTrue(m.inputPricePer1M().signum() > 0, m.name());
            if (m.isEmbedding()) {
                assertEquals(0, m.outputPricePer1M().signum(), m.name() + ": an embedding model has no output tokens");
                assertEquals(0, m.maxOutputTokens(), m.name());
                assertNull(m.cacheReadPricePer1M(), m.name() + ": no prompt caching for embeddings");
            } else {
                assertTrue(m.outputPricePer1M().compareTo(m.inputPricePer1M()) >= 0, m.name() + ": output not dearer than input");
            }
            if (m.inferenceProfileId() != null) {
                assertEquals("us." + m.bedrockModelId(), m.inferenceProfileId(), m.name() + ": US profile of the same model");
            }
            assertEquals(m.cacheReadPricePer1M() == null, m.cacheWritePricePer1M() == null, m.name() + ": cache prices come in pairs");
            if (m.cacheReadPricePer1M() != null) {
                assertTrue(m.cacheReadPricePer1M().compareTo(m.inputPricePer1M()) < 0, m.name() + ": cache reads are cheaper");
                assertTrue(m.cacheWritePricePer1M().compareTo(m.inputPricePer1M()) >= 0, m.name() + ": cache writes cost at least input");
            }
            assertSame(m, CATALOG.resolve(m.name()).orElseThrow());
            assertSame(m, CATALOG.resolve(m.bedrockModelId()).orElseThrow());
            for (String alias : m.aliases()) {
                assertSame(m, CATALOG.resolve(alias).orElseThrow(), alias);
            }
        }
    }

    @Test
    void prompt_caching_is_priced_for_claude_and_nova_only() {
        for (ModelInfo m : CATALOG.models()) {
            boolean cached = m.cacheReadPricePer1M() != null;
            if (m.isEmbedding()) {
                assertFalse(cached, m.name());
            } else if (m.provider().equals("amazon")) {
                assertTrue(cached, m.name());
                assertEquals(0, m.cacheWritePricePer1M().compareTo(m.inputPricePer1M()), m.name() + ": Nova writes at input price");
            } else if (!m.provider().equals("anthropic")) {
                assertFalse(cached, m.name());
            }
        }
        ModelInfo sonnet = CATALOG.resolve("claude-sonnet-4-5").orElseThrow();
        // Claude: write = 1.25 x input, read = 0.1 x input
        assertEquals(0, sonnet.cacheWritePricePer1M().compareTo(sonnet.inputPricePer1M().multiply(new BigDecimal("1.25"))));
        assertEquals(0, sonnet.cacheReadPricePer1M().compareTo(sonnet.inputPricePer1M().multiply(new BigDecimal("0.1"))));
    }

    @Test
    void embedding_models_are_listed_with_their_dimensions_and_limits() {
        ModelInfo titan = CATALOG.resolve("amazon.titan-embed-text-v2:0").orElseThrow();
        assertTrue(titan.isEmbedding());
        assertEquals(List.of(256, 512, 1024), titan.embedding().dimensions());
        assertEquals(1024, titan.embedding().defaultDimensions());
        assertTrue(titan.embedding().normalize());
        assertFalse(titan.embedding().batches(), "Titan takes one text per call");
        assertEquals(new BigDecimal("0.02"), titan.inputPricePer1M());
        ModelInfo cohere = CATALOG.resolve("cohere-embed-english-v3").orElseThrow();
        assertTrue(cohere.embedding().batches());
        assertEquals(96, cohere.embedding().maxBatch());
        assertEquals(512, cohere.contextWindow());
        for (String name : List.of("cohere-embed-multilingual-v3", "cohere-embed-v4", "nova-2-multimodal-embeddings")) {
            assertTrue(CATALOG.resolve(name).orElseThrow().isEmbedding(), name);
        }
        assertFalse(CATALOG.resolve("nova-micro").orElseThrow().isEmbedding());
        assertNull(CATALOG.resolve("nova-micro").orElseThrow().embedding());
    }

    @Test
    void prices_are_read_exactly_from_decimal_strings() {
        ModelInfo micro = CATALOG.resolve("nova-micro").orElseThrow();
        assertEquals(new BigDecimal("0.035"), micro.inputPricePer1M());
        assertEquals(new BigDecimal("0.14"), micro.outputPricePer1M());
        assertEquals(new BigDecimal("0.00875"), micro.cacheReadPricePer1M());
        ModelInfo haiku = CATALOG.resolve("claude-haiku-4-5").orElseThrow();
        assertEquals(new BigDecimal("1.375"), haiku.cacheWritePricePer1M());
    }

    @Test
    void data_file_writes_every_price_as_a_string_and_states_its_source() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ModelCatalog.RESOURCE)) {
            assertNotNull(in);
            root = new ObjectMapper().readTree(in);
        }
        assertEquals("USD", root.get("currency").asText());
        assertEquals("us-east-1", root.get("region").asText());
        assertTrue(root.get("source").asText().contains("aws.amazon.com/bedrock/pricing"));
        assertFalse(root.get("notes").asText().isBlank());
        LocalDate.parse(root.get("prices_as_of").asText());
        for (JsonNode m : root.get("models")) {
            for (String field : List.of("input_price_per_1m", "output_price_per_1m", "cache_read_price_per_1m", "cache_write_price_per_1m")) {
                JsonNode v = m.get(field);
                if (v == null || !(v.isTextual() || v.isNull())) {
                    fail(m.get("name").asText() + "." + field + " must be a decimal string or null, got " + v);
                }
            }
        }
    }

    @Test
    void source_and_price_date_are_exposed() {
        assertTrue(CATALOG.source().contains("https://aws.amazon.com/bedrock/pricing/"));
        assertEquals(LocalDate.parse(CATALOG.pricesAsOf()).toString(), CATALOG.pricesAsOf());
    }

    @Test
    void models_are_listed_in_catalog_order_and_cannot_be_modified() {
        assertEquals("nova-micro", CATALOG.models().get(0).name());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> CATALOG.models().remove(0));
    }
}
