package com.llmgateway.gateway.metering;

import com.llmgateway.core.store.ItemConverters;
import com.llmgateway.core.usage.UsageKeys;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

/**
 * One request's ledger record as a usage-table item, mapped by a static (reflection-free) table
 * schema:
 * <pre>
 * pk = "REQ#{request_id}"   sk = "REQ"
 * request_id S, time S (ISO-8601 UTC), day S (yyyy-MM-dd, UTC), team_id S, key_id S, route S,
 * model S ("none" when no known model), model_id S, input_tokens N, output_tokens N,
 * cache_read_tokens N, cache_write_tokens N, cost_usd N, cost_saved_usd N, latency_ms N,
 * overhead_ms N, status_code N, error_type S, cached BOOL, reserved_usd N, expires_at N (epoch s, the TTL),
 * usage_estimated BOOL (true: the tokens are the gateway's estimate of a stream Bedrock never reported on)
 * </pre>
 * Absent where null (team, key, route, model id, error type, reservation, usage_estimated unless true). Money is written as
 * plain decimal text, never with an exponent.
 */
record LedgerItem(String requestId, Instant time, LocalDate day, String teamId, String keyId, String route,
                  String model, String modelId, long inputTokens, long outputTokens, long cacheReadTokens,
                  long cacheWriteTokens, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs, long overheadMs,
                  int statusCode, String errorType, boolean cached, BigDecimal reservedUsd, long expiresAt,
                  Boolean usageEstimated) {

    /** A record with Bedrock's own token counts. */
    LedgerItem(String requestId, Instant time, LocalDate day, String teamId, String keyId, String route,
               String model, String modelId, long inputTokens, long outputTokens, long cacheReadTokens,
               long cacheWriteTokens, BigDecimal costUsd, BigDecimal costSavedUsd, long latencyMs, long overheadMs,
               int statusCode, String errorType, boolean cached, BigDecimal reservedUsd, long expiresAt) {
        this(requestId, time, day, teamId, keyId, route, model, modelId, inputTokens, outputTokens, cacheReadTokens,
                cacheWriteTokens, costUsd, costSavedUsd, latencyMs, overheadMs, statusCode, errorType, cached, reservedUsd,
                expiresAt, null);
    }

    static final TableSchema<LedgerItem> SCHEMA = StaticImmutableTableSchema.builder(LedgerItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, a -> a.name(UsageKeys.PK).getter(r -> UsageKeys.ledgerPk(r.requestId()))
                    .setter((b, v) -> { }).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(UsageKeys.SK).getter(r -> UsageKeys.LEDGER_SK)
                    .setter((b, v) -> { }).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name("request_id").getter(LedgerItem::requestId).setter((b, v) -> b.requestId = v))
            .addAttribute(Instant.class, a -> a.name("time").getter(LedgerItem::time).setter((b, v) -> b.time = v))
            .addAttribute(String.class, a -> a.name(UsageKeys.DAY).getter(r -> r.day().toString())
                    .setter((b, v) -> b.day = LocalDate.parse(v)))
            .addAttribute(String.class, a -> a.name(UsageKeys.TEAM_ID).getter(LedgerItem::teamId).setter((b, v) -> b.teamId = v))
            .addAttribute(String.class, a -> a.name("key_id").getter(LedgerItem::keyId).setter((b, v) -> b.keyId = v))
            .addAttribute(String.class, a -> a.name("route").getter(LedgerItem::route).setter((b, v) -> b.route = v))
            .addAttribute(String.class, a -> a.name(UsageKeys.MODEL).getter(LedgerItem::model).setter((b, v) -> b.model = v))
            .addAttribute(String.class, a -> a.name("model_id").getter(LedgerItem::modelId).setter((b, v) -> b.modelId = v))
            .addAttribute(Long.class, a -> a.name(UsageKeys.INPUT_TOKENS).getter(LedgerItem::inputTokens)
                    .setter((b, v) -> b.inputTokens = v))
            .addAttribute(Long.class, a -> a.name(UsageKeys.OUTPUT_TOKENS).getter(LedgerItem::outputTokens)
                    .setter((b, v) -> b.outputTokens = v))
            .addAttribute(Long.class, a -> a.name(UsageKeys.CACHE_READ_TOKENS).getter(LedgerItem::cacheReadTokens)
                    .setter((b, v) -> b.cacheReadTokens = v))
            .addAttribute(Long.class, a -> a.name(UsageKeys.CACHE_WRITE_TOKENS).getter(LedgerItem::cacheWriteTokens)
                    .setter((b, v) -> b.cacheWriteTokens = v))
            .addAttribute(BigDecimal.class, a -> a.name(UsageKeys.COST_USD).getter(LedgerItem::costUsd)
                    .setter((b, v) -> b.costUsd = v).attributeConverter(ItemConverters.decimalAsNumber()))
            .addAttribute(BigDecimal.class, a -> a.name(UsageKeys.COST_SAVED_USD).getter(LedgerItem::costSavedUsd)
                    .setter((b, v) -> b.costSavedUsd = v).attributeConverter(ItemConverters.decimalAsNumber()))
            .addAttribute(Long.class, a -> a.name("latency_ms").getter(LedgerItem::latencyMs).setter((b, v) -> b.latencyMs = v))
            .addAttribute(Long.class, a -> a.name("overhead_ms").getter(LedgerItem::overheadMs).setter((b, v) -> b.overheadMs = v))
            .addAttribute(Integer.class, a -> a.name("status_code").getter(LedgerItem::statusCode).setter((b, v) -> b.statusCode = v))
            .addAttribute(String.class, a -> a.name("error_type").getter(LedgerItem::errorType).setter((b, v) -> b.errorType = v))
            .addAttribute(Boolean.class, a -> a.name("cached").getter(LedgerItem::cached).setter((b, v) -> b.cached = v))
            .addAttribute(BigDecimal.class, a -> a.name("reserved_usd").getter(LedgerItem::reservedUsd)
                    .setter((b, v) -> b.reservedUsd = v).attributeConverter(ItemConverters.decimalAsNumber()))
            .addAttribute(Long.class, a -> a.name(UsageKeys.EXPIRES_AT).getter(LedgerItem::expiresAt).setter((b, v) -> b.expiresAt = v))
            .addAttribute(Boolean.class, a -> a.name("usage_estimated").getter(LedgerItem::usageEstimated)
                    .setter((b, v) -> b.usageEstimated = v))
            .build();

    private static final class Builder {
        String requestId;
        Instant time;
        LocalDate day;
        String teamId;
        String keyId;
        String route;
        String model;
        String modelId;
        long inputTokens;
        long outputTokens;
        long cacheReadTokens;
        long cacheWriteTokens;
        BigDecimal costUsd = BigDecimal.ZERO;
        BigDecimal costSavedUsd = BigDecimal.ZERO;
        long latencyMs;
        long overheadMs;
        int statusCode;
        String errorType;
        boolean cached;
        BigDecimal reservedUsd;
        long expiresAt;
        Boolean usageEstimated;

        LedgerItem build() {
            return new LedgerItem(requestId, time, day, teamId, keyId, route, model, modelId, inputTokens, outputTokens,
                    cacheReadTokens, cacheWriteTokens, costUsd, costSavedUsd, latencyMs, overheadMs, statusCode, errorType,
                    cached, reservedUsd, expiresAt, usageEstimated);
        }
    }
}
