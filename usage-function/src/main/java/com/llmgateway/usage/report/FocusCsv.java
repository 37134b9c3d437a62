package com.llmgateway.usage.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.DayRollup;
import com.llmgateway.core.usage.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The chargeback report in the FinOps Open Cost and Usage Specification (FOCUS) 1.2, Cost and
 * Usage dataset, as CSV (RFC 4180, CRLF line ends, a null as an empty cell):
 * <a href="https://focus.finops.org/focus-specification/v1-2/">https://focus.finops.org/focus-specification/v1-2/</a>.
 *
 * <p>One row per team, UTC day, model and kind of token (input, output, cache read, cache write;
 * a kind without tokens has no row, except input, which every day's usage has): the charge period
 * is the day ({@code [day 00:00Z, next day 00:00Z)}), the billing period its calendar month. The
 * team is the sub account ({@code SubAccountId}) and is also in {@code Tags} with its cost centre;
 * the model is the resource ({@code ResourceId}); the kind of token is the SKU meter.
 *
 * <p>Money is exact and in {@link Money}'s form, the numbers of the JSON report: the rows of a
 * day rollup carry its recorded cost split by token kind at the catalog's prices, the input row
 * taking what is left after the others, so the rows of a rollup add up to its cost digit for digit
 * and {@code BilledCost} sums to the report's {@code cost_usd} exactly. (Where the catalog no
 * longer knows the model, or its prices changed so that the split would go below zero, the whole
 * cost goes on the input row.) There are no discounts or commitments, so ListCost, ContractedCost,
 * EffectiveCost and BilledCost are equal; cache hits cost nothing and have no rows of their own.
 */
public final class FocusCsv {

    /** The specification this export follows. */
    public static final String SPEC = "https://focus.finops.org/focus-specification/v1-2/";
    public static final String VERSION = "1.2";

