package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.ChatRequest;
import com.llmgateway.gateway.chat.ChatResult;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolChoice;
import com.llmgateway.gateway.model.ToolSpec;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Converse request and response JSON to and from the chat pipeline's neutral request and result. */
class ConverseTranslationTest {

    private static final ModelCatalog CATALOG = TestCatalog.catalog();

    private static ChatRequest parse(String body) {
        return ConverseRequests.parse(body, "test-claude", CATALOG);
    }

    @Test
    void a_converse_request_becomes_the_neutral_request() {
        ChatRequest r = ConverseRequests.parse("""
                {"system": [{"text": "Be brief."}, {"cachePoint": {"type": "default"}}, {"text": "Use French."}],
                 "messages": [{"role": "user", "content": [{"text": "Bonjour"}, {"text": "ça va ?"}]},
                              {"role": "assistant", "content": [{"text": "Oui."}]},
                              {"role": "user", "content": [{"text": "Et toi ?"}, {"cachePoint": {"type": "default"}}]},
                              {"role": "user", "content": [{"text": "Dis-moi."}]}],
                 "inferenceConfig": {"maxTokens": 100, "temperature": 0.5, "topP": 0.9, "stopSequences": ["END"]},
                 "requestMetadata": {"app": "x"}}
                """, "us.test.model-v1:0", CATALOG);
        assertEquals("test-model", r.model().name());
        assertEquals("us.test.model-v1:0", r.requestedModel());
        assertEquals(List.of("Be brief.", "Use French."), r.system());
        assertEquals(List.of(ModelMessage.ofTexts(ModelMessage.Role.USER, List.of("Bonjour", "ça va ?")),
                ModelMessage.assistant("Oui."),
                ModelMessage.ofTexts(ModelMessage.Role.USER, List.of("Et toi ?", "Dis-moi."))), r.messages());
        assertEquals(100, r.maxTokens());
        assertEquals(0.5, r.temperature());
        assertEquals(0.9, r.topP());
        assertEquals(List.of("END"), r.stop());
        assertNull(r.tools());
    }

    @Test
    void tool_config_tool_use_and_tool_result_blocks_map_one_to_one() {
        ChatRequest r = parse("""
                {"messages": [
                   {"role": "user", "content": [{"text": "Weather and time in Paris?"}]},
                   {"role": "assistant", "content": [{"text": "Let me check."},
                       {"toolUse": {"toolUseId": "tooluse_1", "name": "get_weather", "input": {"city": "Paris", "days": [1, 2]}}},
                       {"toolUse": {"toolUseId": "tooluse_2", "name": "get_time", "input": {}}}]},
                   {"role": "user", "content": [{"text": "Thanks!"},
                       {"toolResult": {"toolUseId": "tooluse_2", "content": [{"json": {"time": "10:00"}}]}},
                       {"toolResult": {"toolUseId": "tooluse_1", "status": "error", "content": [{"text": "no data"}, {"text": "retry"}]}}]}],
                """ + TOOL_CONFIG.formatted("{\"tool\": {\"name\": \"get_time\"}}") + "}");
        assertEquals(List.of("get_weather", "get_time"), r.tools().tools().stream().map(ToolSpec::name).toList());
        assertEquals("Weather for a city", r.tools().tools().get(0).description());
        assertEquals(ToolChoice.tool("get_time"), r.tools().choice());
        assertEquals(new ModelMessage(ModelMessage.Role.ASSISTANT, List.of(new ContentBlock.Text("Let me check."),
                new ContentBlock.ToolUse("tooluse_1", "get_weather", Json.parse("{\"city\":\"Paris\",\"days\":[1,2]}")),
                new ContentBlock.ToolUse("tooluse_2", "get_time", Json.object()))), r.messages().get(1));
        assertEquals(new ModelMessage(ModelMessage.Role.USER, List.of(new ContentBlock.Text("Thanks!"),
                new ContentBlock.ToolResult("tooluse_2", List.of("{\"time\":\"10:00\"}")),
                new ContentBlock.ToolResult("tooluse_1", List.of("Error: no data", "retry")))), r.messages().get(2));
        assertEquals(ToolChoice.ANY, parse("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}],"
                + TOOL_CONFIG.formatted("{\"any\": {}}") + "}").tools().choice());
        assertEquals(ToolChoice.AUTO, parse("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}],"
                + TOOL_CONFIG.formatted("null") + "}").tools().choice());
    }

