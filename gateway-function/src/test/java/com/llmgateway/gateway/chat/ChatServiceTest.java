package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.bedrock.BedrockQuirks;
import com.llmgateway.gateway.metering.AdmissionRequest;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.testing.Callers;
import com.llmgateway.gateway.testing.FakeModelClient;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    private final FakeModelClient models = new FakeModelClient();
    private final RecordingMetering metering = new RecordingMetering();
    private final ChatCompletions service = new ChatCompletions(new ChatService(models, metering, metering,
            new ResponseCache(new InMemoryResponseCacheStore()), new TokenEstimator(), 64 * 1024, 3600,
            Clock.fixed(NOW, ZoneOffset.UTC)), TestCatalog.catalog());

    private static final String BODY = """
            {"model":"test-model","messages":[
              {"role":"system","content":"You are terse."},
              {"role":"user","content":"Say hi."}],
             "max_tokens":100,"temperature":0.3,"top_p":0.9,"stop":"END","user":"u-42"}
            """;

    /** How long the fake model takes in the tests that check the latency and the gateway's overhead. */
    private static final long MODEL_MS = 100;

    @Test
    void answers_with_an_openai_chat_completion_priced_from_the_catalog() {
        models.answering("Hi!", "end_turn", new TokenUsage(12, 20)).taking(Duration.ofMillis(MODEL_MS));

        long before = System.nanoTime();
        ApiResponse r = service.complete(BODY, Callers.invoker(), "req-1");
        long wholeCallMs = (System.nanoTime() - before) / 1_000_000;

        assertEquals(200, r.statusCode());
        JsonNode body = Json.parse(r.body());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.get("object").asText());
        assertEquals(NOW.getEpochSecond(), body.get("created").asLong());
        assertEquals("test-model", body.get("model").asText());
        JsonNode choice = body.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("assistant", choice.at("/message/role").asText());
        assertEquals("Hi!", choice.at("/message/content").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertEquals(12, body.at("/usage/prompt_tokens").asLong());
        assertEquals(20, body.at("/usage/completion_tokens").asLong());
        assertEquals(32, body.at("/usage/total_tokens").asLong());
        JsonNode meta = body.get("gateway_metadata");
        assertEquals("search", meta.get("team_id").asText());
        assertEquals("req-1", meta.get("request_id").asText());
        // 12 x $0.80 + 20 x $3.20 per 1M = $73.6 per 1M = $0.0000736, exactly
        assertTrue(meta.get("cost_usd").isTextual(), "money is an exact decimal string");
        assertEquals(new BigDecimal("0.0000736"), new BigDecimal(meta.get("cost_usd").asText()));
        assertFalse(meta.get("cached").asBoolean());
        assertEquals("testco", meta.get("provider").asText());
        assertEquals("us.test.model-v1:0", meta.get("model_id").asText());
        long latency = meta.get("latency_ms").asLong();
        assertTrue(latency >= MODEL_MS && latency <= wholeCallMs,
                "latency_ms " + latency + " must hold the model's " + MODEL_MS + " ms and fit the " + wholeCallMs + " ms call");
        assertEquals(latency, metering.outcomes.get(0).latencyMs(), "the ledger records the latency the caller saw");
    }

    @Test
    void sends_gateway_and_rate_limit_headers() {
        models.taking(Duration.ofMillis(MODEL_MS));
        long before = System.nanoTime();
        ApiResponse r = service.complete(BODY, Callers.invoker(), "req-1");
        long wholeCallMs = (System.nanoTime() - before) / 1_000_000;

        assertEquals("MISS", r.headers().get("x-gateway-cache"));
        assertEquals("0.0000736", r.headers().get("x-gateway-cost-usd"));
        // the overhead is the call's time without the model's: at most the whole call less the model's 100 ms
        long overhead = Long.parseLong(r.headers().get("x-gateway-overhead-ms"));
        assertTrue(overhead <= wholeCallMs - MODEL_MS, "overhead " + overhead + " ms of a " + wholeCallMs + " ms call");
        assertTrue(metering.outcomes.get(0).overheadMs() <= overhead, "the ledger's overhead, measured just before");
        RecordingMetering.HEADERS.forEach((k, v) -> assertEquals(v, r.headers().get(k), k));
        assertNull(r.headers().get("x-gateway-usage-recorded"));
    }

    @Test
    void calls_the_model_with_system_prompts_apart_and_inference_settings() {
        service.complete(BODY, Callers.invoker(), "req-1");

        ModelCall call = models.calls.get(0);
        assertEquals("test-model", call.modelName());
        assertEquals("us.test.model-v1:0", call.modelId());
        assertEquals(List.of("You are terse."), call.system());
        assertEquals(List.of(ModelMessage.user("Say hi.")), call.messages());
        assertEquals(100, call.inference().maxTokens());
        assertEquals(0.3, call.inference().temperature());
        assertEquals(0.9, call.inference().topP());
        assertEquals(List.of("END"), call.inference().stopSequences());
    }

    @Test
    void caps_temperature_above_one_at_bedrocks_maximum() {
        service.complete("{\"model\":\"test-model\",\"temperature\":1.7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Callers.invoker(), "r");

        assertEquals(1.7, models.calls.get(0).inference().temperature(), "the neutral call holds what was asked");
        assertEquals(1.0, BedrockQuirks.fit(models.calls.get(0)).inference().temperature(), "the Bedrock adapter caps it");
    }

    @Test
    void drops_top_p_beside_temperature_for_anthropic_models_only() {
        String both = "\"temperature\":0.5,\"top_p\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        service.complete("{\"model\":\"test-claude\"," + both, Callers.invoker(), "r1");
        service.complete("{\"model\":\"test-claude\",\"top_p\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Callers.invoker(), "r2");
        service.complete("{\"model\":\"test-model\"," + both, Callers.invoker(), "r3");

        List<ModelCall> sent = models.calls.stream().map(BedrockQuirks::fit).toList();
        assertEquals(0.5, sent.get(0).inference().temperature());
        assertNull(sent.get(0).inference().topP(), "Claude 4.x refuses both");
        assertEquals(0.9, sent.get(1).inference().topP(), "top_p alone is kept");
        assertEquals(0.9, sent.get(2).inference().topP(), "other providers get both");
    }

    @Test
    void merges_consecutive_turns_of_one_role_and_reads_text_parts() {
        service.complete("""
                {"model":"test-model","messages":[
                  {"role":"user","content":[{"type":"text","text":"part one"},{"type":"text","text":"part two"}]},
                  {"role":"user","content":"again"},
                  {"role":"assistant","content":"ok"},
                  {"role":"developer","content":"be kind"},
                  {"role":"user","content":"last"}]}
                """, Callers.invoker(), "r");

        ModelCall call = models.calls.get(0);
        assertEquals(List.of(
                ModelMessage.ofTexts(ModelMessage.Role.USER, List.of("part one", "part two", "again")),
                ModelMessage.assistant("ok"),
                ModelMessage.user("last")), call.messages());
        assertEquals(List.of("be kind"), call.system());
    }

    @Test
    void folds_system_prompts_into_the_first_user_turn_for_models_without_system_support() {
        ApiResponse r = service.complete("""
                {"model":"legacy-nosys","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]}
                """, Callers.invoker(), "r");

        ModelCall call = BedrockQuirks.fit(models.calls.get(0));
        assertEquals("test-nosys", call.modelName());
        assertEquals("test.nosys-v1:0", call.modelId());
        assertTrue(call.system().isEmpty());
        assertEquals(List.of("Be brief.", "hi"), call.messages().get(0).texts());
        assertEquals("legacy-nosys", Json.parse(r.body()).get("model").asText(), "the response names the model as requested");
    }

    @Test
    void admits_with_an_estimate_and_the_requested_output_limit() {
        service.complete(BODY, Callers.invoker(), "req-1");

        var admitted = metering.admitted.get(0);
        assertEquals("req-1", admitted.requestId());
        assertEquals("test-model", admitted.model().name());
        assertEquals("chat", admitted.route());
        assertEquals(100, admitted.maxOutputTokens());
        // system "You are terse." 14 chars -> 4, user "Say hi." 7 chars -> 2, plus 4 per message and 3
        assertEquals(4 + 4 + 2 + 4 + 3, admitted.estimatedInputTokens());
        assertEquals(NOW, admitted.now());
    }

    @Test
    void records_one_outcome_for_a_success() {
        service.complete(BODY, Callers.invoker(), "req-1");

        assertEquals(1, metering.outcomes.size());
        Outcome o = metering.outcomes.get(0);
        assertEquals("req-1", o.requestId());
        assertEquals(200, o.statusCode());
        assertNull(o.errorType());
        assertEquals(new TokenUsage(12, 20), o.usage());
        assertEquals(new BigDecimal("0.0000736"), o.costUsd());
        assertEquals("w1", o.admission().windowKey());
        assertEquals("chat", o.route());
        assertFalse(o.cached());
    }

    @Test
    void refuses_a_model_outside_the_teams_allowed_list_with_403_before_admission() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> service.complete(BODY, Callers.invoker(List.of("claude-*", "nova-*")), "r"));

        assertEquals(403, e.status());
        assertEquals("model_not_allowed", e.code());
        assertEquals("model", e.param());
        assertTrue(e.getMessage().contains("'test-model'"));
        assertTrue(metering.admitted.isEmpty());
        assertTrue(models.calls.isEmpty());
    }

    @Test
    void allows_a_model_matched_by_a_pattern() {
        ApiResponse r = service.complete(BODY, Callers.invoker(List.of("test-*")), "r");

        assertEquals(200, r.statusCode());
    }

    @Test
    void records_an_admission_refusal_and_makes_no_call() {
        metering.refusing(new GatewayException(429, "requests", "rate_limit_exceeded", null, "Rate limit reached.",
                Map.of("retry-after", "7"), null));

        GatewayException e = assertThrows(GatewayException.class, () -> service.complete(BODY, Callers.invoker(), "r"));

        assertEquals(429, e.status());
        assertEquals("7", e.headers().get("retry-after"));
        assertTrue(models.calls.isEmpty());
        assertEquals(1, metering.outcomes.size());
        assertEquals(429, metering.outcomes.get(0).statusCode());
        assertEquals("rate_limit_exceeded", metering.outcomes.get(0).errorType());
        assertNull(metering.outcomes.get(0).admission());
    }

    @Test
    void records_an_upstream_failure_with_zero_cost_and_keeps_the_rate_limit_headers() {
        models.failing(GatewayException.upstream(502, "upstream_error", "Bedrock failed to answer."));

        GatewayException e = assertThrows(GatewayException.class, () -> service.complete(BODY, Callers.invoker(), "r"));

        assertEquals(502, e.status());
        assertEquals("9", e.headers().get("x-ratelimit-remaining-requests"));
        Outcome o = metering.outcomes.get(0);
        assertEquals(502, o.statusCode());
        assertEquals("upstream_error", o.errorType());
        assertEquals(BigDecimal.ZERO, o.costUsd());
        assertEquals(TokenUsage.ZERO, o.usage());
        assertEquals("w1", o.admission().windowKey(), "the admission is released by the recorder");
    }

    @Test
    void turns_an_unexpected_client_failure_into_a_recorded_500_without_its_message() {
        models.failing(new IllegalStateException("secret internal detail"));

        GatewayException e = assertThrows(GatewayException.class, () -> service.complete(BODY, Callers.invoker(), "r"));

        assertEquals(500, e.status());
        assertFalse(e.getMessage().contains("secret"));
        assertEquals(500, metering.outcomes.get(0).statusCode());
    }

    @Test
    void says_so_when_the_usage_record_could_not_be_written() {
        metering.failingToRecord();

        ApiResponse r = service.complete(BODY, Callers.invoker(), "r");

        assertEquals(200, r.statusCode());
        assertEquals("false", r.headers().get("x-gateway-usage-recorded"));
    }

    @Test
    void says_so_on_errors_too_when_the_usage_record_could_not_be_written() {
        metering.failingToRecord();
        models.failing(GatewayException.upstream(503, "upstream_unavailable", "Not available."));

        GatewayException e = assertThrows(GatewayException.class, () -> service.complete(BODY, Callers.invoker(), "r"));

        assertEquals("false", e.headers().get("x-gateway-usage-recorded"));
    }

    @Test
    void maps_the_stop_reason_to_the_finish_reason_and_keeps_bedrocks_own_in_gateway_metadata() {
        models.answering("cut", "max_tokens", new TokenUsage(5, 100));

        ApiResponse r = service.complete(BODY, Callers.invoker(), "r");

        assertEquals("length", Json.parse(r.body()).at("/choices/0/finish_reason").asText());
        assertEquals("max_tokens", Json.parse(r.body()).at("/gateway_metadata/stop_reason").asText());

        models.answering("Echo", "stop_sequence", new TokenUsage(5, 1));
        JsonNode stopped = Json.parse(service.complete(BODY.replace("Say hi.", "Say bye."), Callers.invoker(), "r2").body());
        assertEquals("stop", stopped.at("/choices/0/finish_reason").asText());
        assertEquals("stop_sequence", stopped.at("/gateway_metadata/stop_reason").asText());

        ApiResponse hit = service.complete(BODY, Callers.invoker(), "r3");
        assertEquals("HIT", hit.headers().get("x-gateway-cache"));
        assertEquals("max_tokens", Json.parse(hit.body()).at("/gateway_metadata/stop_reason").asText());
    }

    @Test
    void counts_cached_prompt_tokens_in_prompt_tokens_and_prices_them_at_the_cache_rate() {
        models.answering("ok", "end_turn", new TokenUsage(10, 10, 1000, 0));

        JsonNode body = Json.parse(service.complete(BODY, Callers.invoker(), "r").body());

        assertEquals(1010, body.at("/usage/prompt_tokens").asLong());
        assertEquals(1000, body.at("/usage/prompt_tokens_details/cached_tokens").asLong());
        // 10 x 0.80 + 10 x 3.20 + 1000 x 0.08 = 120 per 1M
        assertEquals(new BigDecimal("0.00012"), new BigDecimal(body.at("/gateway_metadata/cost_usd").asText()));
    }

    @Test
    void accepts_max_completion_tokens_and_the_chat_defaults_that_sdks_send() {
        service.complete("""
                {"model":"test-model","messages":[{"role":"user","content":"x"}],"max_completion_tokens":4096,
                 "n":1,"stream":false,"presence_penalty":0,"frequency_penalty":0,"logprobs":false,"seed":7,
                 "tools":[],"tool_choice":"none","response_format":{"type":"text"},"metadata":{"a":"b"},"store":false}
                """, Callers.invoker(), "r");

        assertEquals(4096, models.calls.get(0).inference().maxTokens());
    }

    @Test
    void a_repeated_request_is_a_hit_with_the_same_content_at_no_cost_and_records_the_saved_cost() {
        models.answering("Hi!", "end_turn", new TokenUsage(12, 20));
        ApiResponse first = service.complete(BODY, Callers.invoker(), "req-1");
        // Same request, other key order and whitespace.
        String reordered = """
                {"user":"u-42","stop":"END","top_p":0.9,"temperature":0.30,"max_tokens":100,
                 "messages":[{"role":"system","content":"You are terse."},{"content":"Say hi.","role":"user"}],
                 "model":"test-model"}""";
        ApiResponse second = service.complete(reordered, Callers.invoker(), "req-2");

        assertEquals("MISS", first.headers().get("x-gateway-cache"));
        assertEquals("HIT", second.headers().get("x-gateway-cache"));
        assertEquals("0", second.headers().get("age"));
        assertEquals(1, models.calls.size());
        JsonNode a = Json.parse(first.body());
        JsonNode b = Json.parse(second.body());
        assertEquals(a.get("choices"), b.get("choices"));
        assertEquals(a.get("usage"), b.get("usage"));
        assertTrue(b.at("/gateway_metadata/cached").asBoolean());
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(b.at("/gateway_metadata/cost_usd").asText())));
        Outcome hit = metering.outcomes.get(1);
        assertTrue(hit.cached());
        assertEquals(0, BigDecimal.ZERO.compareTo(hit.costUsd()));
        assertEquals(new BigDecimal("0.0000736"), hit.costSavedUsd());
        assertEquals(TokenUsage.ZERO, hit.usage());
        assertEquals(2, metering.admitted.size(), "a hit still counts toward requests per minute");
    }

    @Test
    void a_remembered_answer_is_served_without_a_store_read_and_admitted_with_nothing_to_reserve() {
        InMemoryResponseCacheStore store = new InMemoryResponseCacheStore();
        ChatCompletions remembering = new ChatCompletions(new ChatService(models, metering, metering,
                new ResponseCache(store, 1 << 20), new TokenEstimator(), 64 * 1024, 3600,
                Clock.fixed(NOW, ZoneOffset.UTC)), TestCatalog.catalog());
        models.answering("Hi!", "end_turn", new TokenUsage(12, 20));

        ApiResponse miss = remembering.complete(BODY, Callers.invoker(), "m-1");
        ApiResponse hit = remembering.complete(BODY, Callers.invoker(), "m-2");
        ApiResponse old = remembering.complete(BODY, Callers.invoker(), "m-3", "max-age=5");

        assertEquals("MISS", miss.headers().get("x-gateway-cache"));
        assertEquals("HIT", hit.headers().get("x-gateway-cache"));
        assertEquals("HIT", old.headers().get("x-gateway-cache"), "stored at this very second: within max-age");
        assertEquals(1, models.calls.size());
        assertEquals(1, store.lookups(), "only the miss read the store");
        assertEquals(Json.parse(miss.body()).get("choices"), Json.parse(hit.body()).get("choices"));
        assertEquals(Json.parse(miss.body()).get("usage"), Json.parse(hit.body()).get("usage"));
        // The miss reserved its estimate and its cost bound; the remembered hits reserve nothing.
        assertTrue(metering.admitted.get(0).estimatedInputTokens() > 0);
        assertNull(metering.admitted.get(0).maxCostUsd());
        for (AdmissionRequest r : metering.admitted.subList(1, 3)) {
            assertEquals(0, r.estimatedInputTokens());
            assertEquals(0, BigDecimal.ZERO.compareTo(r.maxCostUsd()));
        }
        Outcome recorded = metering.outcomes.get(1);
        assertTrue(recorded.cached());
        assertEquals(TokenUsage.ZERO, recorded.usage());
        assertEquals(new BigDecimal("0.0000736"), recorded.costSavedUsd());
        assertEquals(3, metering.outcomes.size(), "every request recorded once");
    }

    @Test
    void no_store_neither_looks_up_nor_stores_and_a_changed_temperature_misses() {
        models.answering("Hi!", "end_turn", new TokenUsage(12, 20));
        ApiResponse bypass = service.complete(BODY, Callers.invoker(), "r1", "no-store");
        ApiResponse miss = service.complete(BODY, Callers.invoker(), "r2");
        ApiResponse other = service.complete(BODY.replace("0.3", "0.4"), Callers.invoker(), "r3");
        ApiResponse noCache = service.complete(BODY, Callers.invoker(), "r4", "no-cache");
        ApiResponse hit = service.complete(BODY, Callers.invoker(), "r5", "max-age=60");

        assertEquals("BYPASS", bypass.headers().get("x-gateway-cache"));
        assertEquals("MISS", miss.headers().get("x-gateway-cache"));
        assertEquals("MISS", other.headers().get("x-gateway-cache"));
        assertEquals("BYPASS", noCache.headers().get("x-gateway-cache"));
        assertEquals("HIT", hit.headers().get("x-gateway-cache"));
        assertEquals(4, models.calls.size());
    }
}
