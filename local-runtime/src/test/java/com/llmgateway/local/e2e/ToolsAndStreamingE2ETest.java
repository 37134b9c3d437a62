package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 end to end over HTTP with the official OpenAI Java SDK: a tool-call round trip, a
 * streamed completion read by the SDK's iterator, and the streamed call's cost in the ledger.
 */
class ToolsAndStreamingE2ETest extends GatewayE2E {

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway.endpoint().resolve("/v1").toString())
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    private static String teamKey(String teamId) {
        admin.team("{\"team_id\":\"" + teamId + "\"}");
        return admin.invokeKey(teamId);
    }

    private static final FunctionDefinition WEATHER = FunctionDefinition.builder()
            .name("get_weather")
            .description("The current weather in a city")
            .parameters(FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of(
                            "city", Map.of("type", "string"),
                            "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                    .build())
            .build();

    @Test
    void a_tool_call_round_trip_through_the_openai_sdk() {
        OpenAIClient client = client(teamKey("tools-a"));
        try {
            ChatCompletionCreateParams first = ChatCompletionCreateParams.builder()
                    .model("nova-micro")
                    .addUserMessage("What is the weather in Paris?")
                    .addFunctionTool(WEATHER)
                    .maxCompletionTokens(200)
                    .build();

            ChatCompletion c1 = client.chat().completions().create(first);

            ChatCompletion.Choice choice = c1.choices().get(0);
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
            ChatCompletionMessage assistant = choice.message();
            assertTrue(assistant.content().isEmpty(), "tool calls only: content null");
            ChatCompletionMessageFunctionToolCall call = assistant.toolCalls().orElseThrow().get(0).asFunction();
            assertEquals("tooluse_1", call.id());
            assertEquals("get_weather", call.function().name());
            assertEquals(Json.parse("{\"city\":\"example\"}"), Json.parse(call.function().arguments()));

            ChatCompletionCreateParams second = first.toBuilder()
                    .addMessage(assistant)
                    .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18 C and sunny").build())
                    .build();

            ChatCompletion c2 = client.chat().completions().create(second);

            assertEquals(ChatCompletion.Choice.FinishReason.STOP, c2.choices().get(0).finishReason());
            assertEquals("Tool get_weather returned: 18 C and sunny", c2.choices().get(0).message().content().orElseThrow());
            assertTrue(c2.choices().get(0).message().toolCalls().map(List::isEmpty).orElse(true));
        } finally {
            client.close();
        }
    }

    @Test
    void a_forced_tool_choice_and_a_model_without_tools_over_raw_http() {
        String key = teamKey("tools-b");
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}}}]";

        String forcedBody = "{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Time?\"}]," + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}}";
        Http.Res forced = http.post("/v1/chat/completions", forcedBody, "x-api-key", key);
        assertEquals(200, forced.status(), forced.body());
        assertEquals("get_time", forced.json().at("/choices/0/message/tool_calls/0/function/name").asText());
        assertEquals("{\"zone\":\"example\"}", forced.json().at("/choices/0/message/tool_calls/0/function/arguments").asText());
        Http.Res again = http.post("/v1/chat/completions", forcedBody, "x-api-key", key);
        assertEquals("HIT", again.header("x-gateway-cache"), "the cache (DynamoDB stand-in) keeps the tool calls");
        assertEquals(forced.json().path("choices"), again.json().path("choices"));

        Http.Res refused = http.post("/v1/chat/completions", "{\"model\":\"llama-3-2-1b\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Time?\"}]," + tools + "}", "x-api-key", key);
        assertEquals(400, refused.status(), refused.body());
        JsonNode error = refused.error();
        assertEquals("tools_not_supported", error.path("code").asText());
        assertEquals("tools", error.path("param").asText());
        assertTrue(error.path("message").asText().contains("llama-3-2-1b"));

        Http.Res badArgs = http.post("/v1/chat/completions", "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Time?\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{zone\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\","
                + "\"content\":\"noon\"}]," + tools + "}", "x-api-key", key);
        assertEquals(400, badArgs.status(), badArgs.body());
        assertEquals("messages[1].tool_calls[0].function.arguments", badArgs.error().path("param").asText());
    }

    @Test
    void the_openai_sdk_iterator_reads_a_stream_equal_to_the_unstreamed_answer() {
        OpenAIClient client = client(teamKey("stream-a"));
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("nova-micro")
                    .addUserMessage("Tell me a story about a gateway that streams its answers to many clients at once")
                    .maxCompletionTokens(200)
                    .putAdditionalHeader("Cache-Control", "no-store")
                    .build();
            ChatCompletion plain = client.chat().completions().create(params);

            List<String> deltas = new ArrayList<>();
            List<ChatCompletionChunk> chunks = new ArrayList<>();
            ChatCompletionCreateParams streamed = params.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(streamed)) {
                stream.stream().forEach(chunk -> {
                    chunks.add(chunk);
                    chunk.choices().forEach(ch -> ch.delta().content().ifPresent(deltas::add));
                });
            }

            String text = String.join("", deltas);
            assertEquals(plain.choices().get(0).message().content().orElseThrow(), text);
            assertTrue(deltas.stream().filter(d -> !d.isEmpty()).count() >= 2, "the text arrives in several deltas: " + deltas);
            String id = chunks.get(0).id();
            assertTrue(chunks.stream().allMatch(c -> c.id().equals(id)));
            assertTrue(chunks.stream().allMatch(c -> c.model().equals("nova-micro")));
            assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT, chunks.get(0).choices().get(0).delta().role().orElseThrow());
            ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
            assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP, finish.choices().get(0).finishReason().orElseThrow());
            ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
            assertTrue(usage.choices().isEmpty());
            CompletionUsage u = usage.usage().orElseThrow();
            assertEquals(plain.usage().orElseThrow().promptTokens(), u.promptTokens());
            assertEquals(plain.usage().orElseThrow().completionTokens(), u.completionTokens());
            assertEquals(plain.usage().orElseThrow().totalTokens(), u.totalTokens());
        } finally {
            client.close();
        }
    }

    @Test
    void the_sdk_accumulates_a_streamed_tool_call() {
        OpenAIClient client = client(teamKey("stream-b"));
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("nova-micro")
                    .addUserMessage("What is the weather in Oslo?")
                    .addFunctionTool(WEATHER)
                    .build();
            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(accumulator::accumulate);
            }

            ChatCompletion c = accumulator.chatCompletion();
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, c.choices().get(0).finishReason());
            ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
            assertEquals("tooluse_1", call.id());
            assertEquals("get_weather", call.function().name());
            assertEquals("{\"city\":\"example\"}", call.function().arguments());
        } finally {
            client.close();
        }
    }

    @Test
    void a_streamed_request_costs_exactly_what_the_unstreamed_one_costs_in_the_ledger() {
        String key = teamKey("stream-c");
        String body = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"How much does streaming cost?\"}],"
                + "\"max_tokens\":100";

        Http.Res plain = http.post("/v1/chat/completions", body + "}", "x-api-key", key, "cache-control", "no-store");
        Http.Res streamed = http.post("/v1/chat/completions", body + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                "x-api-key", key, "cache-control", "no-store");

        assertEquals(200, plain.status(), plain.body());
        assertEquals(200, streamed.status(), streamed.body());
        assertTrue(streamed.header("content-type").startsWith("text/event-stream"), streamed.header("content-type"));
        assertEquals("no-cache", streamed.header("cache-control"));
        assertEquals("BYPASS", streamed.header("x-gateway-cache"));
        assertTrue(streamed.header("x-ratelimit-remaining-requests") != null, "rate-limit headers on a stream too");
        assertTrue(streamed.body().endsWith("data: [DONE]\n\n"));
        BigDecimal plainCost = new BigDecimal(plain.header("x-gateway-cost-usd"));
        // A stream's headers leave before its cost is known: the cost rides on its last chunk.
        assertEquals(null, streamed.header("x-gateway-cost-usd"));
        assertTrue(plainCost.signum() > 0);
        String[] events = streamed.body().split("\n\n");
        JsonNode last = Json.parse(events[events.length - 2].substring("data: ".length()));
        assertEquals(plain.json().path("usage"), last.path("usage"));
        assertEquals(0, plainCost.compareTo(new BigDecimal(last.at("/gateway_metadata/cost_usd").asText())));

        Http.Res usage = http.get("/v1/usage?days=2", "x-api-key", key);
        assertEquals(200, usage.status(), usage.body());
        JsonNode summary = usage.json().path("summary");
        assertEquals(2, summary.path("total_requests").asLong());
        assertEquals(0, plainCost.multiply(BigDecimal.TWO).compareTo(new BigDecimal(summary.path("total_cost_usd").asText())),
                "the ledger holds the same cost twice: " + summary);
    }

    @Test
    void a_cache_hit_streams_too_and_errors_before_the_stream_are_json() {
        String key = teamKey("stream-d");
        String body = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"Cache me\"}]";
        Http.Res miss = http.post("/v1/chat/completions", body + "}", "x-api-key", key);
        Http.Res hit = http.post("/v1/chat/completions", body + ",\"stream\":true}", "x-api-key", key);
        assertEquals("MISS", miss.header("x-gateway-cache"));
        assertEquals("HIT", hit.header("x-gateway-cache"));
        assertTrue(hit.header("content-type").startsWith("text/event-stream"));
        StringBuilder text = new StringBuilder();
        for (String event : hit.body().split("\n\n")) {
            String data = event.substring("data: ".length());
            if (!data.equals("[DONE]")) {
                text.append(Json.parse(data).at("/choices/0/delta/content").asText(""));
            }
        }
        assertEquals(miss.json().at("/choices/0/message/content").asText(), text.toString());

        Http.Res bad = http.post("/v1/chat/completions", body + ",\"stream_options\":{\"include_usage\":true}}", "x-api-key", key);
        assertEquals(400, bad.status());
        assertTrue(bad.header("content-type").startsWith("application/json"));
        assertEquals("stream_options", bad.error().path("param").asText());
        assertFalse(bad.body().contains("data:"));
    }
}
