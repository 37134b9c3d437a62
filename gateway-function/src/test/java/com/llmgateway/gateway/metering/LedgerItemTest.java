package com.llmgateway.gateway.metering;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger's static schema writes the attribute map the hand-written mapping wrote, and reads it back. */
class LedgerItemTest {

    private static final Instant TIME = Instant.ofEpochSecond(Instant.now().getEpochSecond(), 250_000_000);
    private static final LocalDate DAY = LocalDate.ofInstant(TIME, ZoneOffset.UTC);
    private static final long EXPIRES = TIME.getEpochSecond() + 90L * 86_400;

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static Map<String, AttributeValue> golden(String requestId, Instant time, LocalDate day, long expiresAt) {
        return Map.ofEntries(
                Map.entry("pk", s("REQ#" + requestId)), Map.entry("sk", s("REQ")),
                Map.entry("request_id", s(requestId)), Map.entry("time", s(time.toString())), Map.entry("day", s(day.toString())),
                Map.entry("team_id", s("search")), Map.entry("key_id", s("key_0123456789abcdef")), Map.entry("route", s("chat")),
                Map.entry("model", s("claude-haiku-4-5")), Map.entry("model_id", s("us.anthropic.claude-haiku-4-5")),
                Map.entry("input_tokens", n("1200")), Map.entry("output_tokens", n("80")),
                Map.entry("cache_read_tokens", n("30")), Map.entry("cache_write_tokens", n("4")),
                Map.entry("cost_usd", n("0.00000125")), Map.entry("cost_saved_usd", n("0")),
                Map.entry("latency_ms", n("321")), Map.entry("overhead_ms", n("12")), Map.entry("status_code", n("502")),
                Map.entry("error_type", s("upstream_error")), Map.entry("cached", AttributeValue.fromBool(false)),
                Map.entry("reserved_usd", n("0.0025")), Map.entry("expires_at", n(Long.toString(expiresAt))));
    }

    static LedgerItem full(String requestId, Instant time, LocalDate day, long expiresAt) {
        return new LedgerItem(requestId, time, day, "search", "key_0123456789abcdef", "chat", "claude-haiku-4-5",
                "us.anthropic.claude-haiku-4-5", 1200, 80, 30, 4, new BigDecimal("0.00000125"), BigDecimal.ZERO, 321, 12,
                502, "upstream_error", false, new BigDecimal("0.0025"), expiresAt);
    }

    @Test
    void a_record_with_every_field_is_the_golden_attribute_map_and_reads_back() {
        LedgerItem item = full("req-1", TIME, DAY, EXPIRES);
        assertEquals(golden("req-1", TIME, DAY, EXPIRES), LedgerItem.SCHEMA.itemToMap(item, true));
        assertEquals(item, LedgerItem.SCHEMA.mapToItem(golden("req-1", TIME, DAY, EXPIRES)));
    }

    @Test
    void money_is_written_without_an_exponent() {
        LedgerItem tiny = new LedgerItem("req-2", TIME, DAY, "t", null, null, "none", null, 0, 0, 0, 0,
                new BigDecimal("1E-7"), new BigDecimal("2.50E+2"), 0, 0, 200, null, true, null, EXPIRES);
        Map<String, AttributeValue> map = LedgerItem.SCHEMA.itemToMap(tiny, true);
        assertEquals("0.0000001", map.get("cost_usd").n());
        assertEquals("250", map.get("cost_saved_usd").n());
    }

    @Test
    void a_record_refused_before_authentication_has_no_team_key_route_model_id_error_or_reservation() {
        LedgerItem bare = new LedgerItem("req-3", TIME, DAY, null, null, null, "none", null, 0, 0, 0, 0,
                BigDecimal.ZERO, BigDecimal.ZERO, 5, 1, 401, null, false, null, EXPIRES);
        Map<String, AttributeValue> map = LedgerItem.SCHEMA.itemToMap(bare, true);
        assertEquals(Set.of("pk", "sk", "request_id", "time", "day", "model", "input_tokens", "output_tokens",
                "cache_read_tokens", "cache_write_tokens", "cost_usd", "cost_saved_usd", "latency_ms", "overhead_ms",
                "status_code", "cached", "expires_at"), map.keySet());
        assertEquals(bare, LedgerItem.SCHEMA.mapToItem(map));
    }
}
