package com.llmgateway.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsServiceTest {

    private final ModelsService service = new ModelsService(TestCatalog.catalog());

    @Test
    void describes_a_model_with_prices_per_1k_and_per_1m_as_decimal_strings() {
        JsonNode m = service.get("test-model");

        assertEquals(Json.parse("""
                {"id":"test-model","object":"model","created":%d,"owned_by":"testco","provider":"testco",
                 "description":"A model for tests.","kind":"chat","bedrock_model_id":"test.model-v1:0","inference_profile_id":"us.test.model-v1:0",
                 "pricing":{"currency":"USD","input_per_1m_tokens":"0.80","output_per_1m_tokens":"3.20",
                            "input_per_1k_tokens":"0.0008","output_per_1k_tokens":"0.0032",
                            "cache_read_per_1m_tokens":"0.08","cache_write_per_1m_tokens":null},
                 "context_window":32000,"max_output_tokens":4096,
                 "capabilities":{"system":true,"tools":false,"vision":false,"streaming":false},
                 "lifecycle":"active","aliases":[],"supersedes":null}
                """.formatted(m.get("created").asLong())), Json.parse(Json.write(m)));
        assertTrue(m.get("created").asLong() > 0, "the catalog's prices date");
    }

    @Test
    void says_which_superseded_names_a_model_serves() {
        JsonNode m = service.get("LEGACY-NOSYS");

        assertEquals("test-nosys", m.get("id").asText());
        assertEquals("LEGACY-NOSYS", m.get("resolved_from").asText());
        assertEquals("legacy", m.get("lifecycle").asText());
        assertEquals("legacy-nosys", m.at("/aliases/0").asText());
        assertTrue(m.get("supersedes").asText().contains("legacy-nosys"));
    }

    @Test
    void lists_every_catalog_model() {
        JsonNode list = service.list();

        assertEquals("list", list.get("object").asText());
        assertEquals(TestCatalog.catalog().models().size(), list.get("data").size());
        for (JsonNode m : list.get("data")) {
            assertTrue(m.at("/pricing/input_per_1m_tokens").isTextual(), m.get("id").asText());
            assertTrue(m.get("context_window").asInt() > 0);
        }
    }

    @Test
    void answers_404_with_a_hint_for_an_unknown_model() {
        GatewayException e = assertThrows(GatewayException.class, () -> service.get("gpt-9"));

        assertEquals(404, e.status());
        assertEquals("model_not_found", e.code());
        assertTrue(e.getMessage().contains("GET /v1/models"));
    }
}
