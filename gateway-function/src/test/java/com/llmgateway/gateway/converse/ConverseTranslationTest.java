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
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"toolResult\":{}}]}]}", "messages[0].content[0].toolResult",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"toolConfig\":{\"tools\":[]}}", "toolConfig",
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
