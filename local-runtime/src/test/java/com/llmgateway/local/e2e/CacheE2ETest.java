package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6 end to end: the response cache over HTTP, with its accounting in the usage report. */
class CacheE2ETest extends GatewayE2E {

    private static String chat(String question) {
        return "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],\"max_tokens\":60}";
    }

    @Test
    void a_repeated_request_is_a_hit_with_identical_content_at_no_cost_and_shows_as_saved_money() {
        admin.team("{\"team_id\":\"cache-a\"}");
        String key = admin.invokeKey("cache-a");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS); // entries keep their time in milliseconds
        Http.Res first = http.post("/v1/chat/completions", chat("What is a cache?"), "x-api-key", key);
        Http.Res second = http.post("/v1/chat/completions",
                "{ \"max_tokens\" : 60, \"messages\" : [ { \"content\" : \"What is a cache?\", \"role\" : \"user\" } ], \"model\" : \"nova-micro\" }",
                "x-api-key", key);
        long since = Duration.between(before, Instant.now()).toSeconds();
        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        assertEquals("MISS", first.header("x-gateway-cache"));
        assertEquals("HIT", second.header("x-gateway-cache"));
        long age = Long.parseLong(second.header("age"));
        assertTrue(age >= 0 && age <= since, "Age " + age + " s of an entry stored at most " + since + " s ago");
        assertEquals(first.json().path("choices"), second.json().path("choices"));
        assertEquals(first.json().path("usage"), second.json().path("usage"));
        assertTrue(second.json().path("gateway_metadata").path("cached").asBoolean());
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(second.json().path("gateway_metadata").path("cost_usd").asText())));
        BigDecimal firstCost = new BigDecimal(first.json().path("gateway_metadata").path("cost_usd").asText());
        assertTrue(firstCost.signum() > 0);

        Http.Res usage = http.get("/v1/usage?days=2", "x-api-key", key);
        assertEquals(200, usage.status(), usage.body());
        JsonNode summary = usage.json().path("summary");
        assertEquals(2, summary.path("total_requests").asLong());
        assertEquals(1, summary.path("cache_hits").asLong());
        assertEquals(0, firstCost.compareTo(new BigDecimal(summary.path("total_cost_usd").asText())));
        assertEquals(0, firstCost.compareTo(new BigDecimal(summary.path("cost_saved_usd").asText())));
    }

    @Test
    void a_repeat_answered_from_the_sandboxs_memory_reads_no_cache_item_and_reserves_nothing() {
        admin.team("{\"team_id\":\"cache-mem\",\"monthly_budget_usd\":\"5.00\"}");
        String key = admin.invokeKey("cache-mem");
        Http.Res miss = http.post("/v1/chat/completions", chat("Remember me?"), "x-api-key", key);
        assertEquals("MISS", miss.header("x-gateway-cache"), miss.body());
        double cacheReadsBefore = cacheTableReadUnits();
        Http.Res hit = http.post("/v1/chat/completions", chat("Remember me?"), "x-api-key", key);
        Http.Res again = http.post("/v1/chat/completions", chat("Remember me?"), "x-api-key", key, "cache-control", "max-age=600");
        assertEquals("HIT", hit.header("x-gateway-cache"));
        assertEquals("HIT", again.header("x-gateway-cache"));
        assertEquals(miss.json().path("choices"), again.json().path("choices"));
        if (gateway.ownsDynamoDb()) {
            assertEquals(cacheReadsBefore, cacheTableReadUnits(), "the repeats were answered from memory, not the cache table");
        }

        // Exact all the same: the budget counter holds the miss's cost and no reservation, the
        // window the miss's real tokens and three requests, the ledger three records.
        BigDecimal cost = new BigDecimal(miss.json().path("gateway_metadata").path("cost_usd").asText());
        BigDecimal committed = BigDecimal.ZERO;
        BigDecimal spent = BigDecimal.ZERO;
        for (Map<String, AttributeValue> month : gateway.dynamoDb().query(b -> b.tableName(gateway.env().get("USAGE_TABLE"))
                .consistentRead(true).keyConditionExpression("pk = :pk AND begins_with(sk, :m)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TEAM#cache-mem"),
                        ":m", AttributeValue.fromS("MONTH#")))).items()) {
            committed = committed.add(new BigDecimal(month.get("committed_usd").n()));
            spent = spent.add(new BigDecimal(month.get("cost_usd").n()));
        }
        assertEquals(0, cost.compareTo(spent));
        assertEquals(0, cost.compareTo(committed), "committed " + committed + " = spent, nothing left reserved");
        long requests = 0;
        long input = 0;
        for (Map<String, AttributeValue> w : gateway.dynamoDb().scan(b -> b.tableName(gateway.env().get("RATE_LIMITS_TABLE"))
                .consistentRead(true).filterExpression("team_id = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("cache-mem")))).items()) {
            requests += Long.parseLong(w.get("requests").n());
            input += Long.parseLong(w.get("input_tokens").n());
        }
        assertEquals(3, requests, "a hit counts toward requests per minute");
        assertEquals(miss.json().path("usage").path("prompt_tokens").asLong(), input, "hits add no input tokens");
        JsonNode summary = http.get("/v1/usage?days=2", "x-api-key", key).json().path("summary");
        assertEquals(3, summary.path("total_requests").asLong());
        assertEquals(2, summary.path("cache_hits").asLong());
        assertEquals(0, cost.multiply(BigDecimal.TWO).compareTo(new BigDecimal(summary.path("cost_saved_usd").asText())));
    }

    private static double cacheTableReadUnits() {
        if (!gateway.ownsDynamoDb()) {
            return 0;
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    gateway.dynamoDbStandIn().endpoint().resolve("/_standin/stats")).build(), HttpResponse.BodyHandlers.ofString());
            return com.llmgateway.core.json.Json.parse(r.body()).path("consumed_capacity").path("by_table")
                    .path(gateway.env().get("CACHE_TABLE")).path("read_units").asDouble();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void another_teams_identical_request_is_a_miss() {
        admin.team("{\"team_id\":\"cache-b\"}");
        admin.team("{\"team_id\":\"cache-c\"}");
        String b = admin.invokeKey("cache-b");
        String c = admin.invokeKey("cache-c");
        assertEquals("MISS", http.post("/v1/chat/completions", chat("Tenant isolation?"), "x-api-key", b).header("x-gateway-cache"));
        assertEquals("HIT", http.post("/v1/chat/completions", chat("Tenant isolation?"), "x-api-key", b).header("x-gateway-cache"));
        assertEquals("MISS", http.post("/v1/chat/completions", chat("Tenant isolation?"), "x-api-key", c).header("x-gateway-cache"));
    }

    @Test
    void cache_control_headers_and_a_changed_parameter_behave() {
        admin.team("{\"team_id\":\"cache-d\"}");
        String key = admin.invokeKey("cache-d");
        String body = chat("Headers?");
        assertEquals("BYPASS", http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "no-store").header("x-gateway-cache"));
        assertEquals("MISS", http.post("/v1/chat/completions", body, "x-api-key", key).header("x-gateway-cache"));
        assertEquals("BYPASS", http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "no-cache").header("x-gateway-cache"));
        assertEquals("HIT", http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "max-age=60").header("x-gateway-cache"));
        assertEquals("MISS", http.post("/v1/chat/completions", body.replace("60}", "61}"), "x-api-key", key).header("x-gateway-cache"));
        Http.Res bad = http.post("/v1/chat/completions", body, "x-api-key", key, "cache-control", "max-age=soon");
        assertEquals(400, bad.status());
        bad.error();
    }

    @Test
    void an_expired_entry_is_a_miss_and_max_age_refuses_old_entries() throws Exception {
        admin.team("{\"team_id\":\"cache-e\",\"cache\":{\"ttl_seconds\":1}}");
        String key = admin.invokeKey("cache-e");
        String body = chat("Expiry?");
        assertEquals("MISS", http.post("/v1/chat/completions", body, "x-api-key", key).header("x-gateway-cache"));
        Thread.sleep(2100);
        assertEquals("MISS", http.post("/v1/chat/completions", body, "x-api-key", key).header("x-gateway-cache"));

        admin.team("{\"team_id\":\"cache-f\"}");
        String f = admin.invokeKey("cache-f");
        assertEquals("MISS", http.post("/v1/chat/completions", chat("Age?"), "x-api-key", f).header("x-gateway-cache"));
        Thread.sleep(2100);
        Http.Res aged = http.post("/v1/chat/completions", chat("Age?"), "x-api-key", f);
        assertEquals("HIT", aged.header("x-gateway-cache"));
        assertTrue(Long.parseLong(aged.header("age")) >= 2, "Age " + aged.header("age") + " s of an entry stored over 2.1 s ago");
        Http.Res old = http.post("/v1/chat/completions", chat("Age?"), "x-api-key", f, "cache-control", "max-age=1");
        assertEquals("MISS", old.header("x-gateway-cache"));
        assertFalse(old.json().path("gateway_metadata").path("cached").asBoolean());
    }
}
