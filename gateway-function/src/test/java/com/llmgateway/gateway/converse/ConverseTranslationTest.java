package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Converse request and response JSON to and from the chat pipeline's OpenAI shapes. */
class ConverseTranslationTest {

    @Test
    void a_converse_request_becomes_an_openai_chat_body() {
        JsonNode chat = ConverseRequests.toChatBody("""
                {"system": [{"text": "Be brief."}, {"cachePoint": {"type": "default"}}, {"text": "Use French."}],
                 "messages": [{"role": "user", "content": [{"text": "Bonjour"}, {"text": "ça va ?"}]},
                              {"role": "assistant", "content": [{"text": "Oui."}]},
                              {"role": "user", "content": [{"text": "Et toi ?"}, {"cachePoint": {"type": "default"}}]}],
                 "inferenceConfig": {"maxTokens": 100, "temperature": 0.5, "topP": 0.9, "stopSequences": ["END"]},
                 "requestMetadata": {"app": "x"}}
                """, "nova-micro");
        assertEquals(Json.parse("""
                {"model": "nova-micro",
                 "messages": [{"role": "system", "content": "Be brief.\\n\\nUse French."},
                              {"role": "user", "content": [{"type": "text", "text": "Bonjour"}, {"type": "text", "text": "ça va ?"}]},
                              {"role": "assistant", "content": [{"type": "text", "text": "Oui."}]},
                              {"role": "user", "content": [{"type": "text", "text": "Et toi ?"}]}],
                 "max_tokens": 100, "temperature": 0.5, "top_p": 0.9, "stop": ["END"]}
                """), chat);
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
            GatewayException e = assertThrows(GatewayException.class, () -> ConverseRequests.toChatBody(body, "nova-micro"), body);
            assertEquals(400, e.status());
            assertEquals(field, e.param(), body);
            assertTrue(e.getMessage().contains(field.substring(field.lastIndexOf('.') + 1)), e.getMessage());
            assertEquals("ValidationException", ConverseResponses.errorType(e));
        });
        assertThrows(GatewayException.class, () -> ConverseRequests.toChatBody("{nope", "nova-micro"));
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
    void tool_config_becomes_openai_tools_and_each_tool_choice_maps() {
        JsonNode chat = ConverseRequests.toChatBody("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Weather?\"}]}],"
                + TOOL_CONFIG.formatted("{\"auto\": {}}") + "}", "nova-micro");
        assertEquals(Json.parse("""
                [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
                 {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}]
                """), chat.get("tools"));
        assertEquals("auto", chat.get("tool_choice").asText());

        assertEquals("required", toolChoiceOf("{\"any\": {}}").asText());
        assertEquals(Json.parse("{\"type\": \"function\", \"function\": {\"name\": \"get_time\"}}"),
                toolChoiceOf("{\"tool\": {\"name\": \"get_time\"}}"));
        assertFalse(ConverseRequests.toChatBody("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}],"
                + TOOL_CONFIG.formatted("null") + "}", "nova-micro").has("tool_choice"));
    }

    private static JsonNode toolChoiceOf(String choice) {
        return ConverseRequests.toChatBody("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}],"
                + TOOL_CONFIG.formatted(choice) + "}", "nova-micro").get("tool_choice");
    }

    @Test
    void tool_use_and_tool_result_blocks_become_tool_calls_and_tool_messages_in_openai_order() {
        JsonNode chat = ConverseRequests.toChatBody("""
                {"messages": [
                   {"role": "user", "content": [{"text": "Weather and time in Paris?"}]},
                   {"role": "assistant", "content": [{"text": "Let me check."},
                       {"toolUse": {"toolUseId": "tooluse_1", "name": "get_weather", "input": {"city": "Paris", "days": [1, 2]}}},
                       {"toolUse": {"toolUseId": "tooluse_2", "name": "get_time", "input": {}}}]},
                   {"role": "user", "content": [{"text": "Thanks!"},
                       {"toolResult": {"toolUseId": "tooluse_2", "content": [{"json": {"time": "10:00"}}]}},
                       {"toolResult": {"toolUseId": "tooluse_1", "status": "error", "content": [{"text": "no data"}, {"text": "retry"}]}}]}],
                """ + TOOL_CONFIG.formatted("{\"auto\": {}}") + "}", "nova-micro");
        assertEquals(Json.parse("""
                [{"role": "user", "content": [{"type": "text", "text": "Weather and time in Paris?"}]},
                 {"role": "assistant", "content": [{"type": "text", "text": "Let me check."}],
                  "tool_calls": [{"id": "tooluse_1", "type": "function",
                                  "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\",\\"days\\":[1,2]}"}},
                                 {"id": "tooluse_2", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]},
                 {"role": "tool", "tool_call_id": "tooluse_2", "content": [{"type": "text", "text": "{\\"time\\":\\"10:00\\"}"}]},
                 {"role": "tool", "tool_call_id": "tooluse_1",
                  "content": [{"type": "text", "text": "Error: no data"}, {"type": "text", "text": "retry"}]},
                 {"role": "user", "content": [{"type": "text", "text": "Thanks!"}]}]
                """), chat.get("messages"));

        JsonNode callsOnly = ConverseRequests.toChatBody("""
                {"messages": [{"role": "user", "content": [{"text": "Weather?"}]},
                   {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "Oslo"}}}]},
                   {"role": "user", "content": [{"toolResult": {"toolUseId": "t1", "content": [{"text": "-3 C"}]}}]}],
                """ + TOOL_CONFIG.formatted("null") + "}", "nova-micro").get("messages");
        assertEquals(3, callsOnly.size());
        assertTrue(callsOnly.get(1).get("content").isNull());
        assertEquals("tool", callsOnly.get(2).path("role").asText());
    }

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
            GatewayException e = assertThrows(GatewayException.class, () -> ConverseRequests.toChatBody(body, "nova-micro"), body);
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
    void a_completion_with_tool_calls_becomes_tool_use_blocks_with_stop_reason_tool_use() {
        JsonNode converse = ConverseResponses.fromCompletion(Json.parse("""
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Checking.",
                   "tool_calls": [{"id": "tooluse_1", "type": "function",
                                   "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\",\\"n\\":2}"}},
                                  {"id": "tooluse_2", "type": "function", "function": {"name": "get_time", "arguments": ""}}]},
                   "finish_reason": "tool_calls"}],
                 "usage": {"prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35},
                 "gateway_metadata": {"latency_ms": 7}}
                """));
        assertEquals(Json.parse("""
                {"role": "assistant", "content": [{"text": "Checking."},
                  {"toolUse": {"toolUseId": "tooluse_1", "name": "get_weather", "input": {"city": "Paris", "n": 2}}},
                  {"toolUse": {"toolUseId": "tooluse_2", "name": "get_time", "input": {}}}]}
                """), converse.path("output").path("message"));
        assertEquals("tool_use", converse.path("stopReason").asText());

        JsonNode callsOnly = ConverseResponses.fromCompletion(Json.parse("""
                {"choices": [{"message": {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "t", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                   "finish_reason": "tool_calls"}], "usage": {}}
                """));
        assertEquals(1, callsOnly.at("/output/message/content").size());
        assertTrue(callsOnly.at("/output/message/content/0").has("toolUse"));
    }

    @Test
    void bedrocks_own_stop_reason_wins_over_the_finish_reason_mapping() {
        String completion = """
                {"choices": [{"message": {"role": "assistant", "content": "Echo"}, "finish_reason": "stop"}],
                 "usage": {}, "gateway_metadata": {"latency_ms": 1%s}}
                """;
        assertEquals("stop_sequence", ConverseResponses.fromCompletion(
                Json.parse(completion.formatted(", \"stop_reason\": \"stop_sequence\""))).path("stopReason").asText());
        assertEquals("end_turn", ConverseResponses.fromCompletion(Json.parse(completion.formatted(""))).path("stopReason").asText());
    }

    @Test
    void a_chat_completion_becomes_bedrocks_converse_response() {
        JsonNode converse = ConverseResponses.fromCompletion(Json.parse("""
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "nova-micro",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi!"}, "finish_reason": "length"}],
                 "usage": {"prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35,
                           "prompt_tokens_details": {"cached_tokens": 10}},
                 "gateway_metadata": {"latency_ms": 42, "cost_usd": 0.0001}}
                """));
        // compared as text: the numbers are longs here and ints when parsed
        assertEquals(Json.write(Json.parse("""
                {"output": {"message": {"role": "assistant", "content": [{"text": "Hi!"}]}},
                 "stopReason": "max_tokens",
                 "usage": {"inputTokens": 20, "outputTokens": 5, "totalTokens": 35, "cacheReadInputTokens": 10},
                 "metrics": {"latencyMs": 42}}
                """)), Json.write(converse));
        assertEquals("end_turn", ConverseResponses.stopReason("stop"));
        assertEquals("tool_use", ConverseResponses.stopReason("tool_calls"));
        assertEquals("content_filtered", ConverseResponses.stopReason("content_filter"));
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

    @Test
    void a_still_encoded_model_id_is_decoded_once() {
        assertEquals("amazon.nova-micro-v1:0", ConverseService.decode("amazon.nova-micro-v1%3A0"));
        assertEquals("nova-micro", ConverseService.decode("nova-micro"));
        assertEquals("bad%zz", ConverseService.decode("bad%zz"));
    }
}
