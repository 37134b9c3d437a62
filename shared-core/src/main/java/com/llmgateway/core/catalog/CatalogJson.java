package com.llmgateway.core.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llmgateway.core.json.Json;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the catalog file shape ({@code catalog/models.json}, and the same shape in overrides)
 * into {@link ModelInfo} values. Strict on purpose: a misspelt field, a duplicate key or a price
 * that is not a decimal is an error naming the entry and the field, never a silent default.
 * Prices are read as decimal text into {@link BigDecimal}; no price passes through a double.
 */
final class CatalogJson {

    /** The parsed file: top-level facts plus the models in file order. */
    record Document(String source, String pricesAsOf, String currency, String region,
                    Map<String, String> retiredNames, List<ModelInfo> models) {
    }

    private static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> CATALOG_FIELDS =
            Set.of("source", "prices_as_of", "currency", "region", "notes", "retired_names", "models");
    private static final Set<String> OVERRIDE_FIELDS = Set.of("notes", "models");
    private static final Set<String> MODEL_FIELDS = Set.of("name", "bedrock_model_id", "inference_profile_id",
            "provider", "description", "context_window", "max_output_tokens", "input_price_per_1m",
            "output_price_per_1m", "cache_read_price_per_1m", "cache_write_price_per_1m", "capabilities",
            "lifecycle", "aliases", "notes", "kind", "embedding");
    private static final Set<String> EMBEDDING_FIELDS = Set.of("family", "dimensions", "default_dimensions",
            "max_batch", "max_input_chars", "normalize");
    private static final Set<String> CAPABILITY_FIELDS = Set.of("system", "tools", "vision");

    private CatalogJson() {
    }

    /** A whole catalog: {@code models} plus optional source, prices_as_of, currency, region, retired_names. */
    static Document parseCatalog(String json) {
        JsonNode root = readObject(json);
        rejectUnknown(root, CATALOG_FIELDS, "catalog");
        String pricesAsOf = optionalText(root, "prices_as_of", "catalog");
        if (pricesAsOf != null) {
            try {
                LocalDate.parse(pricesAsOf);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("prices_as_of must be a date YYYY-MM-DD, got '" + pricesAsOf + "'");
            }
        }
        String currency = optionalText(root, "currency", "catalog");
        if (currency != null && !currency.equals("USD")) {
            throw new IllegalArgumentException("currency must be USD (all cost math is in US dollars), got '" + currency + "'");
        }
        return new Document(optionalText(root, "source", "catalog"), pricesAsOf, currency,
                optionalText(root, "region", "catalog"), retiredNames(root), models(root));
    }

    /** An override document: {@code {"models":[...]}} with complete model entries. */
    static List<ModelInfo> parseOverrides(String json) {
        JsonNode root = readObject(json);
        rejectUnknown(root, OVERRIDE_FIELDS, "overrides");
        return models(root);
    }