    @Test
    void the_neutral_result_becomes_bedrocks_converse_response_with_bedrocks_own_stop_reason_and_usage() {
        ChatResult result = new ChatResult("req-1", "search", Instant.EPOCH, "test-claude", "test-claude",
                "anthropic.test-claude-v1:0", "anthropic", List.of(new ContentBlock.Text("Checking."),
                new ContentBlock.ToolUse("t1", "get_weather", Json.parse("{\"city\":\"Oslo\"}"))), "tool_use",
                new TokenUsage(10, 5, 3, 2), new BigDecimal("0.0001"), false, 42, 3, Map.of());
        assertEquals(Json.parse("""
                {"output": {"message": {"role": "assistant", "content": [{"text": "Checking."},
                   {"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "Oslo"}}}]}},
                 "stopReason": "tool_use",
                 "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 20, "cacheReadInputTokens": 3,
                           "cacheWriteInputTokens": 2},
                 "metrics": {"latencyMs": 42}}
                """), Json.parse(Json.write(ConverseResponses.of(result))));
        ChatResult stopped = new ChatResult("req-2", "search", Instant.EPOCH, "m", "m", "id", "p",
                List.of(new ContentBlock.Text("alpha")), "stop_sequence", TokenUsage.ZERO, BigDecimal.ZERO, false, 1, 1, Map.of());
        assertEquals("stop_sequence", ConverseResponses.of(stopped).path("stopReason").asText());
    }

    @Test
    void an_error_bedrock_raised_keeps_bedrocks_own_type() {
        GatewayException quota = new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", null, "m")
                .withUpstreamType("ServiceQuotaExceededException");
        assertEquals("ServiceQuotaExceededException", ConverseResponses.errorType(quota));
        assertEquals("ServiceQuotaExceededException", ConverseResponses.errorType(quota.withHeaders(Map.of("x", "y"))));
    }

    @Test
    void inference_values_outside_bedrocks_ranges_are_validation_errors() {
        for (String cfg : new String[]{"{\"temperature\": 1.5}", "{\"topP\": -0.1}", "{\"maxTokens\": 0}",
                "{\"maxTokens\": 99999999}", "{\"stopSequences\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}"}) {
            GatewayException e = assertThrows(GatewayException.class, () -> parse(
                    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"inferenceConfig\":" + cfg + "}"), cfg);
            assertEquals(400, e.status(), cfg);
            assertTrue(e.param().startsWith("inferenceConfig."), e.param());
        }
        GatewayException unknown = assertThrows(GatewayException.class, () -> ConverseRequests.parse(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]}", "no-such-model", CATALOG));
        assertEquals("ResourceNotFoundException", ConverseResponses.errorType(unknown));
    }


    @Test
    void unsupported_blocks_and_fields_are_validation_errors_naming_the_field() {
        Map<String, String> cases = Map.of(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"},{\"image\":{\"format\":\"png\"}}]}]}",
                "messages[0].content[1].image",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"video\":{}}]}]}", "messages[0].content[0].video",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"toolConfig\":{\"tools\":[]}}", "toolConfig.tools",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"guardrailConfig\":{\"guardrailIdentifier\":\"g\"}}",
                "guardrailConfig",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"inferenceConfig\":{\"topK\":5}}",
                "inferenceConfig.topK",
                "{\"messages\":[{\"role\":\"system\",\"content\":[{\"text\":\"a\"}]}]}", "messages[0].role",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", "messages[0].content",
                "{\"messages\":[]}", "messages",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"inferenceConfig\":{\"maxTokens\":1.5}}",
                "inferenceConfig.maxTokens");
        cases.forEach((body, field) -> {
            GatewayException e = assertThrows(GatewayException.class, () -> parse(body), body);
            assertEquals(400, e.status());
            assertEquals(field, e.param(), body);
            assertTrue(e.getMessage().contains(field.substring(field.lastIndexOf('.') + 1)), e.getMessage());
            assertEquals("ValidationException", ConverseResponses.errorType(e));
        });
        assertThrows(GatewayException.class, () -> parse("{nope"));
    }

    private static final String TOOL_CONFIG = """
            "toolConfig": {"tools": [{"toolSpec": {"name": "get_weather", "description": "Weather for a city",
                                                  "inputSchema": {"json": {"type": "object",
                                                      "properties": {"city": {"type": "string"}}, "required": ["city"]}}}},
                                    {"cachePoint": {"type": "default"}},
                                    {"toolSpec": {"name": "get_time", "inputSchema": {"json": {"type": "object"}}}}],
                           "toolChoice": %s}
            """;


