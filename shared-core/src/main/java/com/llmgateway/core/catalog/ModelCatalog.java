package com.llmgateway.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model catalog: {@code catalog/models.json} on the classpath, extended or overridden without
 * a rebuild by {@code MODEL_CATALOG_OVERRIDES} (inline JSON or a file path, same shape).
 */
public final class ModelCatalog {

    public static final String OVERRIDES_ENV = "MODEL_CATALOG_OVERRIDES";

    private final List<ModelInfo> models;
    private final Map<String, ModelInfo> index;
    private final String source;
    private final String pricesAsOf;

    private ModelCatalog(List<ModelInfo> models, String source, String pricesAsOf) {
        this.models = List.copyOf(models);
        this.source = source;
        this.pricesAsOf = pricesAsOf;
        Map<String, ModelInfo> idx = new LinkedHashMap<>();
        for (ModelInfo m : models) {
            idx.putIfAbsent(m.bedrockModelId().toLowerCase(Locale.ROOT), m);
            if (m.inferenceProfileId() != null) {
                idx.putIfAbsent(m.inferenceProfileId().toLowerCase(Locale.ROOT), m);
            }
        }
        for (ModelInfo m : models) {
            for (String a : m.aliases()) {
                idx.put(a.toLowerCase(Locale.ROOT), m);
            }
        }
        for (ModelInfo m : models) {
            idx.put(m.name().toLowerCase(Locale.ROOT), m);
        }
        this.index = idx;
    }

    public static ModelCatalog load(Map<String, String> env) {
        JsonNode base;
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream("catalog/models.json")) {
            if (in == null) {
                throw new IllegalStateException("catalog/models.json is missing from the classpath");
            }
            base = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ModelInfo> models = parseModels(base, "catalog/models.json");
        String override = env.get(OVERRIDES_ENV);
        if (override != null && !override.isBlank()) {
            JsonNode extra;
            try {
                String text = override.trim().startsWith("{") ? override
                        : Files.readString(Path.of(override.trim()), StandardCharsets.UTF_8);
                extra = Json.MAPPER.readTree(text);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(OVERRIDES_ENV + " is neither valid JSON nor a readable JSON file: "
                        + e.getClass().getSimpleName());
            }
            List<ModelInfo> replacements = parseModels(extra, OVERRIDES_ENV);
            for (ModelInfo r : replacements) {
                int at = -1;
                for (int i = 0; i < models.size(); i++) {
                    if (models.get(i).name().equalsIgnoreCase(r.name())) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    models.set(at, r);
                } else {
                    models.add(r);
                }
            }
        }
        return new ModelCatalog(models, Json.text(base, "source"), Json.text(base, "prices_as_of"));
    }

    public static ModelCatalog fromJson(String json) {
        JsonNode root = Json.parse(json);
        return new ModelCatalog(parseModels(root, "catalog"), Json.text(root, "source"), Json.text(root, "prices_as_of"));
    }

    private static List<ModelInfo> parseModels(JsonNode root, String origin) {
        JsonNode arr = root.path("models");
        if (!arr.isArray()) {
            throw new IllegalStateException(origin + ": \"models\" must be an array");
        }
        List<ModelInfo> out = new ArrayList<>();
        for (JsonNode m : arr) {
            try {
                JsonNode caps = m.path("capabilities");
                List<String> aliases = new ArrayList<>();
                m.path("aliases").forEach(a -> aliases.add(a.asText()));
                out.add(new ModelInfo(
                        Json.text(m, "name"), Json.text(m, "bedrock_model_id"), Json.text(m, "inference_profile_id"),
                        Json.text(m, "provider"), Json.text(m, "description"),
                        m.path("context_window").asInt(), m.path("max_output_tokens").asInt(),
                        decimal(m, "input_price_per_1m"), decimal(m, "output_price_per_1m"),
                        decimal(m, "cache_read_price_per_1m"), decimal(m, "cache_write_price_per_1m"),
                        caps.path("system").asBoolean(true), caps.path("tools").asBoolean(false),
                        caps.path("vision").asBoolean(false),
                        m.path("lifecycle").asText("active"), aliases));
            } catch (RuntimeException e) {
                throw new IllegalStateException(origin + ": invalid model entry " + Json.text(m, "name") + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static BigDecimal decimal(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return new BigDecimal(v.isNumber() ? v.decimalValue().toPlainString() : v.asText().trim());
    }

    public Optional<ModelInfo> resolve(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(index.get(nameOrId.trim().toLowerCase(Locale.ROOT)));
    }

    public List<ModelInfo> models() {
        return models;
    }

    public boolean isKnownPattern(String pattern) {
        return models.stream().anyMatch(m -> matches(pattern, m));
    }

    public static boolean matches(String pattern, ModelInfo m) {
        if (pattern == null || pattern.isBlank()) {
            return false;
        }
        if (glob(pattern, m.name())) {
            return true;
        }
        return m.aliases().stream().anyMatch(a -> glob(pattern, a));
    }

    private static boolean glob(String pattern, String value) {
        String regex = ("\\Q" + pattern.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q");
        return value.toLowerCase(Locale.ROOT).matches(regex);
    }

    public String source() {
        return source;
    }

    public String pricesAsOf() {
        return pricesAsOf;
    }
}
