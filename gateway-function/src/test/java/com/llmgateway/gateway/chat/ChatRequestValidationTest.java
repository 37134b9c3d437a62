package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.testing.Callers;
import com.llmgateway.gateway.testing.FakeModelClient;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Malformed chat bodies: each a 4xx in OpenAI's error shape naming the parameter, before any call. */
class ChatRequestValidationTest {

    private static final String USER = "[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final FakeModelClient models = new FakeModelClient();
    private final RecordingMetering metering = new RecordingMetering();
    private final ChatCompletions service = new ChatCompletions(new ChatService(models, metering, metering,
            new ResponseCache(new InMemoryResponseCacheStore()), new TokenEstimator(), 64 * 1024, 3600, Clock.systemUTC()), TestCatalog.catalog());

    /** A body with test-model, one user message and the given extra fields. */
    /** 2^64 + 1: Jackson's asLong() reads it as 1. */
    static final String TWO_TO_64_PLUS_1 = "18446744073709551617";

    private static String with(String extra) {
        return "{\"model\":\"test-model\",\"messages\":" + USER + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String messages(String messages) {
        return "{\"model\":\"test-model\",\"messages\":" + messages + "}";
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // body and JSON
                arguments("empty body", "", 400, null, "invalid_json"),
                arguments("not JSON", "model=nova-micro", 400, null, "invalid_json"),
                arguments("truncated JSON", "{\"model\":\"test-model\",\"messages\":[", 400, null, "invalid_json"),
                arguments("JSON array", "[]", 400, null, "invalid_json"),
                arguments("JSON string", "\"hello\"", 400, null, "invalid_json"),
                arguments("trailing garbage", with("") + " x", 400, null, "invalid_json"),
                arguments("nesting too deep", "{\"model\":\"test-model\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                        400, null, "invalid_json"),
                // model
                arguments("no model", "{\"messages\":" + USER + "}", 400, "model", "missing_required_parameter"),
                arguments("null model", "{\"model\":null,\"messages\":" + USER + "}", 400, "model", "missing_required_parameter"),
                arguments("model a number", "{\"model\":42,\"messages\":" + USER + "}", 400, "model", "invalid_type"),
                arguments("model blank", "{\"model\":\"  \",\"messages\":" + USER + "}", 400, "model", "invalid_type"),
                arguments("unknown model", "{\"model\":\"gpt-9-ultra\",\"messages\":" + USER + "}", 404, "model", "model_not_found"),
                // messages
                arguments("no messages", "{\"model\":\"test-model\"}", 400, "messages", "missing_required_parameter"),
                arguments("messages a string", messages("\"hi\""), 400, "messages", "invalid_type"),
                arguments("messages empty", messages("[]"), 400, "messages", "empty_array"),
                arguments("message a string", messages("[\"hi\"]"), 400, "messages[0]", "invalid_type"),
                arguments("message null", messages("[null]"), 400, "messages[0]", "invalid_type"),
                arguments("no role", messages("[{\"content\":\"hi\"}]"), 400, "messages[0].role", "missing_required_parameter"),
                arguments("role a number", messages("[{\"role\":7,\"content\":\"hi\"}]"), 400, "messages[0].role", "invalid_type"),
                arguments("unknown role", messages("[{\"role\":\"robot\",\"content\":\"hi\"}]"), 400, "messages[0].role", "invalid_value"),
                arguments("function role", messages("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"function\",\"content\":\"42\",\"name\":\"f\"}]"),
                        400, "messages[1].role", "unsupported_parameter"),
                arguments("no content", messages("[{\"role\":\"user\"}]"), 400, "messages[0].content", "missing_required_parameter"),
                arguments("content a number", messages("[{\"role\":\"user\",\"content\":42}]"), 400, "messages[0].content", "invalid_type"),
                arguments("content an object", messages("[{\"role\":\"user\",\"content\":{\"text\":\"hi\"}}]"), 400, "messages[0].content", "invalid_type"),
                arguments("content empty", messages("[{\"role\":\"user\",\"content\":\"  \"}]"), 400, "messages[0].content", "invalid_value"),
                arguments("content parts empty", messages("[{\"role\":\"user\",\"content\":[]}]"), 400, "messages[0].content", "invalid_value"),
                arguments("content part a string", messages("[{\"role\":\"user\",\"content\":[\"hi\"]}]"), 400, "messages[0].content[0]", "invalid_type"),
                arguments("content part without type", messages("[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]"),
                        400, "messages[0].content[0].type", "invalid_type"),
                arguments("image part", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]"),
                        400, "messages[0].content[0].type", "unsupported_parameter"),
                arguments("text part without text", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]"),
                        400, "messages[0].content[0].text", "invalid_type"),
                arguments("only a system message", messages("[{\"role\":\"system\",\"content\":\"be brief\"}]"), 400, "messages", "invalid_value"),
                arguments("assistant first", messages("[{\"role\":\"assistant\",\"content\":\"hello\"},{\"role\":\"user\",\"content\":\"hi\"}]"),
                        400, "messages", "invalid_value"),
                arguments("assistant tool calls", messages("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"x\",\"tool_calls\":[{\"id\":\"c1\"}]}]"),
                        400, "messages[1].tool_calls[0].type", "missing_required_parameter"),
                // sampling
                arguments("temperature above 2", with("\"temperature\":2.5"), 400, "temperature", "invalid_value"),
                arguments("temperature negative", with("\"temperature\":-0.1"), 400, "temperature", "invalid_value"),
                arguments("temperature a string", with("\"temperature\":\"hot\""), 400, "temperature", "invalid_type"),
                arguments("top_p above 1", with("\"top_p\":1.5"), 400, "top_p", "invalid_value"),
                arguments("top_p a boolean", with("\"top_p\":true"), 400, "top_p", "invalid_type"),
                arguments("presence_penalty out of range", with("\"presence_penalty\":3"), 400, "presence_penalty", "invalid_value"),
                arguments("seed a string", with("\"seed\":\"abc\""), 400, "seed", "invalid_type"),
                // output limits
                arguments("max_tokens zero", with("\"max_tokens\":0"), 400, "max_tokens", "invalid_value"),
                arguments("max_tokens negative", with("\"max_tokens\":-5"), 400, "max_tokens", "invalid_value"),
                arguments("max_tokens over the model's maximum", with("\"max_tokens\":4097"), 400, "max_tokens", "invalid_value"),
                arguments("max_tokens a fraction", with("\"max_tokens\":1.5"), 400, "max_tokens", "invalid_type"),
                arguments("max_tokens a string", with("\"max_tokens\":\"100\""), 400, "max_tokens", "invalid_type"),
                arguments("max_completion_tokens huge", with("\"max_completion_tokens\":99999999999"), 400, "max_completion_tokens", "invalid_value"),
                // stop, user, n
                arguments("five stop sequences", with("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), 400, "stop", "invalid_value"),
                arguments("stop a number", with("\"stop\":42"), 400, "stop", "invalid_type"),
                arguments("stop holds a number", with("\"stop\":[1]"), 400, "stop", "invalid_type"),
                arguments("stop empty string", with("\"stop\":\"\""), 400, "stop", "invalid_value"),
                arguments("user a number", with("\"user\":123"), 400, "user", "invalid_type"),
                arguments("n of 2", with("\"n\":2"), 400, "n", "unsupported_parameter"),
                arguments("n a string", with("\"n\":\"1\""), 400, "n", "invalid_type"),
                // streaming and tools (more in ToolRequestValidationTest and ChatStreamTest)
                arguments("stream a string", with("\"stream\":\"yes\""), 400, "stream", "invalid_type"),
                arguments("tools on a model without tool support", with("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]"),
                        400, "tools", "tools_not_supported"),
                arguments("tool_choice without tools", with("\"tool_choice\":\"auto\""), 400, "tool_choice", "invalid_value"),
                arguments("legacy functions", with("\"functions\":[{\"name\":\"f\"}]"), 400, "functions", "unsupported_parameter"),
                // not supported
                arguments("logprobs", with("\"logprobs\":true"), 400, "logprobs", "unsupported_parameter"),
                arguments("logit_bias", with("\"logit_bias\":{\"50256\":-100}"), 400, "logit_bias", "unsupported_parameter"),
                arguments("json response format", with("\"response_format\":{\"type\":\"json_object\"}"), 400, "response_format", "unsupported_parameter"),
                arguments("audio", with("\"audio\":{\"voice\":\"alloy\",\"format\":\"mp3\"}"), 400, "audio", "unsupported_parameter"),
                // integers beyond their range, beyond 64 bits too: never read modulo 2^64
                arguments("n 2^64 + 1 (1 modulo 2^64)", with("\"n\":" + TWO_TO_64_PLUS_1), 400, "n", "invalid_value"),
                arguments("n 0", with("\"n\":0"), 400, "n", "invalid_value"),
                arguments("n 129", with("\"n\":129"), 400, "n", "invalid_value"),
                arguments("n negative beyond 64 bits", with("\"n\":-" + TWO_TO_64_PLUS_1), 400, "n", "invalid_value"),
                arguments("seed beyond 64 bits", with("\"seed\":" + TWO_TO_64_PLUS_1), 400, "seed", "invalid_value"),
                arguments("seed 2^63", with("\"seed\":9223372036854775808"), 400, "seed", "invalid_value"),
                arguments("max_tokens beyond 64 bits", with("\"max_tokens\":" + TWO_TO_64_PLUS_1), 400, "max_tokens", "invalid_value"),
                arguments("max_tokens 2^32 + 1 (1 modulo 2^32)", with("\"max_tokens\":4294967297"), 400, "max_tokens", "invalid_value"),
                arguments("max_completion_tokens beyond 64 bits", with("\"max_completion_tokens\":" + TWO_TO_64_PLUS_1), 400,
                        "max_completion_tokens", "invalid_value"),
                arguments("top_logprobs beyond 64 bits", with("\"top_logprobs\":" + TWO_TO_64_PLUS_1), 400, "top_logprobs", "invalid_value"),
                arguments("top_logprobs 21", with("\"top_logprobs\":21"), 400, "top_logprobs", "invalid_value"),
                arguments("top_logprobs a string", with("\"top_logprobs\":\"5\""), 400, "top_logprobs", "invalid_type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_body_with_openai_error_naming_the_param_before_any_call(
            String name, String body, int status, String param, String code) {
        GatewayException e = assertThrows(GatewayException.class, () -> service.complete(body, Callers.invoker(), "req-1"));

        assertEquals(status, e.status(), name);
        assertEquals(param, e.param(), name);
        assertEquals(code, e.code(), name);
        JsonNode error = Json.parse(ApiResponse.error(e).body()).get("error");
        assertEquals(List.of("message", "type", "param", "code"), fieldNames(error));
        assertEquals("invalid_request_error", error.get("type").asText());
        assertFalse(error.get("message").asText().isBlank());
        assertTrue(models.calls.isEmpty(), "no model call");
        assertTrue(metering.admitted.isEmpty(), "validation runs before admission");
        assertEquals(1, metering.outcomes.size(), "the refused request is recorded once");
        assertEquals(status, metering.outcomes.get(0).statusCode());
        assertNull(metering.outcomes.get(0).admission());
        assertEquals(0, java.math.BigDecimal.ZERO.compareTo(metering.outcomes.get(0).costUsd()));
    }

    @Test
    void table_holds_at_least_twenty_five_cases() {
        assertTrue(malformed().count() >= 25);
    }

    @Test
    void rejects_a_body_over_the_limit_with_413() {
        ChatCompletions small = new ChatCompletions(new ChatService(models, metering, metering,
                new ResponseCache(new InMemoryResponseCacheStore()), new TokenEstimator(), 1024, 3600, Clock.systemUTC()), TestCatalog.catalog());
        String body = messages("[{\"role\":\"user\",\"content\":\"" + "x".repeat(2000) + "\"}]");

        GatewayException e = assertThrows(GatewayException.class, () -> small.complete(body, Callers.invoker(), "req-1"));

        assertEquals(413, e.status());
        assertEquals("request_too_large", e.code());
        assertTrue(e.getMessage().contains("1024"));
        assertTrue(models.calls.isEmpty());
    }

    @Test
    void unknown_model_error_points_at_the_model_list() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> service.complete("{\"model\":\"gpt-9\",\"messages\":" + USER + "}", Callers.invoker(), "r"));

        assertTrue(e.getMessage().contains("GET /v1/models"), e.getMessage());
        assertTrue(e.getMessage().contains("'gpt-9'"));
    }

    @Test
    void seed_accepts_the_whole_64_bit_range_and_n_one() {
        assertEquals(200, service.complete(with("\"seed\":-9223372036854775808,\"n\":1"), Callers.invoker(), "r").statusCode());
        assertEquals(200, service.complete(with("\"seed\":9223372036854775807"), Callers.invoker(), "r2").statusCode());
    }

    @Test
    void echoes_of_caller_input_are_cut() {
        String huge = "m".repeat(10_000);
        for (String body : List.of("{\"model\":\"" + huge + "\",\"messages\":" + USER + "}",
                messages("[{\"role\":\"" + huge + "\",\"content\":\"x\"}]"),
                messages("[{\"role\":\"user\",\"content\":[{\"type\":\"" + huge + "\"}]}]"),
                with("\"max_tokens\":" + "9".repeat(999)),
                with("\"temperature\":" + "9".repeat(999)),
                with("\"n\":" + "9".repeat(999)))) {
            GatewayException e = assertThrows(GatewayException.class, () -> service.complete(body, Callers.invoker(), "r"));
            String rendered = ApiResponse.error(e).body();
            assertTrue(rendered.length() < 400, rendered);
            assertTrue(rendered.contains("…"), rendered);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
