package com.llmgateway.core.catalog;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Glob patterns of team allow-lists ({@code "*"}, {@code "claude-*"}, exact names). */
class ModelMatchingTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load(Map.of());

    private static ModelInfo model(String name) {
        return CATALOG.resolve(name).orElseThrow();
    }

    @Test
    void star_matches_every_model() {
        for (ModelInfo m : CATALOG.models()) {
            assertTrue(ModelCatalog.matches("*", m), m.name());
        }
    }

    @Test
    void prefix_pattern_matches_the_family_only() {
        assertTrue(ModelCatalog.matches("claude-*", model("claude-haiku-4-5")));
        assertTrue(ModelCatalog.matches("claude-*", model("claude-3-haiku")));
        assertFalse(ModelCatalog.matches("claude-*", model("nova-micro")));
        assertTrue(ModelCatalog.matches("nova-*", model("nova-2-lite")));
        assertFalse(ModelCatalog.matches("llama-*", model("mistral-small")));
    }

    @Test
    void star_may_stand_anywhere_and_for_nothing() {
        assertTrue(ModelCatalog.matches("*-haiku-*", model("claude-haiku-4-5")));
        assertTrue(ModelCatalog.matches("claude-*-4-5", model("claude-sonnet-4-5")));
        assertFalse(ModelCatalog.matches("claude-*-4-5", model("claude-sonnet-4")));
        assertTrue(ModelCatalog.matches("nova-micro*", model("nova-micro")));
        assertTrue(ModelCatalog.matches("*micro", model("nova-micro")));
        assertTrue(ModelCatalog.matches("llama-3-*-70b", model("llama-3-3-70b")));
        assertTrue(ModelCatalog.matches("**", model("nova-micro")));
    }

    @Test
    void exact_pattern_matches_name_or_alias_ignoring_case() {
        assertTrue(ModelCatalog.matches("nova-micro", model("nova-micro")));
        assertTrue(ModelCatalog.matches("NOVA-MICRO", model("nova-micro")));
        assertFalse(ModelCatalog.matches("nova-micr", model("nova-micro")));
        assertFalse(ModelCatalog.matches("nova-micro-v2", model("nova-micro")));
        assertTrue(ModelCatalog.matches("claude-3-opus", model("claude-opus-4-1")), "retired name is an alias");
        assertTrue(ModelCatalog.matches("claude-3-*", model("claude-sonnet-4-5")), "matches through alias claude-3-5-sonnet");
    }

    @Test
    void patterns_do_not_match_bedrock_ids_or_nothing() {
        assertFalse(ModelCatalog.matches("amazon.*", model("nova-micro")));
        assertFalse(ModelCatalog.matches("", model("nova-micro")));
        assertFalse(ModelCatalog.matches(null, model("nova-micro")));
        assertFalse(ModelCatalog.matches("*", null));
    }

    @Test
    void known_patterns_are_those_matching_at_least_one_model() {
        assertTrue(CATALOG.isKnownPattern("*"));
        assertTrue(CATALOG.isKnownPattern("claude-*"));
        assertTrue(CATALOG.isKnownPattern("nova-micro"));
        assertTrue(CATALOG.isKnownPattern("claude-3-opus"));
        assertTrue(CATALOG.isKnownPattern("*-70b"));
        assertFalse(CATALOG.isKnownPattern("gpt-4*"));
        assertFalse(CATALOG.isKnownPattern("claude-haiku-9"));
        assertFalse(CATALOG.isKnownPattern(""));
        assertFalse(CATALOG.isKnownPattern(null));
    }

    @Test
    void glob_backtracks_past_a_false_start() {
        assertTrue(ModelCatalog.glob("a*b*c", "aXbYbZc"));
        assertTrue(ModelCatalog.glob("*ab", "aab"));
        assertFalse(ModelCatalog.glob("a*b", "aXbY"));
        assertTrue(ModelCatalog.glob("", ""));
        assertFalse(ModelCatalog.glob("", "a"));
    }
}
