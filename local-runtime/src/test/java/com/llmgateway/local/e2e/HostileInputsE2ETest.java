package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, over real HTTP: tool schemas that are not JSON Schema, integers beyond their range
 * (beyond 64 bits too) and 10,000-character values in every place an error quotes caller input.
 * Each is a 4xx in its protocol's shape (OpenAI, Bedrock's x-amzn-ErrorType + {"message"},
 * JSON-RPC), no error body reaches 1 KB, and each request that reached the pipeline is one
 * ledger record.
 */
class HostileInputsE2ETest extends GatewayE2E {

    /** 2^64 + 1, which a 64-bit read modulo 2^64 takes for 1. */
    private static final String BEYOND_64_BITS = "18446744073709551617";
    private static final String HUGE = "x".repeat(10_000);
    private static final int MAX_ERROR_BYTES = 1024;
    private static final String USER = "[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String CONVERSE_USER = "[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]";


    /** The error body is under 1 KB and quotes no 100 characters of the caller's 10,000. */
    private static void small(Http.Res r, String what) {
        bounded(r, what);
        assertFalse(r.body().contains("x".repeat(100)), what + " echoes the caller's value whole: " + r.body());
    }

    /** The error body is under 1 KB. */
    private static void bounded(Http.Res r, String what) {
        int bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < MAX_ERROR_BYTES, what + ": an error body of " + bytes + " bytes: " + r.body());
    }

    private static JsonNode openAiError(Http.Res r, int status, String what) {
        assertEquals(status, r.status(), what + ": " + r.body());
        small(r, what);
        return r.error();
    }

    private static void converseError(Http.Res r, int status, String type, String what) {
        assertEquals(status, r.status(), what + ": " + r.body());
        assertEquals(type, r.header("x-amzn-ErrorType"), what + ": " + r.body());
        assertTrue(r.json().path("message").isTextual(), what + ": " + r.body());
        small(r, what);
    }

    private static Http.Res chat(String key, String body) {
        return http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "no-store");
    }

    private static Http.Res converse(String key, String model, String body) {
        return http.post("/model/" + model + "/converse", body, "x-api-key", key, "cache-control", "no-store");
    }

    private static Http.Res mcp(String key, String message, String... headers) {
        List<String> h = new ArrayList<>(List.of("x-api-key", key, "accept", "application/json, text/event-stream",
                "cache-control", "no-store"));
        if (headers.length == 0) {
            h.addAll(List.of("mcp-protocol-version", "2025-11-25"));
        }
        h.addAll(List.of(headers));
        return http.post("/mcp", message, h.toArray(String[]::new));
    }

    private static String tool(String parameters) {
        return "{\"model\":\"claude-haiku-4-5\",\"messages\":" + USER + ",\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"parameters\":" + parameters + "}}]}";
    }

    private static String converseTool(String schema) {
        return "{\"messages\":" + CONVERSE_USER + ",\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"f\","
                + "\"inputSchema\":{\"json\":" + schema + "}}}]}}";
    }

    @Test
    void tool_schemas_that_are_not_json_schema_are_400s_naming_the_parameter_and_one_ledger_record_each() {
        admin.team("{\"team_id\":\"hostile-schemas\"}");
        String key = admin.invokeKey("hostile-schemas");
        List<String> recorded = new ArrayList<>();

        for (String parameters : List.of("{\"type\":\"string\"}", "{\"type\":\"object\",\"properties\":[\"a\"]}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"text\"}}}",
                "{\"type\":\"object\",\"properties\":{\"" + HUGE + "\":{\"type\":\"" + HUGE + "\"}}}")) {
            Http.Res r = chat(key, tool(parameters));
            JsonNode error = openAiError(r, 400, parameters.length() > 100 ? "huge schema" : parameters);
            assertEquals("tools[0].function.parameters", error.path("param").asText(), r.body());
            assertEquals("invalid_function_parameters", error.path("code").asText(), r.body());
            recorded.add(r.header("x-request-id"));
        }
        for (String schema : List.of("{\"type\":\"object\",\"properties\":[\"a\"]}", "{\"type\":\"objekt\"}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"" + HUGE + "\"}}}")) {
            Http.Res r = converse(key, "claude-haiku-4-5", converseTool(schema));
            converseError(r, 400, "ValidationException", schema.length() > 100 ? "huge schema" : schema);
            assertTrue(r.json().path("message").asText().contains("toolConfig.tools[0].toolSpec.inputSchema.json"), r.body());
            recorded.add(r.header("x-request-id"));
        }
        Http.Res valid = chat(key, tool("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));
        assertEquals(200, valid.status(), valid.body());
        recorded.add(valid.header("x-request-id"));

        recorded.forEach(id -> assertTrue(ledger(id).containsKey("status_code")));
        Http.Res usage = http.get("/v1/usage?days=1", "x-api-key", key);
        assertEquals(recorded.size(), usage.json().path("summary").path("total_requests").asLong(), usage.body());
    }

    @Test
    void integers_beyond_their_range_are_400s_naming_the_parameter_on_every_route() {
        admin.team("{\"team_id\":\"hostile-integers\"}");
        String key = admin.invokeKey("hostile-integers");
        String adminKey = gateway.keys().orElseThrow().adminKey();
        List<String> recorded = new ArrayList<>();

        for (String param : List.of("n", "seed", "max_tokens", "max_completion_tokens", "top_logprobs")) {
            Http.Res r = chat(key, "{\"model\":\"nova-micro\",\"messages\":" + USER + ",\"" + param + "\":" + BEYOND_64_BITS + "}");
            JsonNode error = openAiError(r, 400, param);
            assertEquals(param, error.path("param").asText(), r.body());
            recorded.add(r.header("x-request-id"));
        }
        Http.Res negative = chat(key, "{\"model\":\"nova-micro\",\"messages\":" + USER + ",\"seed\":-" + BEYOND_64_BITS + "}");
        assertEquals("seed", openAiError(negative, 400, "negative seed").path("param").asText());
        recorded.add(negative.header("x-request-id"));

        for (String n : List.of(BEYOND_64_BITS, "4294967297")) {
            Http.Res r = converse(key, "nova-micro", "{\"messages\":" + CONVERSE_USER + ",\"inferenceConfig\":{\"maxTokens\":" + n + "}}");
            converseError(r, 400, "ValidationException", "maxTokens " + n);
            assertTrue(r.json().path("message").asText().contains("maxTokens"), r.body());
            recorded.add(r.header("x-request-id"));
        }

        Http.Res mcp = mcp(key, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"generate\","
                + "\"arguments\":{\"prompt\":\"hi\",\"max_tokens\":" + BEYOND_64_BITS + "}}}");
        assertEquals(200, mcp.status(), mcp.body());
        assertTrue(mcp.json().path("result").path("isError").asBoolean(), mcp.body());
        assertTrue(mcp.json().at("/result/content/0/text").asText().contains("'max_tokens'"), mcp.body());
        small(mcp, "mcp max_tokens");
        assertEquals("400", ledger(mcp.header("x-request-id") + "-1").get("status_code").n());

        for (String[] c : List.of(new String[]{"{\"team_id\":\"big-rpm\",\"limits\":{\"rpm\":" + BEYOND_64_BITS
                        + ",\"input_tpm\":1000,\"output_tpm\":1000}}", "limits.rpm"},
                new String[]{"{\"team_id\":\"big-ttl\",\"cache\":{\"ttl_seconds\":" + BEYOND_64_BITS + "}}", "cache.ttl_seconds"},
                new String[]{"{\"team_id\":\"big-model-rpm\",\"model_limits\":{\"nova-micro\":{\"rpm\":-" + BEYOND_64_BITS
                        + ",\"input_tpm\":1,\"output_tpm\":1}}}", "model_limits.nova-micro.rpm"})) {
            Http.Res r = http.post("/v1/teams", c[0], "x-api-key", adminKey);
            assertEquals(c[1], openAiError(r, 400, c[1]).path("param").asText(), r.body());
        }
        Http.Res patch = http.method("PATCH", "/v1/teams/hostile-integers", "{\"limits\":{\"tpm\":1,\"rpm\":" + BEYOND_64_BITS + "}}",
                "x-api-key", adminKey);
        openAiError(patch, 400, "patch limits");

        Http.Res days = http.get("/v1/usage?days=" + BEYOND_64_BITS, "x-api-key", key);
        assertEquals("days", openAiError(days, 400, "days").path("param").asText());

        recorded.forEach(id -> assertEquals("400", ledger(id).get("status_code").n()));
        Http.Res usage = http.get("/v1/usage?days=1", "x-api-key", key);
        assertEquals(recorded.size() + 1, usage.json().path("summary").path("total_requests").asLong(), usage.body());
    }

    @Test
    void every_echo_of_caller_input_is_cut_so_no_error_body_reaches_one_kilobyte() {
        admin.team("{\"team_id\":\"hostile-echoes\"}");
        String key = admin.invokeKey("hostile-echoes");
        String adminKey = gateway.keys().orElseThrow().adminKey();
        List<String> recorded = new ArrayList<>();

        // OpenAI chat: the model, a role, a content part's type, a number's digits
        for (String body : List.of("{\"model\":\"" + HUGE + "\",\"messages\":" + USER + "}",
                "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"" + HUGE + "\",\"content\":\"hi\"}]}",
                "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"" + HUGE + "\"}]}]}",
                "{\"model\":\"nova-micro\",\"messages\":" + USER + ",\"max_tokens\":" + "9".repeat(999) + "}",
                "{\"model\":\"nova-micro\",\"messages\":" + USER + ",\"temperature\":" + "9".repeat(999) + "}")) {
            Http.Res r = chat(key, body);
            assertTrue(r.status() == 400 || r.status() == 404, r.body());
            openAiError(r, r.status(), "chat");
            recorded.add(r.header("x-request-id"));
        }
        // Converse: the model id in the path, an inference field's name, a content block's name (these two
        // are bounded by GatewayException's own cut of a whole message)
        Http.Res model = converse(key, HUGE, "{\"messages\":" + CONVERSE_USER + "}");
        assertTrue(model.status() == 400 || model.status() == 404, model.body());
        assertTrue(model.header("x-amzn-ErrorType") != null, model.body());
        small(model, "converse model id");
        recorded.add(model.header("x-request-id"));
        for (String body : List.of("{\"messages\":" + CONVERSE_USER + ",\"inferenceConfig\":{\"" + HUGE + "\":1}}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"" + HUGE + "\":{}}]}]}",
                "{\"messages\":[{\"role\":\"" + HUGE + "\",\"content\":[{\"text\":\"hi\"}]}]}")) {
            Http.Res r = converse(key, "nova-micro", body);
            assertEquals(400, r.status(), r.body());
            assertEquals("ValidationException", r.header("x-amzn-ErrorType"), r.body());
            bounded(r, "converse");
            recorded.add(r.header("x-request-id"));
        }
        // MCP: the method, a tool's name, the protocol version header, the generate tool's model
        for (String message : List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + HUGE + "\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + HUGE + "\",\"arguments\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"generate\","
                        + "\"arguments\":{\"prompt\":\"hi\",\"model\":\"" + HUGE + "\"}}}")) {
            Http.Res r = mcp(key, message);
            assertTrue(r.json().has("error") || r.json().path("result").path("isError").asBoolean(), r.body());
            small(r, "mcp");
        }
        Http.Res version = mcp(key, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "mcp-protocol-version", HUGE);
        assertEquals(400, version.status(), version.body());
        assertTrue(version.json().has("error"), version.body());
        small(version, "mcp protocol version");
        // Models, routes, query parameters, admin fields
        openAiError(http.get("/v1/models/" + HUGE, "x-api-key", key), 404, "GET /v1/models/{model}");
        openAiError(http.get("/v1/" + HUGE, "x-api-key", key), 404, "unknown route");
        openAiError(http.get("/v1/usage?" + HUGE + "=1", "x-api-key", key), 400, "query parameter name");
        openAiError(http.get("/v1/usage?team_id=" + HUGE, "x-api-key", key), 400, "team_id");
        openAiError(http.get("/v1/usage/teams?from=" + HUGE, "x-api-key", adminKey), 400, "from");
        openAiError(http.post("/v1/teams", "{\"team_id\":\"echo-a\",\"" + HUGE + "\":1}", "x-api-key", adminKey), 400,
                "team field name");
        openAiError(http.post("/v1/teams", "{\"team_id\":\"echo-b\",\"model_limits\":{\"" + HUGE + "\":{\"rpm\":1,"
                + "\"input_tpm\":1,\"output_tpm\":1}}}", "x-api-key", adminKey), 400, "model_limits key");
        openAiError(http.post("/v1/teams", "{\"team_id\":\"echo-c\",\"limits\":{\"" + HUGE + "\":1}}", "x-api-key", adminKey),
                400, "limits field name");
        openAiError(http.post("/v1/teams", "{\"team_id\":\"" + HUGE + "\"}", "x-api-key", adminKey), 400, "team_id");
        openAiError(http.get("/v1/teams/" + HUGE, "x-api-key", adminKey), 404, "GET /v1/teams/{teamId}");
        openAiError(http.post("/v1/keys", "{\"team_id\":\"hostile-echoes\",\"name\":\"k\",\"scopes\":[\"" + HUGE + "\"]}",
                "x-api-key", adminKey), 400, "scope");
        openAiError(http.method("DELETE", "/v1/keys/" + HUGE, null, "x-api-key", adminKey), 404, "DELETE /v1/keys/{keyId}");
        Http.Res badKey = http.get("/v1/models", "x-api-key", HUGE);
        assertEquals(401, badKey.status(), badKey.body());
        small(badKey, "x-api-key");

        recorded.forEach(id -> assertTrue(ledger(id).containsKey("status_code")));
        Http.Res usage = http.get("/v1/usage?days=1", "x-api-key", key);
        assertTrue(usage.json().path("summary").path("total_requests").asLong() >= recorded.size(), usage.body());
        assertEquals(200, usage.status(), Json.write(usage.json()));
    }
}
