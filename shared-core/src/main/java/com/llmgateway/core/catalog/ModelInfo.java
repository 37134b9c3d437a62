package com.llmgateway.core.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One model of the catalog: how to call it on Bedrock, what it can do and what it costs.
 *
 * <p>Prices are US dollars per 1,000,000 tokens. The cache prices are null where Bedrock does
 * not bill prompt caching for the model; {@link CostCalculator} then prices those tokens at zero,
 * which is right because Bedrock reports none for such a model.
 *
 * @param name                 short, stable name that clients send (e.g. {@code nova-micro})
 * @param bedrockModelId       the foundation-model id (e.g. {@code amazon.nova-micro-v1:0})
 * @param inferenceProfileId   the cross-region inference profile Bedrock requires for on-demand
 *                             use in the gateway's Region, or null when the model id works as is
 * @param provider             model maker, lower case (amazon, anthropic, meta, ...)
 * @param description          one line for {@code /v1/models}
 * @param contextWindow        maximum input plus output tokens
 * @param maxOutputTokens      largest {@code max_tokens} the model accepts
 * @param inputPricePer1M      USD per 1M uncached input tokens
 * @param outputPricePer1M     USD per 1M output tokens
 * @param cacheReadPricePer1M  USD per 1M input tokens read from the prompt cache, or null
 * @param cacheWritePricePer1M USD per 1M input tokens written to the prompt cache, or null
 * @param lifecycle            {@code active}, or {@code legacy} for a superseded model still served
 * @param aliases              other names that resolve to this model (retired names included)
 * @param kind                 {@value #CHAT} (Converse: {@code /v1/chat/completions}) or {@value #EMBEDDING}
 *                             ({@code InvokeModel}: {@code /v1/embeddings})
 * @param embedding            for an embedding model, its dimensions, input limits and request family; else null.
 *                             An embedding model's {@code contextWindow} is its maximum input per text, its
 *                             {@code maxOutputTokens} and output price are 0
 */
public record ModelInfo(String name, String bedrockModelId, String inferenceProfileId, String provider,
                        String description, int contextWindow, int maxOutputTokens,
                        BigDecimal inputPricePer1M, BigDecimal outputPricePer1M,
                        BigDecimal cacheReadPricePer1M, BigDecimal cacheWritePricePer1M,
                        boolean supportsSystem, boolean supportsTools, boolean supportsVision,
                        String lifecycle, List<String> aliases, String kind, EmbeddingSpec embedding) {

    public static final String ACTIVE = "active";
    public static final String LEGACY = "legacy";
    public static final String CHAT = "chat";
    public static final String EMBEDDING = "embedding";

    /** A chat model. */
    public ModelInfo(String name, String bedrockModelId, String inferenceProfileId, String provider,
                     String description, int contextWindow, int maxOutputTokens,
                     BigDecimal inputPricePer1M, BigDecimal outputPricePer1M,
                     BigDecimal cacheReadPricePer1M, BigDecimal cacheWritePricePer1M,
                     boolean supportsSystem, boolean supportsTools, boolean supportsVision,
                     String lifecycle, List<String> aliases) {
        this(name, bedrockModelId, inferenceProfileId, provider, description, contextWindow, maxOutputTokens,
                inputPricePer1M, outputPricePer1M, cacheReadPricePer1M, cacheWritePricePer1M, supportsSystem,
                supportsTools, supportsVision, lifecycle, aliases, CHAT, null);
    }

    public ModelInfo {
        kind = kind == null ? CHAT : kind;
        if (!CHAT.equals(kind) && !EMBEDDING.equals(kind)) {
            throw new IllegalArgumentException("kind of " + name + " must be chat or embedding, got " + kind);
        }
        if (EMBEDDING.equals(kind) != (embedding != null)) {
            throw new IllegalArgumentException("model " + name + ": an embedding model, and only one, has an embedding block");
        }
        requireText(name, "model name");
        requireText(bedrockModelId, "bedrock_model_id of " + name);
        if (inferenceProfileId != null && inferenceProfileId.isBlank()) {
            throw new IllegalArgumentException("inference_profile_id of " + name + " must be null or non-blank");
        }
        requireText(provider, "provider of " + name);
        description = description == null ? "" : description;
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("context_window of " + name + " must be positive, got " + contextWindow);
        }
        if (CHAT.equals(kind) ? maxOutputTokens <= 0 : maxOutputTokens != 0) {
            throw new IllegalArgumentException("max_output_tokens of " + name + " must be " + (CHAT.equals(kind) ? "positive" : "0 (or absent) for an embedding model")
                    + ", got " + maxOutputTokens);
        }
        requirePrice(name, "input_price_per_1m", inputPricePer1M, false);
        requirePrice(name, "output_price_per_1m", outputPricePer1M, false);
        requirePrice(name, "cache_read_price_per_1m", cacheReadPricePer1M, true);
        requirePrice(name, "cache_write_price_per_1m", cacheWritePricePer1M, true);
        if (!ACTIVE.equals(lifecycle) && !LEGACY.equals(lifecycle)) {
            throw new IllegalArgumentException("lifecycle of " + name + " must be active or legacy, got " + lifecycle);
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        for (String alias : aliases) {
            requireText(alias, "alias of " + name);
        }
    }

    /** The id to put in a Bedrock call: the inference profile where Bedrock requires one, else the model id. */
    public String invokeId() {
        return inferenceProfileId != null ? inferenceProfileId : bedrockModelId;
    }

    /** Whether this is an embedding model ({@code /v1/embeddings}), not a chat model. */
    public boolean isEmbedding() {
        return EMBEDDING.equals(kind);
    }

    /** Whether the model is superseded but still served. */
    public boolean isLegacy() {
        return LEGACY.equals(lifecycle);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    private static void requirePrice(String model, String field, BigDecimal price, boolean nullable) {
        if (price == null) {
            if (nullable) {
                return;
            }
            throw new IllegalArgumentException(field + " of " + model + " is required");
        }
        if (price.signum() < 0) {
            throw new IllegalArgumentException(field + " of " + model + " must not be negative, got " + price.toPlainString());
        }
    }

    /** Equal prices compare equal whatever their scale ("0.80" and "0.8"). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelInfo other)) {
            return false;
        }
        return contextWindow == other.contextWindow && maxOutputTokens == other.maxOutputTokens
                && supportsSystem == other.supportsSystem && supportsTools == other.supportsTools
                && supportsVision == other.supportsVision
                && name.equals(other.name) && bedrockModelId.equals(other.bedrockModelId)
                && Objects.equals(inferenceProfileId, other.inferenceProfileId)
                && provider.equals(other.provider) && description.equals(other.description)
                && samePrice(inputPricePer1M, other.inputPricePer1M)
                && samePrice(outputPricePer1M, other.outputPricePer1M)
                && samePrice(cacheReadPricePer1M, other.cacheReadPricePer1M)
                && samePrice(cacheWritePricePer1M, other.cacheWritePricePer1M)
                && lifecycle.equals(other.lifecycle) && aliases.equals(other.aliases)
                && kind.equals(other.kind) && Objects.equals(embedding, other.embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, bedrockModelId, inferenceProfileId, provider, description, contextWindow,
                maxOutputTokens, normal(inputPricePer1M), normal(outputPricePer1M), normal(cacheReadPricePer1M),
                normal(cacheWritePricePer1M), supportsSystem, supportsTools, supportsVision, lifecycle, aliases, kind, embedding);
    }

    private static boolean samePrice(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static BigDecimal normal(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros();
    }
}
