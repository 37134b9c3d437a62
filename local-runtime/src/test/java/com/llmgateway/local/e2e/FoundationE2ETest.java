package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2 end to end: the local runtime over real HTTP, real SDK clients, the DynamoDB stand-in, the Bedrock stand-in. */
class FoundationE2ETest extends GatewayE2E {

    private static String invokeKey;

    @BeforeAll
    static void demoKey() {
        invokeKey = gateway.keys().orElseThrow().invokeKey();
    }

    @Test
    void health_answers_without_a_key() {
        Http.Res r = http.get("/health");
        assertEquals(200, r.status());
        assertEquals("healthy", r.json().path("status").asText());
        assertEquals("llm-gateway", r.json().path("service").asText());
        assertNotNull(r.header("x-request-id"));
    }

    @Test
    void models_lists_at_least_twenty_priced_models_and_every_original_name_resolves() {
        Http.Res r = http.get("/v1/models", "x-api-key", invokeKey);
        assertEquals(200, r.status(), r.body());
        assertEquals("list", r.json().path("object").asText());
        JsonNode data = r.json().path("data");
        assertTrue(data.size() >= 20, "models: " + data.size());
        for (JsonNode m : data) {
            assertFalse(m.path("id").asText().isEmpty());
            assertTrue(m.toString().contains("per_1m") || m.toString().contains("1m"), "no prices on " + m);
        }
        for (String name : List.of("nova-pro", "nova-lite", "nova-micro", "claude-3-5-sonnet", "claude-3-5-haiku",
                "claude-3-opus", "claude-3-sonnet", "claude-3-haiku", "llama-3-3-70b", "llama-3-2-90b", "llama-3-2-11b",
                "llama-3-1-70b", "llama-3-1-8b", "mistral-large-2", "mistral-small")) {
            Http.Res one = http.get("/v1/models/" + name, "x-api-key", invokeKey);
            assertEquals(200, one.status(), name + ": " + one.body());
        }
        Http.Res unknown = http.get("/v1/models/no-such-model", "x-api-key", invokeKey);
        assertEquals(404, unknown.status());
        assertTrue(unknown.error().path("message").asText().contains("/v1/models"));
    }

    @Test
    void a_nova_micro_completion_costs_its_tokens_times_the_catalog_prices() {
        Http.Res r = http.post("/v1/chat/completions",
                "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}],\"max_tokens\":50}",
                "x-api-key", invokeKey);
        assertEquals(200, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals("chat.completion", body.path("object").asText());
        assertFalse(body.path("choices").path(0).path("message").path("content").asText().isBlank());
        long in = body.path("usage").path("prompt_tokens").asLong();
        long out = body.path("usage").path("completion_tokens").asLong();
        assertTrue(in > 0 && out > 0);
        assertEquals(in + out, body.path("usage").path("total_tokens").asLong());
        ModelInfo m = ModelCatalog.load(Map.of()).resolve("nova-micro").orElseThrow();
        BigDecimal expected = m.inputPricePer1M().multiply(BigDecimal.valueOf(in))
                .add(m.outputPricePer1M().multiply(BigDecimal.valueOf(out))).movePointLeft(6);
        BigDecimal actual = new BigDecimal(body.path("gateway_metadata").path("cost_usd").asText());
        assertEquals(0, expected.compareTo(actual), "expected " + expected + " got " + actual);
        assertEquals(0, expected.compareTo(new BigDecimal(r.header("x-gateway-cost-usd"))));
        JsonNode meta = body.path("gateway_metadata");
        assertEquals(gateway.keys().orElseThrow().teamId(), meta.path("team_id").asText());
        assertEquals(r.header("x-request-id"), meta.path("request_id").asText());
        assertEquals(m.invokeId(), meta.path("model_id").asText());
        assertFalse(meta.path("cached").asBoolean());
    }

    @Test
    void the_official_openai_sdk_gets_a_completion() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.endpoint().resolve("/v1").toString())
                .apiKey(invokeKey)
                .maxRetries(0)
                .build();
        try {
            ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("nova-micro")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("Say hello to the gateway.")
                    .maxCompletionTokens(40)
                    .build());
            assertFalse(c.choices().get(0).message().content().orElse("").isBlank());
            assertTrue(c.usage().orElseThrow().totalTokens() > 0);
        } finally {
            client.close();
        }
    }

    @Test
    void malformed_requests_all_get_openai_shaped_4xx_and_never_a_5xx() {
        String k = invokeKey;
        List<String[]> bodies = List.of(
                new String[]{"not json"},
                new String[]{"[]"},
                new String[]{"{}"},
                new String[]{"{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"},
                new String[]{"{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"},
                new String[]{"{\"model\":\"nova-micro\"}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":null}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":\"hi\"}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[\"hi\"]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"content\":\"hi\"}]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":42}]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\"}]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":3}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":-1}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":1.5}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":-5}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1000000000}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":\"ten\"}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":2.5}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":7}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":3}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"user\":123}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":\"x\"}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":1e999999999}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x\":1e2147483647}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":-1e-2147483647}"},
                new String[]{"{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2_000_000) + "\"}]}"});
        List<String> failures = new ArrayList<>();
        for (String[] b : bodies) {
            Http.Res r = http.post("/v1/chat/completions", b[0], "x-api-key", k);
            check(failures, b[0], r);
        }
        check(failures, "no key", http.post("/v1/chat/completions", "{}"));
        check(failures, "wrong key", http.post("/v1/chat/completions", "{}", "x-api-key", "lgw_wrong"));
        check(failures, "basic auth", http.post("/v1/chat/completions", "{}", "authorization", "Basic dXNlcjpwYXNz"));
        check(failures, "unknown route", http.post("/v1/nothing-here", "{}", "x-api-key", k));
        check(failures, "unknown model path", http.get("/v1/models/nope", "x-api-key", k));
        check(failures, "GET on chat", http.get("/v1/chat/completions", "x-api-key", k));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void check(List<String> failures, String what, Http.Res r) {
        String label = what.length() > 120 ? what.substring(0, 120) + "…" : what;
        if (r.status() < 400 || r.status() >= 500) {
            failures.add(label + " -> " + r.status() + " " + abbreviate(r.body()));
            return;
        }
        try {
            r.error();
        } catch (AssertionError e) {
            failures.add(label + " -> " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