    @Test
    void malformed_tool_blocks_and_tool_config_are_validation_errors_naming_the_field() {
        String user = "{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]}";
        String use = "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{}}}]}";
        String tools = TOOL_CONFIG.formatted("null");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        // tool blocks without a toolConfig
        cases.put("{\"messages\":[" + user + "," + use + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\","
                + "\"content\":[{\"text\":\"r\"}]}}]}]}", "messages[1].content[0].toolUse");
        // a toolResult that answers no toolUse of the preceding assistant message
        cases.put("{\"messages\":[" + user + "," + use + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t9\","
                + "\"content\":[{\"text\":\"r\"}]}}]}]," + tools + "}", "messages[2].content[0].toolResult.toolUseId");
        cases.put("{\"messages\":[{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\","
                + "\"content\":[{\"text\":\"r\"}]}}]}]," + tools + "}", "messages[0].content[0].toolResult.toolUseId");
        // a toolUse left unanswered
        cases.put("{\"messages\":[" + user + "," + use + "," + user + "]," + tools + "}", "messages[2].content");
        cases.put("{\"messages\":[" + user + "," + use + "]," + tools + "}", "messages[1].content");
        // bad tool choices
        cases.put("{\"messages\":[" + user + "]," + TOOL_CONFIG.formatted("{\"none\":{}}") + "}", "toolConfig.toolChoice");
        cases.put("{\"messages\":[" + user + "]," + TOOL_CONFIG.formatted("{\"auto\":{},\"any\":{}}") + "}", "toolConfig.toolChoice");
        cases.put("{\"messages\":[" + user + "]," + TOOL_CONFIG.formatted("{\"tool\":{\"name\":\"nope\"}}") + "}",
                "toolConfig.toolChoice.tool.name");
        // bad tool specs
        cases.put("{\"messages\":[" + user + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get weather!\","
                + "\"inputSchema\":{\"json\":{}}}}]}}", "toolConfig.tools[0].toolSpec.name");
        cases.put("{\"messages\":[" + user + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\"}}]}}",
                "toolConfig.tools[0].toolSpec.inputSchema.json");
        cases.put("{\"messages\":[" + user + "],\"toolConfig\":{\"tools\":[{}]}}", "toolConfig.tools[0].toolSpec");
        cases.put("{\"messages\":[" + user + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\",\"inputSchema\":{\"json\":{}}}},"
                + "{\"toolSpec\":{\"name\":\"a\",\"inputSchema\":{\"json\":{}}}}]}}", "toolConfig.tools[1].toolSpec.name");
        // bad toolUse and toolResult blocks
        cases.put("{\"messages\":[" + user + ",{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\","
                + "\"name\":\"get_weather\",\"input\":\"city=Paris\"}}]}]," + tools + "}", "messages[1].content[0].toolUse.input");
        cases.put("{\"messages\":[" + user + ",{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t 1\","
                + "\"name\":\"get_weather\",\"input\":{}}}]}]," + tools + "}", "messages[1].content[0].toolUse.toolUseId");
        cases.put("{\"messages\":[{\"role\":\"user\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\","
                + "\"name\":\"get_weather\",\"input\":{}}}]}]," + tools + "}", "messages[0].content[0].toolUse");
        cases.put("{\"messages\":[" + user + "," + use + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\","
                + "\"content\":[{\"image\":{}}]}}]}]," + tools + "}", "messages[2].content[0].toolResult.content[0].image");
        cases.put("{\"messages\":[" + user + "," + use + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\","
                + "\"status\":\"failed\",\"content\":[{\"text\":\"r\"}]}}]}]," + tools + "}", "messages[2].content[0].toolResult.status");
        cases.forEach((body, field) -> {
            GatewayException e = assertThrows(GatewayException.class, () -> parse(body), body);
            assertEquals(400, e.status());
            assertEquals(field, e.param(), body);
            // the message quotes the field, or the block's place and its kind ("Content block 'image' at '...'")
            int dot = field.lastIndexOf('.');
            assertTrue(e.getMessage().contains("'" + field) || (e.getMessage().contains("'" + field.substring(0, dot) + "'")
                    && e.getMessage().contains("'" + field.substring(dot + 1) + "'")), e.getMessage());
            assertEquals("ValidationException", ConverseResponses.errorType(e));
        });
    }