    /** FOCUS 1.2 column ids, alphabetical as the specification lists them. */
    public static final List<String> HEADER = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingAccountType", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
            "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
            "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingCurrency", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName",
            "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceId",
            "SubAccountId", "SubAccountName", "SubAccountType", "Tags");

    static final String BILLING_ACCOUNT_ID = "llm-gateway";
    static final String BILLING_ACCOUNT_NAME = "LLM Gateway";
    static final String ISSUER = "LLM Gateway (internal chargeback)";
    static final String PROVIDER = "AWS";
    static final String SERVICE = "Amazon Bedrock";
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** The kinds of token a rollup counts, each a SKU meter with its catalog price. */
    private enum Kind {
        INPUT("input-tokens", "Input Tokens", Counters::inputTokens, ModelInfo::inputPricePer1M),
        OUTPUT("output-tokens", "Output Tokens", Counters::outputTokens, ModelInfo::outputPricePer1M),
        CACHE_READ("cache-read-tokens", "Cache Read Tokens", Counters::cacheReadTokens, ModelInfo::cacheReadPricePer1M),
        CACHE_WRITE("cache-write-tokens", "Cache Write Tokens", Counters::cacheWriteTokens, ModelInfo::cacheWritePricePer1M);

        final String sku;
        final String meter;
        final Function<Counters, Long> tokens;
        final Function<ModelInfo, BigDecimal> pricePer1M;

        Kind(String sku, String meter, Function<Counters, Long> tokens, Function<ModelInfo, BigDecimal> pricePer1M) {
            this.sku = sku;
            this.meter = meter;
            this.tokens = tokens;
            this.pricePer1M = pricePer1M;
        }
    }

    private FocusCsv() {
    }

    public static String render(Chargeback c, ModelCatalog catalog) {
        Map<String, TeamInfo> teams = c.rows().stream().map(Chargeback.Row::team)
                .collect(Collectors.toMap(TeamInfo::teamId, t -> t, (a, b) -> a, LinkedHashMap::new));
        StringBuilder out = new StringBuilder();
        ChargebackCsv.line(out, HEADER);
        List<DayRollup> days = new ArrayList<>(c.days());
        days.sort(Comparator.comparing(DayRollup::day).thenComparing(DayRollup::teamId).thenComparing(DayRollup::model));
        for (DayRollup r : days) {
            Counters n = r.counters();
            if (n.totalTokens() == 0 && n.costUsd().signum() == 0) {
                continue; // requests that used no tokens and cost nothing (refusals, cache hits): no charge
            }
            TeamInfo team = teams.getOrDefault(r.teamId(), new TeamInfo(r.teamId(), null, null, null));
            Optional<ModelInfo> model = catalog.resolve(r.model());
            Map<Kind, BigDecimal> cost = split(n, model.orElse(null));
            for (Kind k : Kind.values()) {
                long tokens = k.tokens.apply(n);
                if (k != Kind.INPUT && tokens == 0) {
                    continue;
                }
                ChargebackCsv.line(out, row(r, team, model.orElse(null), k, tokens, cost.get(k)));
            }
        }
        return out.toString();
    }

    /** The rollup's exact cost by kind: the catalog price for every kind but input, which takes the rest. */
    static Map<Kind, BigDecimal> split(Counters n, ModelInfo model) {
        Map<Kind, BigDecimal> cost = new LinkedHashMap<>();
        BigDecimal priced = BigDecimal.ZERO;
        for (Kind k : Kind.values()) {
            if (k == Kind.INPUT) {
                continue;
            }
            BigDecimal part = model == null ? BigDecimal.ZERO : priced(k.tokens.apply(n), k.pricePer1M.apply(model));
            cost.put(k, part);
            priced = priced.add(part);
        }
        if (model == null || priced.compareTo(n.costUsd()) > 0) {
            cost.replaceAll((k, v) -> BigDecimal.ZERO);
            priced = BigDecimal.ZERO;
        }
        cost.put(Kind.INPUT, n.costUsd().subtract(priced));
        return cost;
    }

    private static BigDecimal priced(long tokens, BigDecimal pricePer1M) {
        return tokens == 0 || pricePer1M == null ? BigDecimal.ZERO
                : pricePer1M.multiply(BigDecimal.valueOf(tokens)).divide(MILLION);
    }

    private static List<String> row(DayRollup r, TeamInfo team, ModelInfo model, Kind k, long tokens, BigDecimal cost) {
        LocalDate day = r.day();
        YearMonth month = YearMonth.from(day);
        BigDecimal unitPrice = model == null || k.pricePer1M.apply(model) == null ? null
                : k.pricePer1M.apply(model).divide(MILLION);
        String money = Money.format(cost);
        String price = unitPrice == null ? "" : unitPrice.stripTrailingZeros().toPlainString();
        String sku = r.model() + ":" + k.sku;
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("BilledCost", money);
        cells.put("BillingAccountId", BILLING_ACCOUNT_ID);
        cells.put("BillingAccountName", BILLING_ACCOUNT_NAME);
        cells.put("BillingAccountType", "Gateway");
        cells.put("BillingCurrency", "USD");
        cells.put("BillingPeriodEnd", instant(month.plusMonths(1).atDay(1)));
        cells.put("BillingPeriodStart", instant(month.atDay(1)));
        cells.put("ChargeCategory", "Usage");
        cells.put("ChargeClass", "");
        cells.put("ChargeDescription", k.meter + " of " + r.model() + " on Amazon Bedrock for team " + r.teamId());
        cells.put("ChargeFrequency", "Usage-Based");
        cells.put("ChargePeriodEnd", instant(day.plusDays(1)));
        cells.put("ChargePeriodStart", instant(day));
        cells.put("ConsumedQuantity", Long.toString(tokens));
        cells.put("ConsumedUnit", "Tokens");
        cells.put("ContractedCost", money);
        cells.put("ContractedUnitPrice", price);
        cells.put("EffectiveCost", money);
        cells.put("InvoiceIssuerName", ISSUER);
        cells.put("ListCost", money);
        cells.put("ListUnitPrice", price);
        cells.put("PricingCategory", "Standard");
        cells.put("PricingCurrency", "USD");
        cells.put("PricingQuantity", Long.toString(tokens));
        cells.put("PricingUnit", "Tokens");
        cells.put("ProviderName", PROVIDER);
        cells.put("PublisherName", model == null ? "" : publisher(model.provider()));
        cells.put("RegionId", "");
        cells.put("RegionName", "");
        cells.put("ResourceId", r.model());
        cells.put("ResourceName", r.model());
        cells.put("ResourceType", "Foundation Model");
        cells.put("ServiceCategory", "AI and Machine Learning");
        cells.put("ServiceName", SERVICE);
        cells.put("ServiceSubcategory", "Generative AI");
        cells.put("SkuId", sku);
        cells.put("SkuMeter", k.meter);
        cells.put("SkuPriceId", price.isEmpty() ? "" : sku);
        cells.put("SubAccountId", team.teamId());
        cells.put("SubAccountName", team.name() == null ? "" : team.name());
        cells.put("SubAccountType", "Team");
        cells.put("Tags", tags(team));
        return HEADER.stream().map(cells::get).toList();
    }

    /** FOCUS Date/Time format: ISO 8601 in UTC with a Z, to the second. */
    private static String instant(LocalDate day) {
        return day + "T00:00:00Z";
    }

    /** FOCUS Key-Value format: a JSON object; the team id always, the cost centre when the team has one. */
    private static String tags(TeamInfo team) {
        ObjectNode o = Json.object();
        o.put("team_id", team.teamId());
        if (team.costCenter() != null && !team.costCenter().isBlank()) {
            o.put("cost_center", team.costCenter());
        }
        return Json.write(o);
    }

    /** The catalog's lower-case model maker as a display name ("amazon" → "Amazon", "openai" → "OpenAI"). */
    static String publisher(String provider) {
        return switch (provider.toLowerCase(Locale.ROOT)) {
            case "amazon" -> "Amazon";
            case "anthropic" -> "Anthropic";
            case "meta" -> "Meta";
            case "mistral" -> "Mistral AI";
            case "openai" -> "OpenAI";
            case "deepseek" -> "DeepSeek";
            case "qwen" -> "Qwen";
            case "cohere" -> "Cohere";
            default -> provider.isEmpty() ? provider : Character.toUpperCase(provider.charAt(0)) + provider.substring(1);
        };
    }
}
