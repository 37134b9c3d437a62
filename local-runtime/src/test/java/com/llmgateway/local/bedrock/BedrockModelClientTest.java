package com.llmgateway.local.bedrock;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.bedrock.BedrockConfig;
import com.llmgateway.gateway.bedrock.BedrockModelClient;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.local.bedrock.BedrockStandIn.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Bedrock Runtime SDK client, through BedrockModelClient, against the stand-in over HTTP. */
class BedrockModelClientTest {

    private static final String MODEL_ID = "us.amazon.nova-micro-v1:0";

    private BedrockStandIn standIn;
    private BedrockModelClient client;

    @BeforeEach
    void start() throws Exception {
        standIn = BedrockStandIn.start(0);
        client = clientWith(Duration.ofSeconds(10), 3);
    }

    @AfterEach
    void stop() {
        client.close();
        standIn.close();
    }

    private BedrockModelClient clientWith(Duration timeout, int maxAttempts) {
        return BedrockModelClient.create(BedrockConfig.local(standIn.endpoint(), timeout, maxAttempts));
    }

    private static ModelCall call(String userText, InferenceSettings inference) {
        return new ModelCall("nova-micro", MODEL_ID, List.of("You are terse."), List.of(ModelMessage.user(userText)), inference);
    }

    @Test
    void returns_deterministic_text_and_token_counts_that_follow_the_text() {
        ModelResult r = client.converse(call("Hello there, how are you today?", InferenceSettings.DEFAULTS));

        String expected = "Echo from " + MODEL_ID + ": Hello there, how are you today?";
        assertEquals(expected, r.text(), "the percent-encoded model id arrives decoded");
        assertEquals("end_turn", r.stopReason());
        assertEquals((14 + 3) / 4 + (31 + 3) / 4, r.usage().inputTokens(), "ceil(chars/4) per system block and message");
        assertEquals((expected.length() + 3) / 4, r.usage().outputTokens());
        assertEquals(1, standIn.requestCount());
    }

    @Test
    void honours_max_tokens_and_reports_the_max_tokens_stop_reason() {
        ModelResult r = client.converse(call("one two three four five six seven eight",
                new InferenceSettings(3, 0.5, 0.9, List.of())));

        assertEquals("max_tokens", r.stopReason());
        assertEquals(3, r.usage().outputTokens());
        assertEquals(("Echo from " + MODEL_ID).substring(0, 12), r.text());
    }

    @Test
    void honours_stop_sequences() {
        ModelResult r = client.converse(call("alpha beta STOP gamma", new InferenceSettings(null, null, null, List.of("STOP"))));

        assertEquals("stop_sequence", r.stopReason());
        assertEquals("Echo from " + MODEL_ID + ": alpha beta ", r.text());
    }

    @Test
    void retries_throttling_and_succeeds_when_the_throttling_stops() {
        standIn.injectFault(Fault.THROTTLE, 2);

        ModelResult r = client.converse(call("hi", InferenceSettings.DEFAULTS));

        assertTrue(r.text().endsWith(": hi"));
        assertEquals(3, standIn.requestCount(), "two throttled attempts and one that succeeded");
    }

    @Test
    void maps_throttling_that_outlasts_the_retries_to_429_with_retry_after() {
        standIn.injectFault(Fault.THROTTLE, 3);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(429, e.status());
        assertEquals("rate_limit_exceeded", e.code());
        assertEquals("2", e.headers().get("retry-after"));
        assertEquals("2000", e.headers().get("retry-after-ms"));
        assertEquals(3, standIn.requestCount(), "the SDK made all three attempts");
    }

    @Test
    void maps_validation_to_400_without_retrying_or_leaking_the_sdk_message() {
        standIn.injectFault(Fault.VALIDATION, 1);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(400, e.status());
        assertEquals("invalid_request_error", e.type());
        assertTrue(e.getMessage().contains("nova-micro"));
        assertFalse(e.getMessage().contains("The provided request is not valid"));
        assertEquals(1, standIn.requestCount());
    }

    @Test
    void maps_a_request_that_bedrock_finds_invalid_to_400() {
        ModelCall startsWithAssistant = new ModelCall("nova-micro", MODEL_ID, List.of(),
                List.of(ModelMessage.assistant("hello"), ModelMessage.user("hi")), InferenceSettings.DEFAULTS);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(startsWithAssistant));

