package com.llmgateway.gateway.chat;

import java.math.BigDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.gateway.testing.Callers;
import com.llmgateway.gateway.testing.FakeModelClient;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** stream: true answers the same completion as OpenAI chat.completion.chunk server-sent events. */
class ChatStreamTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final String TEXT = "The quick brown fox jumps over the lazy dog.  It was  a sunny day in the\nold town, and everyone cheered.";

    private final FakeModelClient models = new FakeModelClient().answering(TEXT, "end_turn", new TokenUsage(12, 20));
    private final RecordingMetering metering = new RecordingMetering();
    private final ChatCompletions service = new ChatCompletions(new ChatService(models, metering, metering,
            new ResponseCache(new InMemoryResponseCacheStore()), new TokenEstimator(), 64 * 1024, 3600,
            Clock.fixed(NOW, ZoneOffset.UTC)), TestCatalog.catalog());

    /** The route's answer as the buffered HTTP API path delivers it (a stream run into a buffer). */
    private ApiResponse complete(String body, com.llmgateway.core.http.CallerContext caller, String id, String cacheControl) {
        ApiResponse r = service.complete(body, caller, id, cacheControl);
        return r.streamed() == null ? r : com.llmgateway.core.http.LambdaHttp.buffer(r);
    }

    private ApiResponse complete(String body, com.llmgateway.core.http.CallerContext caller, String id) {
        return complete(body, caller, id, null);
    }

    private static String body(String extra) {
        return "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me.\"}]" + extra + "}";
    }

    /** The JSON of each data event before [DONE]; asserts the framing. */
    static List<JsonNode> events(String sse) {
        assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
        List<JsonNode> out = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            assertTrue(event.startsWith("data: "), event);
            String data = event.substring("data: ".length());
            if (!data.equals("[DONE]")) {
                out.add(Json.parse(data));
            }
        }
        return out;
    }

    @Test
    void streams_role_content_and_finish_chunks_then_done_with_stream_headers() {
        ApiResponse r = complete(body(",\"stream\":true"), Callers.invoker(), "req-1", "no-store");

        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().get("content-type"));
        assertEquals("no-cache", r.headers().get("cache-control"));
        // A stream's headers leave before its cost is known: the cost rides on the last chunk.
        assertNull(r.headers().get("x-gateway-cost-usd"));
        RecordingMetering.HEADERS.forEach((k, v) -> assertEquals(v, r.headers().get(k), k));
        List<JsonNode> chunks = events(r.body());
        String id = chunks.get(0).get("id").asText();
        assertTrue(id.startsWith("chatcmpl-"));
        for (JsonNode c : chunks) {
            assertEquals(id, c.get("id").asText());
            assertEquals("chat.completion.chunk", c.get("object").asText());
            assertEquals(NOW.getEpochSecond(), c.get("created").asLong());
            assertEquals("test-model", c.get("model").asText());
            assertFalse(c.has("usage"), "no usage field without include_usage");
        }
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks.subList(1, chunks.size() - 1)) {
            assertTrue(c.at("/choices/0/finish_reason").isNull());
            text.append(c.at("/choices/0/delta/content").asText());
        }
        assertEquals(TEXT, text.toString(), "the deltas add up to the text exactly");
        assertTrue(chunks.size() - 2 >= 3, "the text arrives in several deltas");
        JsonNode last = chunks.get(chunks.size() - 1);
        assertEquals("stop", last.at("/choices/0/finish_reason").asText());
        assertTrue(last.at("/choices/0/delta").isEmpty());
        assertEquals("search", last.at("/gateway_metadata/team_id").asText(), "gateway_metadata rides on the last chunk");
        assertEquals("0.0000736", new BigDecimal(last.at("/gateway_metadata/cost_usd").asText()).toPlainString());
    }

    @Test
    void adds_a_usage_chunk_when_asked() {
        ApiResponse r = complete(body(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                Callers.invoker(), "req-1");

        List<JsonNode> chunks = events(r.body());
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertTrue(usage.get("choices").isArray() && usage.get("choices").isEmpty());
        assertEquals(12, usage.at("/usage/prompt_tokens").asLong());
        assertEquals(20, usage.at("/usage/completion_tokens").asLong());
        assertEquals(32, usage.at("/usage/total_tokens").asLong());
        assertTrue(usage.has("gateway_metadata"));
        for (JsonNode c : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(c.get("usage").isNull(), "earlier chunks carry usage: null, as OpenAI's do");
            assertFalse(c.has("gateway_metadata"));
        }
        assertEquals("stop", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
    }

    @Test
    void records_exactly_what_the_unstreamed_request_records() {
        complete(body(""), Callers.invoker(), "plain", "no-store");
        complete(body(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), Callers.invoker(), "streamed", "no-store");

        Outcome plain = metering.outcomes.get(0);
        Outcome streamed = metering.outcomes.get(1);
        assertEquals(plain.usage(), streamed.usage());
        assertEquals(0, plain.costUsd().compareTo(streamed.costUsd()));
        assertEquals(plain.route(), streamed.route());
        assertEquals(plain.statusCode(), streamed.statusCode());
        assertEquals(plain.cached(), streamed.cached());
        assertEquals(metering.admitted.get(0).estimatedInputTokens(), metering.admitted.get(1).estimatedInputTokens());
        assertEquals(models.calls.get(0), models.calls.get(1), "the same Converse call either way");
    }

    @Test
    void streams_tool_calls_as_tool_call_deltas() {
        models.answering(new ModelResult(List.of(new ContentBlock.ToolUse("tooluse_1", "get_weather",
                Json.parse("{\"city\":\"Paris\"}"))), "tool_use", new TokenUsage(30, 8), 5));
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}],\"stream\":true";

        ApiResponse r = complete(body(tools).replace("test-model", "test-claude"), Callers.invoker(), "req-1");

        List<JsonNode> chunks = events(r.body());
        assertEquals(4, chunks.size(), "role, the tool call's start, its arguments, finish");
        JsonNode call = chunks.get(1).at("/choices/0/delta/tool_calls/0");
        assertEquals(0, call.get("index").asInt());
        assertEquals("tooluse_1", call.get("id").asText());
        assertEquals("function", call.get("type").asText());
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals("", call.at("/function/arguments").asText());
        JsonNode args = chunks.get(2).at("/choices/0/delta/tool_calls/0");
        assertEquals(0, args.get("index").asInt());
        assertFalse(args.has("id"), "later deltas carry the index and the arguments only, as OpenAI's do");
        assertEquals("{\"city\":\"Paris\"}", args.at("/function/arguments").asText());
        assertEquals("tool_calls", chunks.get(3).at("/choices/0/finish_reason").asText());
    }

    @Test
    void a_cache_hit_can_be_streamed() {
        ApiResponse plain = complete(body(""), Callers.invoker(), "r1");
        ApiResponse streamed = complete(body(",\"stream\":true"), Callers.invoker(), "r2");

        assertEquals("MISS", plain.headers().get("x-gateway-cache"));
        assertEquals("HIT", streamed.headers().get("x-gateway-cache"));
        assertEquals(1, models.calls.size());
        StringBuilder text = new StringBuilder();
        List<JsonNode> chunks = events(streamed.body());
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        assertEquals(TEXT, text.toString());
        JsonNode last = chunks.get(chunks.size() - 1);
        assertTrue(last.at("/gateway_metadata/cached").asBoolean());
        assertEquals(0, new BigDecimal(last.at("/gateway_metadata/cost_usd").asText()).signum());
    }

    @Test
    void errors_before_the_stream_are_ordinary_json_errors() {
        ApiResponse r = complete(body(",\"stream\":true,\"max_tokens\":0"), Callers.invoker(), "r1");
        assertEquals(400, r.statusCode());
        assertEquals("max_tokens", Json.parse(r.body()).at("/error/param").asText());
        assertTrue(r.headers().get("content-type").startsWith("application/json"));
        assertEquals(1, metering.outcomes.size(), "recorded like any refusal");
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"stream_options\":{\"include_usage\":true}", ",\"stream\":false,\"stream_options\":{}"})
    void refuses_stream_options_without_stream(String extra) {
        GatewayException e = assertThrows(GatewayException.class, () -> complete(body(extra), Callers.invoker(), "r1"));

        assertEquals(400, e.status());
        assertEquals("stream_options", e.param());
    }

    @Test
    void refuses_malformed_stream_options() {
        ApiResponse notObject = complete(body(",\"stream\":true,\"stream_options\":true"), Callers.invoker(), "r1");
        assertEquals(400, notObject.statusCode());
        assertEquals("stream_options", Json.parse(notObject.body()).at("/error/param").asText());
        ApiResponse notBoolean = complete(body(",\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}"), Callers.invoker(), "r1");
        assertEquals("stream_options.include_usage", Json.parse(notBoolean.body()).at("/error/param").asText());
        assertTrue(models.calls.isEmpty());
    }

    @Test
    void stream_false_answers_json() {
        ApiResponse r = complete(body(",\"stream\":false"), Callers.invoker(), "r1");

        assertEquals("application/json", r.headers().get("content-type"));
        assertNull(r.headers().get("cache-control"));
        assertEquals(TEXT, Json.parse(r.body()).at("/choices/0/message/content").asText());
    }

    @Test
    void splits_text_into_word_pieces_that_add_up_exactly() {
        assertEquals(List.of(""), com.llmgateway.gateway.model.StreamEvent.words(""));
        assertEquals(List.of("a", " b", " c"), com.llmgateway.gateway.model.StreamEvent.words("a b c"));
        assertEquals(List.of(" a", "  b", "\nc", " "), com.llmgateway.gateway.model.StreamEvent.words(" a  b\nc "));
    }
}