    private static JsonNode readObject(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("the document is empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the document must be a JSON object with a \"models\" array");
        }
        return root;
    }

    private static Map<String, String> retiredNames(JsonNode root) {
        JsonNode node = root.get("retired_names");
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("retired_names must be an object of retired name -> model name");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new IllegalArgumentException("retired_names." + e.getKey() + " must name a model");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static List<ModelInfo> models(JsonNode root) {
        JsonNode array = root.get("models");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("\"models\" must be an array of model entries");
        }
        List<ModelInfo> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(model(array.get(i), i));
        }
        return out;
    }

    private static ModelInfo model(JsonNode node, int index) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("models[" + index + "] must be an object");
        }
        String name = node.hasNonNull("name") && node.get("name").isTextual() ? node.get("name").asText() : null;
        String where = "models[" + index + "]" + (name == null ? "" : " (" + name + ")");
        rejectUnknown(node, MODEL_FIELDS, where);
        JsonNode caps = node.get("capabilities");
        if (caps == null || !caps.isObject()) {
            throw new IllegalArgumentException(where + ": capabilities must be an object {\"system\":bool,\"tools\":bool,\"vision\":bool}");
        }
        rejectUnknown(caps, CAPABILITY_FIELDS, where + ".capabilities");
        String lifecycle = optionalText(node, "lifecycle", where);
        String kind = optionalText(node, "kind", where);
        boolean embeddingModel = ModelInfo.EMBEDDING.equals(kind);
        try {
            return new ModelInfo(
                    requiredText(node, "name", where),
                    requiredText(node, "bedrock_model_id", where),
                    optionalText(node, "inference_profile_id", where),
                    requiredText(node, "provider", where),
                    optionalText(node, "description", where),
                    requiredInt(node, "context_window", where),
                    embeddingModel && !node.hasNonNull("max_output_tokens") ? 0 : requiredInt(node, "max_output_tokens", where),
                    price(node, "input_price_per_1m", where, true),
                    embeddingModel && !node.hasNonNull("output_price_per_1m") ? java.math.BigDecimal.ZERO
                            : price(node, "output_price_per_1m", where, true),
                    price(node, "cache_read_price_per_1m", where, false),
                    price(node, "cache_write_price_per_1m", where, false),
                    requiredBoolean(caps, "system", where),
                    requiredBoolean(caps, "tools", where),
                    requiredBoolean(caps, "vision", where),
                    lifecycle == null ? ModelInfo.ACTIVE : lifecycle,
                    aliases(node, where), kind, embedding(node.get("embedding"), where));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("models[")) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** The {@code embedding} block of an embedding model, or null when the entry has none. */
    private static EmbeddingSpec embedding(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": embedding must be an object");
        }
        rejectUnknown(node, EMBEDDING_FIELDS, where + ".embedding");
        JsonNode dims = node.get("dimensions");
        if (dims == null || !dims.isArray()) {
            throw new IllegalArgumentException(where + ": embedding.dimensions must be an array of sizes");
        }
        List<Integer> sizes = new ArrayList<>();
        for (JsonNode d : dims) {
            if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                throw new IllegalArgumentException(where + ": embedding.dimensions must be whole numbers, got " + d);
            }
            sizes.add(d.intValue());
        }
        JsonNode normalize = node.get("normalize");
        if (normalize != null && !normalize.isBoolean()) {
            throw new IllegalArgumentException(where + ": embedding.normalize must be true or false");
        }
        return new EmbeddingSpec(requiredText(node, "family", where + ".embedding"), sizes,
                requiredInt(node, "default_dimensions", where + ".embedding"),
                requiredInt(node, "max_batch", where + ".embedding"),
                requiredInt(node, "max_input_chars", where + ".embedding"),
                normalize != null && normalize.booleanValue());
    }

    private static List<String> aliases(JsonNode node, String where) {
        JsonNode array = node.get("aliases");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException(where + ": aliases must be an array of names");
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode a : array) {
            if (!a.isTextual()) {
                throw new IllegalArgumentException(where + ": aliases must be strings, got " + a);
            }
            out.add(a.asText());
        }
        return out;
    }

    /** A price from a decimal string ("0.035") or a JSON number, via {@code new BigDecimal(text)}. */
    private static BigDecimal price(JsonNode node, String field, String where, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(where + ": " + field + " is required");
            }
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a decimal string such as \"0.035\", got " + v);
        }
        String text = v.isTextual() ? v.asText().trim() : v.numberValue().toString();
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + field + " must be a decimal such as \"0.035\", got '" + v.asText() + "'");
        }
    }

    private static int requiredInt(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + ": " + field + " is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a whole number of tokens, got " + v);
        }
        return v.intValue();
    }

    private static boolean requiredBoolean(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException(where + ": capabilities." + field + " must be true or false");
        }
        return v.booleanValue();
    }

    private static String requiredText(JsonNode node, String field, String where) {
        String v = optionalText(node, field, where);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(where + ": " + field + " is required");
        }
        return v;
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a string, got " + v);
        }
        return v.asText();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new IllegalArgumentException(where + ": unknown field \"" + field + "\" (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