        assertEquals(400, e.status());
        assertEquals("upstream_validation_error", e.code());
    }

    @Test
    void maps_access_denied_to_403_naming_the_model() {
        standIn.injectFault(Fault.ACCESS_DENIED, 1);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(403, e.status());
        assertEquals("model_access_denied", e.code());
        assertEquals("model", e.param());
        assertTrue(e.getMessage().contains("'nova-micro'"));
        assertFalse(e.getMessage().contains("You don't have access"));
    }

    @Test
    void maps_resource_not_found_to_404_naming_the_model() {
        standIn.injectFault(Fault.NOT_FOUND, 1);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(404, e.status());
        assertEquals("model_not_found", e.code());
        assertTrue(e.getMessage().contains("'nova-micro'"));
    }

    @Test
    void maps_model_timeout_to_504() {
        standIn.injectFault(Fault.MODEL_TIMEOUT, 3);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(504, e.status());
        assertEquals("upstream_timeout", e.code());
    }

    @Test
    void maps_a_stalled_call_to_504_after_the_client_timeout() {
        client.close();
        client = clientWith(Duration.ofMillis(800), 1);
        standIn.setTimeoutDelayMillis(5_000);
        standIn.injectFault(Fault.TIMEOUT, 1);

        long started = System.nanoTime();
        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(504, e.status());
        assertEquals("upstream_timeout", e.code());
        assertTrue(elapsedMs < 4_000, "gave up at the call timeout, not when the stand-in answered: " + elapsedMs + " ms");
    }

    @Test
    void retries_a_server_error_once_and_succeeds() {
        standIn.injectFault(Fault.SERVER_ERROR, 1);

        ModelResult r = client.converse(call("hi", InferenceSettings.DEFAULTS));

        assertEquals("end_turn", r.stopReason());
        assertEquals(2, standIn.requestCount());
    }

    @Test
    void maps_server_errors_that_outlast_the_retries_to_502() {
        standIn.injectFault(Fault.SERVER_ERROR, 3);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(502, e.status());
        assertEquals("api_error", e.type());
        assertEquals(3, standIn.requestCount());
    }

    @Test
    void maps_service_unavailable_to_503() {
        standIn.injectFault(Fault.UNAVAILABLE, 3);

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(503, e.status());
        assertEquals("upstream_unavailable", e.code());
    }

    @Test
    void maps_an_unreachable_endpoint_to_502() {
        URI dead = standIn.endpoint();
        standIn.close();
        try (BedrockModelClient c = BedrockModelClient.create(BedrockConfig.local(dead, Duration.ofSeconds(3), 1))) {
            GatewayException e = assertThrows(GatewayException.class, () -> c.converse(call("hi", InferenceSettings.DEFAULTS)));
            assertEquals(502, e.status());
            assertEquals("upstream_unreachable", e.code());
        }
    }

    @Test
    void faults_can_be_injected_over_http_by_scripts() throws Exception {
        HttpResponse<String> injected = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        standIn.endpoint().resolve("/_standin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"THROTTLE\",\"times\":3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, injected.statusCode());
        assertTrue(injected.body().contains("\"queued_faults\":3"), injected.body());

        GatewayException e = assertThrows(GatewayException.class, () -> client.converse(call("hi", InferenceSettings.DEFAULTS)));

        assertEquals(429, e.status());
        assertEquals(3, standIn.requestCount());
    }

    @Test
    void adds_the_configured_latency_and_reports_it() {
        standIn.setLatencyMillis(200);

        ModelResult r = client.converse(call("hi", InferenceSettings.DEFAULTS));

        assertTrue(r.latencyMs() >= 200, "client-measured latency " + r.latencyMs());
    }

    @Test
    void control_endpoint_refuses_an_unknown_fault_and_other_paths_get_404() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(standIn.endpoint().resolve("/_standin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"EARTHQUAKE\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(standIn.endpoint().resolve("/model/x/no-such-operation"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, bad.statusCode());
        assertEquals("ValidationException", bad.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertEquals(404, other.statusCode());
        assertEquals(0, standIn.requestCount());
    }
}
