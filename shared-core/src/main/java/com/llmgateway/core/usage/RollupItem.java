package com.llmgateway.core.usage;

import com.llmgateway.core.store.ItemConverters;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * A usage rollup item (a team's day-and-model item or its month item, layout in {@link UsageKeys})
 * as the readers see it, mapped by a static (reflection-free) table schema. Read only: the
 * recorder keeps writing rollups with the low-level client's ADD updates, since a counter
 * increment is no item mapping. A counter the item lacks reads as zero.
 */
final class RollupItem {

    String pk;
    String sk;
    String gsi1pk;
    String gsi1sk;
    String teamId;
    String day;
    String model;
    Long requests;
    Long inputTokens;
    Long outputTokens;
    Long cacheReadTokens;
    Long cacheWriteTokens;
    Long cacheHits;
    Long errors;
    Long throttles;
    BigDecimal costUsd;
    BigDecimal costSavedUsd;
    BigDecimal committedUsd;

    static final TableSchema<RollupItem> SCHEMA = build();

    private static TableSchema<RollupItem> build() {
        StaticTableSchema.Builder<RollupItem> b = StaticTableSchema.builder(RollupItem.class).newItemSupplier(RollupItem::new)
                .addAttribute(String.class, a -> a.name(UsageKeys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(UsageKeys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v)
                        .tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(UsageKeys.GSI1_PK).getter(i -> i.gsi1pk).setter((i, v) -> i.gsi1pk = v)
                        .tags(secondaryPartitionKey(UsageKeys.GSI1)))
                .addAttribute(String.class, a -> a.name(UsageKeys.GSI1_SK).getter(i -> i.gsi1sk).setter((i, v) -> i.gsi1sk = v)
                        .tags(secondarySortKey(UsageKeys.GSI1)))
                .addAttribute(String.class, a -> a.name(UsageKeys.TEAM_ID).getter(i -> i.teamId).setter((i, v) -> i.teamId = v))
                .addAttribute(String.class, a -> a.name(UsageKeys.DAY).getter(i -> i.day).setter((i, v) -> i.day = v))
                .addAttribute(String.class, a -> a.name(UsageKeys.MODEL).getter(i -> i.model).setter((i, v) -> i.model = v));
        count(b, UsageKeys.REQUESTS, i -> i.requests, (i, v) -> i.requests = v);
        count(b, UsageKeys.INPUT_TOKENS, i -> i.inputTokens, (i, v) -> i.inputTokens = v);
        count(b, UsageKeys.OUTPUT_TOKENS, i -> i.outputTokens, (i, v) -> i.outputTokens = v);
        count(b, UsageKeys.CACHE_READ_TOKENS, i -> i.cacheReadTokens, (i, v) -> i.cacheReadTokens = v);
        count(b, UsageKeys.CACHE_WRITE_TOKENS, i -> i.cacheWriteTokens, (i, v) -> i.cacheWriteTokens = v);
        count(b, UsageKeys.CACHE_HITS, i -> i.cacheHits, (i, v) -> i.cacheHits = v);
        count(b, UsageKeys.ERRORS, i -> i.errors, (i, v) -> i.errors = v);
        count(b, UsageKeys.THROTTLES, i -> i.throttles, (i, v) -> i.throttles = v);
        money(b, UsageKeys.COST_USD, i -> i.costUsd, (i, v) -> i.costUsd = v);
        money(b, UsageKeys.COST_SAVED_USD, i -> i.costSavedUsd, (i, v) -> i.costSavedUsd = v);
        money(b, UsageKeys.COMMITTED_USD, i -> i.committedUsd, (i, v) -> i.committedUsd = v);
        return b.build();
    }

    private static void count(StaticTableSchema.Builder<RollupItem> b, String name, Function<RollupItem, Long> get,
                              BiConsumer<RollupItem, Long> set) {
        b.addAttribute(Long.class, a -> a.name(name).getter(get).setter(set));
    }

    private static void money(StaticTableSchema.Builder<RollupItem> b, String name, Function<RollupItem, BigDecimal> get,
                              BiConsumer<RollupItem, BigDecimal> set) {
        b.addAttribute(BigDecimal.class, a -> a.name(name).getter(get).setter(set)
                .attributeConverter(ItemConverters.decimalAsNumber()));
    }

    Counters counters() {
        return new Counters(n(requests), n(inputTokens), n(outputTokens), n(cacheReadTokens), n(cacheWriteTokens),
                usd(costUsd), usd(costSavedUsd), n(cacheHits), n(errors), n(throttles));
    }

    DayRollup dayRollup() {
        return new DayRollup(teamId, LocalDate.parse(day), model == null ? UsageKeys.NO_MODEL : model, counters());
    }

    BigDecimal committedUsd() {
        return usd(committedUsd);
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static BigDecimal usd(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }
}