    @Test
    void gateway_errors_map_to_the_bedrock_error_types_the_sdk_knows() {
        assertEquals("ThrottlingException", ConverseResponses.errorType(new GatewayException(429, "requests", "rate_limit_exceeded", null, "m")));
        assertEquals("ResourceNotFoundException", ConverseResponses.errorType(GatewayException.notFound("m", "model", "model_not_found")));
        assertEquals("AccessDeniedException", ConverseResponses.errorType(GatewayException.forbidden("m", "model_not_allowed")));
        assertEquals("ModelTimeoutException", ConverseResponses.errorType(GatewayException.upstream(504, "upstream_timeout", "m")));
        assertEquals("ServiceUnavailableException", ConverseResponses.errorType(GatewayException.upstream(503, "x", "m")));
        assertEquals("InternalServerException", ConverseResponses.errorType(GatewayException.upstream(502, "x", "m")));

        GatewayException budget = new GatewayException(429, "insufficient_quota", "budget_exceeded", null, "Budget used up.",
                Map.of("x-should-retry", "false"), null);
        ConverseResponses.Error e = ConverseResponses.error(budget);
        assertEquals(400, e.status()); // not retried by the SDK, unlike a 429
        assertEquals("ServiceQuotaExceededException", e.headers().get("x-amzn-ErrorType"));
        assertEquals("false", e.headers().get("x-should-retry"));
        assertEquals("{\"message\":\"Budget used up.\"}", Json.write(e.body()));
        assertFalse(e.body().has("error"));
    }

    private static GatewayException refused(String body) {
        GatewayException e = assertThrows(GatewayException.class, () -> parse(body), body);
        assertEquals(400, e.status(), body);
        assertEquals("ValidationException", ConverseResponses.errorType(e), body);
        return e;
    }

    private static String userTurn(String blocks) {
        return "{\"role\":\"user\",\"content\":[" + blocks + "]}";
    }

