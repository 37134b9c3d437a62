package com.llmgateway.gateway.chat;

import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.LambdaHttp;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.cache.InMemoryResponseCacheStore;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelClient;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.gateway.model.StreamEvent;
import com.llmgateway.gateway.model.StreamFailure;
import com.llmgateway.gateway.testing.Callers;
import com.llmgateway.gateway.testing.RecordingMetering;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ChatService.stream's ends: a failure mid-stream, a client that leaves, a failure before the first event. */
class ChatServiceStreamTest {

    private static final List<String> TOKENS = List.of("one", " two", " three", " four", " five", " six");

    /** A model that streams {@link #TOKENS}, then fails (with or without usage) or finishes. */
    private static final class StreamingModel implements ModelClient {
        StreamFailure failAfter;
        GatewayException failBefore;
        int eventsSent;

        @Override
        public ModelResult converse(ModelCall call) {
            throw new AssertionError("the streaming path must call converseStream");
        }

        @Override
        public ModelResult converseStream(ModelCall call, Consumer<StreamEvent> events) {
            if (failBefore != null) {
                throw failBefore;
            }
            events.accept(new StreamEvent.MessageStart("assistant"));
            for (String t : TOKENS) {
                events.accept(new StreamEvent.TextDelta(0, t));
                eventsSent++;
                if (failAfter != null && eventsSent == 2) {
                    throw failAfter;
                }
            }
            events.accept(new StreamEvent.BlockStop(0));
            events.accept(new StreamEvent.MessageStop("end_turn"));
            TokenUsage usage = new TokenUsage(10, 6);
            events.accept(new StreamEvent.Metadata(usage, 5));
            return new ModelResult(String.join("", TOKENS), "end_turn", usage, 5);
        }
    }

    private final StreamingModel model = new StreamingModel();
    private final RecordingMetering metering = new RecordingMetering();
    private final ChatService chat = new ChatService(model, metering, metering, new ResponseCache(new InMemoryResponseCacheStore()),
            new TokenEstimator(), 64 * 1024, 3600, Clock.systemUTC());
    private final ChatCompletions completions = new ChatCompletions(chat, TestCatalog.catalog());

    private static final String BODY = "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count.\"}]}";

    private ApiResponse buffered(String body) {
        ApiResponse r = completions.complete(body, Callers.invoker(), "req-" + System.nanoTime(), "no-store");
        return LambdaHttp.buffer(r);
    }

    @Test
    void a_failure_mid_stream_is_an_sse_error_and_one_record_with_an_estimate_marked_as_such() {
        model.failAfter = new StreamFailure(new GatewayException(502, "api_error", "upstream_error", null, "Bedrock failed."), null, 7);

        ApiResponse r = buffered(BODY);

        assertEquals(200, r.statusCode(), "the stream had begun");
        assertTrue(r.body().contains("data: {\"error\":{"), r.body());
        assertFalse(r.body().contains("[DONE]"), r.body());
        assertEquals(1, metering.outcomes.size());
        Outcome o = metering.outcomes.get(0);
        assertEquals(502, o.statusCode());
        assertTrue(o.tokensEstimated());
        assertEquals(2, o.usage().outputTokens(), "ceil(7 chars / 4)");
        assertTrue(o.usage().inputTokens() > 0);
        assertTrue(o.costUsd().signum() > 0, "not $0: Bedrock billed what it produced");
    }

    @Test
    void a_failure_with_bedrocks_usage_records_bedrocks_tokens_unmarked() {
        model.failAfter = new StreamFailure(new GatewayException(502, "api_error", "upstream_error", null, "x"), new TokenUsage(10, 2), 7);

        buffered(BODY);

        Outcome o = metering.outcomes.get(0);
        assertFalse(o.tokensEstimated());
        assertEquals(new TokenUsage(10, 2), o.usage());
    }

    @Test
    void a_client_that_leaves_mid_stream_still_gets_one_record_with_the_real_tokens() {
        List<String> delivered = new ArrayList<>();
        ChatStream leaving = new ChatStream() {
            @Override
            public void begin(Map<String, String> headers, Instant created) {
            }

            @Override
            public void event(StreamEvent event) {
                if (delivered.size() == 2) {
                    throw new UncheckedIOException(new IOException("client went away"));
                }
                delivered.add(event.toString());
            }

            @Override
            public void complete(ChatResult result) {
                throw new AssertionError("nobody to complete for");
            }

            @Override
            public void fail(GatewayException error) {
                throw new AssertionError();
            }
        };
        chat.stream(new ChatCall(Callers.invoker(), "req-gone", ChatService.ROUTE, "no-store", 10),
                () -> new ChatRequestParser(TestCatalog.catalog()).parseCompletion(BODY).request(), leaving);

        assertEquals(TOKENS.size(), model.eventsSent, "the model's answer was read to its end");
        assertEquals(1, metering.outcomes.size());
        Outcome o = metering.outcomes.get(0);
        assertEquals(ChatService.CLIENT_CLOSED, o.statusCode());
        assertEquals(ChatService.CLIENT_DISCONNECTED, o.errorType());
        assertEquals(new TokenUsage(10, 6), o.usage());
        assertFalse(o.tokensEstimated());
        assertTrue(o.costUsd().signum() > 0);
    }

    @Test
    void a_failure_before_the_first_event_is_an_ordinary_error_recorded_once() {
        model.failBefore = new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", null, "Bedrock throttles.");

        ApiResponse r = buffered(BODY);

        assertEquals(429, r.statusCode());
        assertEquals("rate_limit_exceeded", Json.parse(r.body()).at("/error/code").asText());
        assertEquals(1, metering.outcomes.size());
        assertEquals(429, metering.outcomes.get(0).statusCode());
    }

    @Test
    void a_streamed_answer_costs_what_the_unstreamed_one_costs() {
        buffered(BODY);
        Outcome streamed = metering.outcomes.get(0);
        ModelClient plainModel = call -> new ModelResult(String.join("", TOKENS), "end_turn", new TokenUsage(10, 6), 5);
        ChatService plain = new ChatService(plainModel, metering, metering, new ResponseCache(new InMemoryResponseCacheStore()),
                new TokenEstimator(), 64 * 1024, 3600, Clock.systemUTC());
        new ChatCompletions(plain, TestCatalog.catalog()).complete(BODY.replace("\"stream\":true,", ""), Callers.invoker(), "plain", "no-store");

        Outcome unstreamed = metering.outcomes.get(1);
        assertEquals(unstreamed.usage(), streamed.usage());
        assertEquals(0, unstreamed.costUsd().compareTo(streamed.costUsd()));
        assertEquals(200, streamed.statusCode());
    }
}
