package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.local.LocalGateway;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 4 end to end: bursts of concurrent requests over HTTP admit exactly the limit, and no more. */
class AdmissionE2ETest extends GatewayE2E {

    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s)|\\d+m\\d+s");

    /** Bursts must not straddle a minute boundary: a new window would rightly admit more. */
    private static void awaitRoomInThisMinute() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000);
        }
    }

    private static List<Http.Res> burst(int n, String key, String body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Http.Res>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "no-store")));
            }
            List<Http.Res> out = new ArrayList<>();
            for (Future<Http.Res> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertRateLimitHeaders(Http.Res r) {
        for (String kind : List.of("requests", "tokens")) {
            long limit = Long.parseLong(r.header("x-ratelimit-limit-" + kind));
            long remaining = Long.parseLong(r.header("x-ratelimit-remaining-" + kind));
            assertTrue(limit > 0, r.headers().toString());
            assertTrue(remaining >= 0 && remaining <= limit, r.headers().toString());
            assertTrue(DURATION.matcher(r.header("x-ratelimit-reset-" + kind)).matches(), r.header("x-ratelimit-reset-" + kind));
        }
    }

    @Test
    void a_burst_of_100_admits_exactly_the_20_requests_per_minute() throws Exception {
        admin.team("{\"team_id\":\"burst-rpm\",\"limits\":{\"rpm\":20,\"input_tpm\":1000000,\"output_tpm\":1000000}}");
        String key = admin.invokeKey("burst-rpm");
        awaitRoomInThisMinute();
        List<Http.Res> results = burst(100, key,
                "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"burst\"}],\"max_tokens\":20}");

        List<Http.Res> ok = results.stream().filter(r -> r.status() == 200).toList();
        List<Http.Res> limited = results.stream().filter(r -> r.status() == 429).toList();
        assertEquals(20, ok.size());
        assertEquals(80, limited.size());
        ok.forEach(AdmissionE2ETest::assertRateLimitHeaders);
        for (Http.Res r : limited) {
            JsonNode e = r.error();
            assertEquals("rate_limit_exceeded", e.path("code").asText());
            assertTrue(e.path("message").asText().contains("requests per minute"), e.toString());
            assertTrue(Long.parseLong(r.header("retry-after")) >= 1);
            assertTrue(Long.parseLong(r.header("retry-after-ms")) >= 1);
            assertEquals("0", r.header("x-ratelimit-remaining-requests"));
            assertRateLimitHeaders(r);
        }
    }

    @Test
    void a_burst_never_passes_the_input_token_limit() throws Exception {
        // 400 characters: estimated ceil(400/4) + 4 + 3 = 107 tokens; Bedrock (the stand-in) counts 100.
        String content = "x".repeat(400);
        admin.team("{\"team_id\":\"burst-tpm\",\"limits\":{\"rpm\":1000,\"input_tpm\":1070,\"output_tpm\":1000000}}");
        String key = admin.invokeKey("burst-tpm");
        awaitRoomInThisMinute();
        List<Http.Res> results = burst(60, key,
                "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}],\"max_tokens\":20}");

        List<Http.Res> ok = results.stream().filter(r -> r.status() == 200).toList();
        long billedInput = ok.stream().mapToLong(r -> r.json().path("usage").path("prompt_tokens").asLong()).sum();
        assertEquals(10, ok.size(), "1070 / 107 estimated tokens = 10 requests");
        assertTrue(billedInput <= 1070, "billed input " + billedInput);
        List<Http.Res> limited = results.stream().filter(r -> r.status() == 429).toList();
        assertEquals(50, limited.size());
        limited.forEach(r -> assertTrue(r.error().path("message").asText().contains("input tokens per minute")));
    }

    @Test
    void a_burst_never_spends_past_the_budget() throws Exception {
        admin.team("{\"team_id\":\"burst-budget\",\"limits\":{\"rpm\":1000,\"input_tpm\":1000000,\"output_tpm\":1000000},"
                + "\"monthly_budget_usd\":\"0.001\"}");
        String key = admin.invokeKey("burst-budget");
        // Each request may cost up to 2000 output tokens x $0.14/1M: three reservations fill the budget.
        // A slow Bedrock keeps the reservations in flight together, whatever the machine's speed.
        gateway.bedrock().setLatencyMillis(300);
        List<Http.Res> results;
        try {
            results = burst(60, key,
                    "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"spend\"}],\"max_tokens\":2000}");
        } finally {
            gateway.bedrock().setLatencyMillis(0);
        }

        List<Http.Res> refused = results.stream().filter(r -> r.status() == 429).toList();
        assertTrue(!refused.isEmpty(), "some requests must find the budget reserved");
        for (Http.Res r : refused) {
            JsonNode e = r.error();
            assertEquals("insufficient_quota", e.path("type").asText());
            assertEquals("budget_exceeded", e.path("code").asText());
            assertEquals("false", r.header("x-should-retry"));
            assertTrue(e.path("message").asText().contains("0.001"), e.toString());
        }
        BigDecimal spent = results.stream().filter(r -> r.status() == 200)
                .map(r -> new BigDecimal(r.json().path("gateway_metadata").path("cost_usd").asText()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        // The month items of the team, summed: the burst lasts seconds, but a month may end during it.
        Map<String, BigDecimal> monthSpend = new TreeMap<>();
        for (Map<String, AttributeValue> item : gateway.dynamoDb().queryPaginator(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .consistentRead(true).keyConditionExpression("pk = :pk AND begins_with(sk, :month)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TEAM#burst-budget"), ":month", AttributeValue.fromS("MONTH#"))))
                .items()) {
            AttributeValue cost = item.get("cost_usd"); // absent on a month that only held a reservation
            monthSpend.put(item.get("month").s(), cost == null ? BigDecimal.ZERO : new BigDecimal(cost.n()));
        }
        assertEquals(0, spent.compareTo(monthSpend.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)),
                "the ledger's month figures add up to the sum of the answers' costs: " + monthSpend);
        monthSpend.values().forEach(m -> assertTrue(m.compareTo(new BigDecimal("0.001")) <= 0, monthSpend.toString()));
        JsonNode me = http.get("/v1/me", "x-api-key", key).json();
        assertEquals(0, monthSpend.getOrDefault(me.path("month").asText(), BigDecimal.ZERO)
                .compareTo(new BigDecimal(me.path("month_spend_usd").asText())), "/v1/me shows its month's figure: " + me);
    }

    @Test
    void a_stopped_dynamodb_gives_a_clear_503_not_a_hang() {
        LocalGateway own = LocalGateway.start();
        try {
            assumeTrue(own.ownsDynamoDb(), "stops the runtime's own DynamoDB stand-in (not one at DYNAMODB_ENDPOINT)");
            Http h = new Http(own.endpoint());
            String key = own.keys().orElseThrow().invokeKey();
            String body = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"store down\"}]}";
            assertEquals(200, h.post("/v1/chat/completions", body, "x-api-key", key).status());
            own.stopDynamoDb();
            long t0 = System.nanoTime();
            Http.Res r = h.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "no-store");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, r.status(), r.body());
            JsonNode e = r.error();
            assertNotNull(e.path("message").asText());
            assertTrue(ms < 15_000, "took " + ms + " ms");
        } finally {
            own.close();
        }
    }

    @Test
    void the_window_rolls_over_and_the_team_is_admitted_again_after_the_reset() throws Exception {
        admin.team("{\"team_id\":\"rollover\",\"limits\":{\"rpm\":2,\"input_tpm\":100000,\"output_tpm\":100000}}");
        String key = admin.invokeKey("rollover");
        String body = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"roll\"}],\"max_tokens\":10}";
        Http.Res limited = null;
        for (int i = 0; i < 5 && limited == null; i++) {
            Http.Res r = http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "no-store");
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertNotNull(limited, "rpm 2 must refuse a request within five");
        long waitMs = Long.parseLong(limited.header("retry-after-ms"));
        assertTrue(waitMs > 0 && waitMs <= 60_000, "retry-after-ms " + waitMs);
        Thread.sleep(waitMs + 200);
        Http.Res again = http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "no-store");
        assertEquals(200, again.status(), again.body());
        assertEquals("1", again.header("x-ratelimit-remaining-requests"));
    }

    @Test
    void a_per_model_limit_overrides_the_team_limit_for_that_model_only() throws Exception {
        admin.team("{\"team_id\":\"per-model\",\"limits\":{\"rpm\":100,\"input_tpm\":100000,\"output_tpm\":100000},"
                + "\"model_limits\":{\"nova-micro\":{\"rpm\":2,\"input_tpm\":100000,\"output_tpm\":100000}}}");
        String key = admin.invokeKey("per-model");
        awaitRoomInThisMinute();
        String micro = "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"m\"}],\"max_tokens\":10}";
        assertEquals(200, http.post("/v1/chat/completions", micro, "x-api-key", key, "cache-control", "no-store").status());
        Http.Res second = http.post("/v1/chat/completions", micro, "x-api-key", key, "cache-control", "no-store");
        assertEquals(200, second.status());
        assertEquals("2", second.header("x-ratelimit-limit-requests"), "the model's own limit applies");
        Http.Res third = http.post("/v1/chat/completions", micro, "x-api-key", key, "cache-control", "no-store");
        assertEquals(429, third.status());
        assertEquals("rate_limit_exceeded", third.error().path("code").asText());
        Http.Res lite = http.post("/v1/chat/completions", micro.replace("nova-micro", "nova-lite"), "x-api-key", key,
                "cache-control", "no-store");
        assertEquals(200, lite.status(), "other models keep the team's limit");
        assertEquals("100", lite.header("x-ratelimit-limit-requests"));
    }
}