    @Test
    void a_block_with_more_than_one_member_is_refused_naming_it_as_bedrock_does() {
        String use = "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{}}}]}";
        String tools = TOOL_CONFIG.formatted("null");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"a\",\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"AA==\"}}}") + "]}",
                "messages[0].content[0]");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"a\"},{\"image\":{\"format\":\"png\"},\"cachePoint\":{\"type\":\"default\"}}") + "]}",
                "messages[0].content[1]");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"a\",\"guardContent\":{\"text\":{\"text\":\"b\"}}}") + "]}",
                "messages[0].content[0]");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"q\"}") + ",{\"role\":\"assistant\",\"content\":[{\"text\":\"a\","
                + "\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{}}}]}]," + tools + "}", "messages[1].content[0]");
        cases.put("{\"system\":[{\"text\":\"s\",\"cachePoint\":{\"type\":\"default\"}}],\"messages\":[" + userTurn("{\"text\":\"a\"}") + "]}",
                "system[0]");
        cases.put("{\"system\":[{\"text\":\"s\",\"guardContent\":{\"text\":{\"text\":\"b\"}}}],\"messages\":[" + userTurn("{\"text\":\"a\"}") + "]}",
                "system[0]");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"q\"}") + "," + use + "," + userTurn("{\"toolResult\":{\"toolUseId\":\"t1\","
                + "\"content\":[{\"text\":\"r\",\"json\":{\"a\":1}}]}}") + "]," + tools + "}", "messages[2].content[0].toolResult.content[0]");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"q\"}") + "," + use + "," + userTurn("{\"toolResult\":{\"toolUseId\":\"t1\","
                + "\"content\":[{\"text\":\"r\"}]},\"text\":\"and\"}") + "]," + tools + "}", "messages[2].content[0]");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"q\"}") + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\","
                + "\"inputSchema\":{\"json\":{}}},\"cachePoint\":{\"type\":\"default\"}}]}}", "toolConfig.tools[0]");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"q\"}") + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\","
                + "\"inputSchema\":{\"json\":{},\"other\":{}}}}]}}", "toolConfig.tools[0].toolSpec.inputSchema");
        cases.forEach((body, field) -> {
            GatewayException e = refused(body);
            assertEquals(field, e.param(), body);
            assertTrue(e.getMessage().contains("object at '" + field + "' must hold exactly one member; it holds 2 ("),
                    e.getMessage());
        });
        GatewayException text = refused("{\"messages\":[" + userTurn("{\"text\":\"a\",\"image\":{}}") + "]}");
        assertEquals("The ContentBlock object at 'messages[0].content[0]' must hold exactly one member; it holds 2 (text,"
                + " image).", text.getMessage());
        // a member name is echoed, bounded
        GatewayException longName = refused("{\"messages\":[" + userTurn("{\"text\":\"a\",\"" + "x".repeat(5000) + "\":1}") + "]}");
        assertTrue(longName.getMessage().length() < 400, longName.getMessage());
    }

    @Test
    void other_shapes_bedrock_refuses_are_refused_naming_the_field() {
        String ok = userTurn("{\"text\":\"a\"}");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"  \"}") + "]}", "messages[0].content[0].text");
        cases.put("{\"system\":[{\"text\":\"\"}],\"messages\":[" + ok + "]}", "system[0].text");
        cases.put("{\"messages\":[" + userTurn("") + "]}", "messages[0].content");
        cases.put("{\"messages\":[" + ok + "],\"inferenceconfig\":{\"maxTokens\":5}}", "inferenceconfig");
        cases.put("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}],\"name\":\"bob\"}]}", "messages[0].name");
        cases.put("{\"messages\":[{\"role\":[\"user\"],\"content\":[{\"text\":\"a\"}]}]}", "messages[0].role");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"a\"},{\"cachePoint\":{}}") + "]}", "messages[0].content[1].cachePoint.type");
        cases.put("{\"messages\":[" + userTurn("{\"text\":\"a\"},{\"cachePoint\":\"default\"}") + "]}", "messages[0].content[1].cachePoint");
        cases.put("{\"messages\":[" + ok + "],\"requestMetadata\":{\"app\":5}}", "requestMetadata.app");
        cases.put("{\"messages\":[" + ok + "],\"requestMetadata\":[\"app\"]}", "requestMetadata");
        cases.put("{\"messages\":[" + ok + "],\"performanceConfig\":{\"latency\":\"fast\"}}", "performanceConfig.latency");
        cases.put("{\"messages\":[" + ok + "],\"serviceTier\":{\"type\":\"flex\"}}", "serviceTier.type");
        cases.put("{\"messages\":[" + ok + "],\"outputConfig\":{\"textFormat\":{\"type\":\"json_schema\"}}}", "outputConfig");
        cases.put("{\"messages\":[" + ok + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\",\"inputSchema\":{\"json\":{}},"
                + "\"parameters\":{}}}]}}", "toolConfig.tools[0].toolSpec.parameters");
        cases.put("{\"messages\":[" + ok + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\",\"description\":\"\","
                + "\"inputSchema\":{\"json\":{}}}}]}}", "toolConfig.tools[0].toolSpec.description");
        cases.put("{\"messages\":[" + ok + "],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\",\"strict\":true,"
                + "\"inputSchema\":{\"json\":{}}}}]}}", "toolConfig.tools[0].toolSpec.strict");
        cases.put("{\"messages\":[" + ok + "],\"toolConfig\":{\"tools\":[{\"systemTool\":{\"name\":\"web\"}}]}}",
                "toolConfig.tools[0].systemTool");
        cases.put("{\"messages\":[" + ok + ",{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\","
                + "\"name\":\"get_weather\",\"input\":{},\"type\":\"server_tool_use\"}}]}]," + TOOL_CONFIG.formatted("null") + "}",
                "messages[1].content[0].toolUse.type");
        cases.forEach((body, field) -> assertEquals(field, refused(body).param(), body));
        assertEquals("The text field in the ContentBlock object at 'messages[0].content[0]' is blank. Add text to the"
                + " text field, and try again.", refused("{\"messages\":[" + userTurn("{\"text\":\"\"}") + "]}").getMessage());

        // what Bedrock takes still passes: hints that change no answer, the default tier, strict false
        ChatRequest r = parse("{\"messages\":[" + userTurn("{\"text\":\"a\"},{\"cachePoint\":{\"type\":\"default\",\"ttl\":\"5m\"}}")
                + "],\"requestMetadata\":{\"app\":\"x\"},\"performanceConfig\":{\"latency\":\"optimized\"},"
                + "\"serviceTier\":{\"type\":\"default\"},\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"a\",\"strict\":false,"
                + "\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}]}}");
        assertEquals(List.of(ModelMessage.ofTexts(ModelMessage.Role.USER, List.of("a"))), r.messages());
        assertEquals(1, r.tools().tools().size());
    }

    @Test
    void a_model_id_may_be_a_bedrock_arn_of_a_foundation_model_or_inference_profile() {
        String body = "{\"messages\":[" + userTurn("{\"text\":\"a\"}") + "]}";
        for (String arn : List.of("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.test.model-v1:0",
                "arn:aws:bedrock:eu-west-3:123456789012:inference-profile/eu.test.model-v1:0",
                "arn:aws:bedrock:us-east-1::foundation-model/test.model-v1:0",
                "arn:aws:bedrock:us-west-2:123456789012:foundation-model/test.model-v1:0")) {
            ChatRequest r = ConverseRequests.parse(body, arn, CATALOG);
            assertEquals("test-model", r.model().name(), arn);
            assertEquals(arn, r.requestedModel());
        }
        // well-formed but naming nothing the catalog offers: Bedrock's 404
        for (String arn : List.of("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.no.such-v1:0",
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
                "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/test.model-v1:0", "test-model/extra")) {
            GatewayException e = assertThrows(GatewayException.class, () -> ConverseRequests.parse(body, arn, CATALOG), arn);
            assertEquals(404, e.status(), arn);
            assertEquals("ResourceNotFoundException", ConverseResponses.errorType(e), arn);
            assertTrue(e.getMessage().contains(arn), e.getMessage());
        }
        // malformed: Bedrock's 400
        for (String arn : List.of("arn:aws:s3:us-east-1:123456789012:inference-profile/us.test.model-v1:0",
                "arn:aws:bedrock:us-east-1::inference-profile/us.test.model-v1:0",
                "arn:aws:bedrock:us-east-1:1234:inference-profile/us.test.model-v1:0",
                "arn:aws:bedrock:nowhere:123456789012:inference-profile/us.test.model-v1:0",
                "arn:aws:bedrock:us-east-1:123456789012:knowledge-base/us.test.model-v1:0",
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/a/b", "arn:" + "x".repeat(3000))) {
            GatewayException e = assertThrows(GatewayException.class, () -> ConverseRequests.parse(body, arn, CATALOG), arn);
            assertEquals(400, e.status(), arn);
            assertEquals("modelId", e.param());
            assertTrue(e.getMessage().startsWith("The provided model identifier is invalid."), e.getMessage());
            assertTrue(e.getMessage().length() < 300, e.getMessage());
        }
        GatewayException longId = assertThrows(GatewayException.class,
                () -> ConverseRequests.parse(body, "m".repeat(2000), CATALOG));
        assertTrue(longId.getMessage().length() < 300, longId.getMessage());
    }

    @Test
    void the_path_under_model_names_the_model_and_the_operation() {
        record Case(Map<String, String> params, String modelId, String operation) {
        }
        for (Case c : List.of(
                new Case(Map.of("modelId", "amazon.nova-micro-v1%3A0"), "amazon.nova-micro-v1:0", "converse"),
                new Case(Map.of("proxy", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0/converse"),
                        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0", "converse"),
                new Case(Map.of("proxy", "nova-micro/converse-stream"), "nova-micro", "converse-stream"),
                new Case(Map.of("proxy", "nova-micro/invoke/"), "nova-micro", "invoke"),
                new Case(Map.of("proxy", "nova-micro"), "nova-micro", ""))) {
            com.llmgateway.core.http.ApiRequest request = new com.llmgateway.core.http.ApiRequest("ANY /model/{proxy+}", "POST",
                    "/model/x", "", Map.of(), Map.of(), c.params(), "", "req-1", "127.0.0.1", 0, Map.of());
            ConverseService.ModelPath path = ConverseService.ModelPath.of(request);
            assertEquals(c.modelId(), path.modelId(), c.toString());
            assertEquals(c.operation(), path.operation(), c.toString());
        }
    }

    @Test
    void a_still_encoded_model_id_is_decoded_once() {
        assertEquals("amazon.nova-micro-v1:0", ConverseService.decode("amazon.nova-micro-v1%3A0"));
        assertEquals("nova-micro", ConverseService.decode("nova-micro"));
        assertEquals("bad%zz", ConverseService.decode("bad%zz"));
    }
}
