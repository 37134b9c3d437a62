package com.llmgateway.core.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** One model of the catalog, with its Bedrock ids, limits, prices per 1M tokens and capabilities. */
public record ModelInfo(String name, String bedrockModelId, String inferenceProfileId, String provider,
                        String description, int contextWindow, int maxOutputTokens,
                        BigDecimal inputPricePer1M, BigDecimal outputPricePer1M,
                        BigDecimal cacheReadPricePer1M, BigDecimal cacheWritePricePer1M,
                        boolean supportsSystem, boolean supportsTools, boolean supportsVision,
                        String lifecycle, List<String> aliases) {

    public static final String ACTIVE = "active";
    public static final String LEGACY = "legacy";

    public ModelInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        if (bedrockModelId == null || bedrockModelId.isBlank()) {
            throw new IllegalArgumentException("bedrock_model_id of " + name + " must not be blank");
        }
        if (contextWindow <= 0 || maxOutputTokens <= 0) {
            throw new IllegalArgumentException("context_window and max_output_tokens of " + name + " must be positive");
        }
        requireNonNegative(name, "input_price_per_1m", Objects.requireNonNull(inputPricePer1M, "input price of " + name));
        requireNonNegative(name, "output_price_per_1m", Objects.requireNonNull(outputPricePer1M, "output price of " + name));
        if (cacheReadPricePer1M != null) {
            requireNonNegative(name, "cache_read_price_per_1m", cacheReadPricePer1M);
        }
        if (cacheWritePricePer1M != null) {
            requireNonNegative(name, "cache_write_price_per_1m", cacheWritePricePer1M);
        }
        if (!"active".equals(lifecycle) && !"legacy".equals(lifecycle)) {
            throw new IllegalArgumentException("lifecycle of " + name + " must be active or legacy");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** The id to call Bedrock with: the inference profile where Bedrock requires one, else the model id. */
    public String invokeId() {
        return inferenceProfileId != null ? inferenceProfileId : bedrockModelId;
    }

    private static void requireNonNegative(String name, String field, BigDecimal v) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException(field + " of " + name + " must not be negative");
        }
    }
}
