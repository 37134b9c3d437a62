package com.llmgateway.gateway.model;

import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolSchemasTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"type\":\"object\",\"properties\":{}}",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"enum\":[\"Paris\",\"Oslo\"]},"
                    + "\"days\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"city\"],\"additionalProperties\":false}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/x\"}},\"$defs\":{\"x\":{\"type\":[\"string\",\"null\"]}}}",
            "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"definitions\":{\"x\":{}}}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"not-a-known-format\"}}}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.invalid/remote.json\"}}}"
    })
    void accepts_valid_json_schemas(String schema) {
        assertEquals(java.util.Optional.empty(), ToolSchemas.problem(Json.parse(schema)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"object\",\"properties\":[]}",
            "{\"type\":\"object\",\"properties\":\"a\"}",
            "{\"type\":\"objekt\"}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strin\"}}}",
            "{\"type\":\"object\",\"required\":\"a\"}",
            "{\"type\":\"object\",\"required\":[1]}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"minimum\":\"one\"}}}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"enum\":\"x\"}}}",
            "{\"type\":\"object\",\"additionalProperties\":1}",
            "{\"$schema\":\"https://example.invalid/my-dialect\",\"type\":\"object\"}",
            "{\"$schema\":7,\"type\":\"object\"}"
    })
    void refuses_schemas_the_meta_schema_refuses(String schema) {
        String problem = ToolSchemas.problem(Json.parse(schema)).orElseThrow();
        assertTrue(problem.length() < 300, problem);
    }

    @Test
    void a_schema_nested_too_deeply_is_refused_before_the_validator_recurses_into_it() {
        String deep = "{\"type\":\"object\",\"properties\":{\"a\":".repeat(40) + "{}" + "}}".repeat(40);
        assertEquals("is nested more than 64 levels deep", ToolSchemas.problem(Json.parse(deep)).orElseThrow());
        String fine = "{\"type\":\"object\",\"properties\":{\"a\":".repeat(30) + "{}" + "}}".repeat(30);
        assertEquals(java.util.Optional.empty(), ToolSchemas.problem(Json.parse(fine)));
    }

    @Test
    void a_long_property_name_is_cut_in_the_problem() {
        String name = "p".repeat(10_000);
        String problem = ToolSchemas.problem(Json.parse("{\"type\":\"object\",\"properties\":{\"" + name
                + "\":{\"type\":\"nope\"}}}")).orElseThrow();
        assertTrue(problem.length() < 300, problem);
        assertTrue(problem.startsWith("at '/properties/ppp"), problem);
    }
}
