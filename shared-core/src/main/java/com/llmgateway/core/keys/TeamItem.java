package com.llmgateway.core.keys;

import com.llmgateway.core.store.ItemConverters;
import com.llmgateway.core.store.Tables;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * A team as a keys-table item, mapped by a static (reflection-free) table schema. The format
 * (Terraform seeds the same items):
 * <pre>
 * pk = "TEAM#{team_id}"   sk = "TEAM"   gsi1pk = "TEAMS"   gsi1sk = "TEAM#{team_id}"
 * team_id S, name S, cost_center S (absent when none),
 * limits M {rpm N, input_tpm N, output_tpm N},
 * model_limits M {model name: M {rpm N, input_tpm N, output_tpm N}} (may be empty),
 * allowed_models L of S, monthly_budget_usd S (decimal text, absent when no budget),
 * cache M {ttl_seconds N, shared BOOL, enabled BOOL}, enabled BOOL, created_at S, updated_at S (ISO-8601 UTC)
 * </pre>
 * The budget is a string because DynamoDB normalises numbers ("250.00" would come back "250").
 * Reading is as lenient as the stored data has been: allowed_models as SS, the budget as N, a
 * missing cache policy or {@code enabled} take their defaults, an empty allow-list means "*".
 */
final class TeamItem {

    static final String SK = "TEAM";
    static final String LIST_PK = "TEAMS";

    private TeamItem() {
    }

    static String pk(String teamId) {
        return "TEAM#" + teamId;
    }

    static Key key(String teamId) {
        return Key.builder().partitionValue(pk(teamId)).sortValue(SK).build();
    }

    private static final TableSchema<RateLimits> LIMITS = StaticImmutableTableSchema.builder(RateLimits.class, LimitsBuilder.class)
            .newItemBuilder(LimitsBuilder::new, LimitsBuilder::build)
            .addAttribute(Long.class, a -> a.name("rpm").getter(RateLimits::rpm).setter((b, v) -> b.rpm = v))
            .addAttribute(Long.class, a -> a.name("input_tpm").getter(RateLimits::inputTpm).setter((b, v) -> b.inputTpm = v))
            .addAttribute(Long.class, a -> a.name("output_tpm").getter(RateLimits::outputTpm).setter((b, v) -> b.outputTpm = v))
            .build();

    private static final TableSchema<CachePolicy> CACHE = StaticImmutableTableSchema.builder(CachePolicy.class, CacheBuilder.class)
            .newItemBuilder(CacheBuilder::new, CacheBuilder::build)
            .addAttribute(Long.class, a -> a.name("ttl_seconds").getter(CachePolicy::ttlSeconds).setter((b, v) -> b.ttlSeconds = v))
            .addAttribute(Boolean.class, a -> a.name("shared").getter(CachePolicy::shared).setter((b, v) -> b.shared = v))
            .addAttribute(Boolean.class, a -> a.name("enabled").getter(CachePolicy::enabled).setter((b, v) -> b.enabled = v))
            .build();

    private static final EnhancedType<RateLimits> LIMITS_TYPE = EnhancedType.documentOf(RateLimits.class, LIMITS);

    /** The team item's schema; its gsi1 keys list every team under {@code gsi1pk = "TEAMS"}. */
    static final TableSchema<Team> SCHEMA = StaticImmutableTableSchema.builder(Team.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, a -> a.name(Tables.PK).getter(t -> pk(t.teamId())).setter((b, v) -> { })
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(Tables.SK).getter(t -> SK).setter((b, v) -> { })
                    .tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(Tables.GSI1_PK).getter(t -> LIST_PK).setter((b, v) -> { })
                    .tags(secondaryPartitionKey(Tables.GSI1)))
            .addAttribute(String.class, a -> a.name(Tables.GSI1_SK).getter(t -> pk(t.teamId())).setter((b, v) -> { })
                    .tags(secondarySortKey(Tables.GSI1)))
            .addAttribute(String.class, a -> a.name("team_id").getter(Team::teamId).setter((b, v) -> b.teamId = v))
            .addAttribute(String.class, a -> a.name("name").getter(Team::name).setter((b, v) -> b.name = v))
            .addAttribute(String.class, a -> a.name("cost_center").getter(Team::costCenter).setter((b, v) -> b.costCenter = v))
            .addAttribute(LIMITS_TYPE, a -> a.name("limits").getter(Team::limits).setter((b, v) -> b.limits = v))
            .addAttribute(EnhancedType.mapOf(EnhancedType.of(String.class), LIMITS_TYPE), a -> a.name("model_limits")
                    .getter(Team::modelLimits).setter((b, v) -> b.modelLimits = v))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("allowed_models").getter(Team::allowedModels)
                    .setter((b, v) -> b.allowedModels = v).attributeConverter(ItemConverters.stringList()))
            .addAttribute(BigDecimal.class, a -> a.name("monthly_budget_usd").getter(Team::monthlyBudgetUsd)
                    .setter((b, v) -> b.monthlyBudgetUsd = v).attributeConverter(ItemConverters.decimalAsString()))
            .addAttribute(EnhancedType.documentOf(CachePolicy.class, CACHE), a -> a.name("cache").getter(Team::cache)
                    .setter((b, v) -> b.cache = v))
            .addAttribute(Boolean.class, a -> a.name("enabled").getter(Team::enabled).setter((b, v) -> b.enabled = v))
            .addAttribute(String.class, a -> a.name("created_at").getter(Team::createdAt).setter((b, v) -> b.createdAt = v))
            .addAttribute(String.class, a -> a.name("updated_at").getter(Team::updatedAt).setter((b, v) -> b.updatedAt = v))
            .build();

    /** What a stored item's attributes set, before the {@link Team} invariants are applied. */
    private static final class Builder {
        String teamId;
        String name;
        String costCenter;
        RateLimits limits;
        Map<String, RateLimits> modelLimits;
        List<String> allowedModels;
        BigDecimal monthlyBudgetUsd;
        CachePolicy cache;
        Boolean enabled;
        String createdAt;
        String updatedAt;

        Team build() {
            return new Team(teamId, name, costCenter, limits, modelLimits,
                    allowedModels == null || allowedModels.isEmpty() ? List.of("*") : allowedModels,
                    monthlyBudgetUsd, cache == null ? new CacheBuilder().build() : cache,
                    enabled == null || enabled, createdAt, updatedAt);
        }
    }

    private static final class LimitsBuilder {
        long rpm;
        long inputTpm;
        long outputTpm;

        RateLimits build() {
            return new RateLimits(rpm, inputTpm, outputTpm);
        }
    }

    /** The defaults of a policy (or of a field) the item does not carry. */
    private static final class CacheBuilder {
        boolean enabled = true;
        long ttlSeconds = 3600;
        boolean shared = false;

        CachePolicy build() {
            return new CachePolicy(enabled, ttlSeconds, shared);
        }
    }
}
