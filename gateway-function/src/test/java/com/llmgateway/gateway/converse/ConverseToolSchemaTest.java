package com.llmgateway.gateway.converse;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Converse {@code toolSpec.inputSchema.json} checked as a JSON Schema; integers never wrap. */
class ConverseToolSchemaTest {

    private static final ModelCatalog CATALOG = TestCatalog.catalog();
    private static final String FIELD = "toolConfig.tools[0].toolSpec.inputSchema.json";

    private static String withSchema(String schema) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"toolConfig\":{\"tools\":[{\"toolSpec\":"
                + "{\"name\":\"f\",\"inputSchema\":{\"json\":" + schema + "}}}]}}";
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"object\",\"properties\":[]}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strin\"}}}",
            "{\"type\":\"objekt\"}",
            "{\"type\":\"object\",\"required\":\"a\"}",
            "{\"$schema\":\"https://example.invalid/dialect\",\"type\":\"object\"}"
    })
    void an_input_schema_that_is_not_json_schema_is_a_validation_exception_naming_the_field(String schema) {
        GatewayException e = assertThrows(GatewayException.class, () -> ConverseRequests.parse(withSchema(schema), "test-claude", CATALOG));

        assertEquals(400, e.status());
        assertEquals(FIELD, e.param());
        assertTrue(e.getMessage().contains(FIELD) && e.getMessage().contains("JSON Schema"), e.getMessage());
        assertEquals("ValidationException", ConverseResponses.errorType(e));
    }

    @Test
    void a_valid_input_schema_is_kept_as_given() {
        String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
        assertEquals(Json.parse(schema), ConverseRequests.parse(withSchema(schema), "test-claude", CATALOG)
                .tools().tools().get(0).inputSchema());
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551617", "4294967297", "-18446744073709551617", "0"})
    void max_tokens_beyond_its_range_is_refused_never_wrapped(String n) {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"inferenceConfig\":{\"maxTokens\":" + n + "}}";
        GatewayException e = assertThrows(GatewayException.class, () -> ConverseRequests.parse(body, "test-claude", CATALOG));

        assertEquals(400, e.status());
        assertEquals("inferenceConfig.maxTokens", e.param());
        assertEquals("ValidationException", ConverseResponses.errorType(e));
    }
}
