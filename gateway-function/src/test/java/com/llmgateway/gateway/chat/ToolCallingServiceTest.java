package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.bedrock.BedrockQuirks;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.gateway.model.ToolChoice;
import com.llmgateway.gateway.testing.Callers;
import com.llmgateway.gateway.testing.FakeModelClient;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool calling through the chat pipeline: OpenAI in, neutral model call out, and the answer back in OpenAI's shape. */
class ToolCallingServiceTest {

    private final FakeModelClient models = new FakeModelClient();
    private final RecordingMetering metering = new RecordingMetering();
    private final ChatCompletions service = new ChatCompletions(new ChatService(models, metering, metering,
            new ResponseCache(new InMemoryResponseCacheStore()), new TokenEstimator(), 64 * 1024, 3600, Clock.systemUTC()), TestCatalog.catalog());

    private static final String WEATHER = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather in a city\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";
    private static final String FIRST = "{\"model\":\"test-claude\",\"tools\":[" + WEATHER + "],"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}";
    private static final String SECOND = "{\"model\":\"test-claude\",\"tools\":[" + WEATHER + "],\"messages\":["
            + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"tooluse_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"tooluse_1\",\"content\":\"18 C, sunny\"}]}";

    private static ModelResult toolUse(String text) {
        List<ContentBlock> blocks = new java.util.ArrayList<>();
        if (text != null) {
            blocks.add(new ContentBlock.Text(text));
        }
        blocks.add(new ContentBlock.ToolUse("tooluse_1", "get_weather", Json.parse("{\"city\":\"Paris\",\"days\":2.50}")));
        return new ModelResult(blocks, "tool_use", new TokenUsage(40, 12), 5);
    }

    @Test
    void offers_the_tools_to_the_model_with_the_choice() {
        service.complete(FIRST.replace("\"tools\"", "\"tool_choice\":\"required\",\"tools\""), Callers.invoker(), "r1");

        ModelCall call = models.calls.get(0);
        assertEquals(1, call.tools().tools().size());
        assertEquals("get_weather", call.tools().tools().get(0).name());
        assertEquals("Weather in a city", call.tools().tools().get(0).description());
        assertEquals("object", call.tools().tools().get(0).inputSchema().path("type").asText());
        assertEquals(ToolChoice.ANY, call.tools().choice());
    }

    @Test
    void answers_a_tool_use_with_tool_calls_null_content_and_finish_reason_tool_calls() {
        models.answering(toolUse(null));

        JsonNode body = Json.parse(service.complete(FIRST, Callers.invoker(), "r1").body());

        JsonNode choice = body.at("/choices/0");
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        JsonNode message = choice.get("message");
        assertEquals("assistant", message.get("role").asText());
        assertTrue(message.get("content").isNull(), "no text: content is null");
        JsonNode call = message.at("/tool_calls/0");
        assertEquals("tooluse_1", call.get("id").asText());
        assertEquals("function", call.get("type").asText());
        assertEquals("get_weather", call.at("/function/name").asText());
        assertTrue(call.at("/function/arguments").isTextual(), "arguments is a JSON string");
        assertEquals(Json.parse("{\"city\":\"Paris\",\"days\":2.50}"), Json.parse(call.at("/function/arguments").asText()));
        assertEquals("{\"city\":\"Paris\",\"days\":2.5}", call.at("/function/arguments").asText(), "compact JSON");
    }

    @Test
    void keeps_the_text_beside_tool_calls_and_says_tool_calls_whatever_the_stop_reason() {
        ModelResult withText = toolUse("Let me check.");
        models.answering(new ModelResult(withText.content(), "end_turn", withText.usage(), 5));

        JsonNode message = Json.parse(service.complete(FIRST, Callers.invoker(), "r1").body()).at("/choices/0/message");

        assertEquals("Let me check.", message.get("content").asText());
        assertEquals(1, message.get("tool_calls").size());
        assertEquals("tool_calls", Json.parse(service.complete(FIRST.replace("Paris", "Lyon"), Callers.invoker(), "r2").body())
                .at("/choices/0/finish_reason").asText());
    }

    @Test
    void sends_the_round_trip_as_tool_use_and_tool_result_blocks() {
        models.answering("It is 18 C and sunny in Paris.", "end_turn", new TokenUsage(60, 9));

        JsonNode body = Json.parse(service.complete(SECOND, Callers.invoker(), "r1").body());

        ModelCall call = models.calls.get(0);
        assertEquals(3, call.messages().size());
        assertEquals(new ContentBlock.ToolUse("tooluse_1", "get_weather", Json.parse("{\"city\":\"Paris\"}")),
                call.messages().get(1).content().get(0));
        assertEquals(new ContentBlock.ToolResult("tooluse_1", List.of("18 C, sunny")), call.messages().get(2).content().get(0));
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        assertEquals("It is 18 C and sunny in Paris.", body.at("/choices/0/message/content").asText());
        assertFalse(body.at("/choices/0/message").has("tool_calls"));
    }

    @Test
    void tool_choice_none_sends_no_tools_and_earlier_tool_blocks_as_text() {
        models.answering("Done.", "end_turn", new TokenUsage(60, 2));

        service.complete(SECOND.replace("\"tools\"", "\"tool_choice\":\"none\",\"tools\""), Callers.invoker(), "r1");

        ModelCall call = BedrockQuirks.fit(models.calls.get(0)); // as the Bedrock adapter sends it
        assertNull(call.tools(), "Bedrock has no 'none': no toolConfig at all");
        assertFalse(call.messages().stream().anyMatch(m -> m.hasToolBlocks()), "Bedrock refuses tool blocks without toolConfig");
        assertEquals("[tool call tooluse_1: get_weather {\"city\":\"Paris\"}]", call.messages().get(1).texts().get(0));
        assertEquals("[tool result tooluse_1: 18 C, sunny]", call.messages().get(2).texts().get(0));
    }

    @Test
    void counts_tools_and_tool_blocks_in_the_admission_estimate() {
        service.complete(FIRST, Callers.invoker(), "r1");
        service.complete(FIRST.replace(",\"tools\":[" + WEATHER + "]", "").replace("\"tools\":[" + WEATHER + "],", ""),
                Callers.invoker(), "r2");

        long withTools = metering.admitted.get(0).estimatedInputTokens();
        long without = metering.admitted.get(1).estimatedInputTokens();
        assertTrue(withTools > without + 20, withTools + " vs " + without);
    }

    @Test
    void a_cached_tool_call_answer_comes_back_whole() {
        models.answering(toolUse("Let me check."));

        ApiResponse miss = service.complete(FIRST, Callers.invoker(), "r1");
        ApiResponse hit = service.complete(FIRST, Callers.invoker(), "r2");

        assertEquals("MISS", miss.headers().get("x-gateway-cache"));
        assertEquals("HIT", hit.headers().get("x-gateway-cache"));
        assertEquals(1, models.calls.size());
        JsonNode missChoice = Json.parse(miss.body()).at("/choices/0");
        JsonNode hitChoice = Json.parse(hit.body()).at("/choices/0");
        assertEquals(missChoice, hitChoice);
        assertEquals("tool_calls", hitChoice.get("finish_reason").asText());
        assertInstanceOf(String.class, hitChoice.at("/message/tool_calls/0/function/arguments").asText());
    }

    @Test
    void different_tools_do_not_share_a_cache_entry() {
        service.complete(FIRST, Callers.invoker(), "r1");
        ApiResponse other = service.complete(FIRST.replace("Weather in a city", "Forecast for a city"), Callers.invoker(), "r2");

        assertEquals("MISS", other.headers().get("x-gateway-cache"));
        assertEquals(2, models.calls.size());
    }
}
