package com.llmgateway.gateway.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}: the catalog in OpenAI's model-list
 * shape, with the gateway's extra facts (provider, prices per 1K and per 1M tokens as exact
 * decimal strings in the one money form, limits, capabilities, lifecycle, and the superseded names that resolve to a model).
 */
public final class ModelsService {

    private final ModelCatalog catalog;
    private final long created;

    public ModelsService(ModelCatalog catalog) {
        this.catalog = catalog;
        this.created = created(catalog.pricesAsOf());
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public ObjectNode list() {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        catalog.models().forEach(m -> data.add(model(m)));
        return root;
    }

    /** One model by name, alias or Bedrock id; a 404 pointing at the list otherwise. */
    public ObjectNode get(String name) {
        ModelInfo m = catalog.resolve(name).orElseThrow(() -> GatewayException.notFound(
                "The model '" + Echo.cut(name) + "' does not exist or is not offered by this gateway."
                        + " GET /v1/models lists the models you can use.", "model", "model_not_found"));
        ObjectNode o = model(m);
        if (!m.name().equalsIgnoreCase(name.trim())) {
            o.put("resolved_from", name.trim());
        }
        return o;
    }

    ObjectNode model(ModelInfo m) {
        ObjectNode o = Json.object();
        o.put("id", m.name());
        o.put("object", "model");
        o.put("created", created);
        o.put("owned_by", m.provider());
        o.put("provider", m.provider());
        o.put("description", m.description());
        o.put("kind", m.kind());
        o.put("bedrock_model_id", m.bedrockModelId());
        o.put("inference_profile_id", m.inferenceProfileId());
        o.set("pricing", pricing(m));
        o.put("context_window", m.contextWindow());
        o.put("max_output_tokens", m.maxOutputTokens());
        ObjectNode caps = o.putObject("capabilities");
        caps.put("system", m.supportsSystem());
        caps.put("tools", m.supportsTools());
        caps.put("vision", m.supportsVision());
        caps.put("streaming", false);
        if (m.isEmbedding()) {
            ObjectNode e = o.putObject("embedding");
            ArrayNode dims = e.putArray("dimensions");
            m.embedding().dimensions().forEach(dims::add);
            e.put("default_dimensions", m.embedding().defaultDimensions());
            e.put("max_inputs", m.embedding().maxBatch());
            e.put("max_input_tokens", m.contextWindow());
            e.put("max_input_chars", m.embedding().maxInputChars());
            e.put("normalize", m.embedding().normalize());
            e.put("route", "POST /v1/embeddings");
        }
        o.put("lifecycle", m.lifecycle());
        // Aliases are the names of superseded models that now resolve to this one.
        ArrayNode aliases = o.putArray("aliases");
        m.aliases().forEach(aliases::add);
        o.put("supersedes", aliases.isEmpty() ? null
                : "Requests for " + String.join(", ", m.aliases()) + " are served by " + m.name() + ".");
        return o;
    }

    static ObjectNode pricing(ModelInfo m) {
        ObjectNode p = Json.object();
        p.put("currency", "USD");
        p.put("input_per_1m_tokens", plain(m.inputPricePer1M()));
        p.put("output_per_1m_tokens", plain(m.outputPricePer1M()));
        p.put("input_per_1k_tokens", plain(m.inputPricePer1M().movePointLeft(3)));
        p.put("output_per_1k_tokens", plain(m.outputPricePer1M().movePointLeft(3)));
        p.put("cache_read_per_1m_tokens", plain(m.cacheReadPricePer1M()));
        p.put("cache_write_per_1m_tokens", plain(m.cacheWritePricePer1M()));
        return p;
    }

    /** Prices are money too: written in the one money form of every answer ({@link Money}); null stays null. */
    private static String plain(BigDecimal v) {
        return v == null ? null : Money.format(v);
    }

    /** OpenAI's "created" is a Unix time; the catalog's prices date stands in for it. */
    private static long created(String pricesAsOf) {
        if (pricesAsOf == null) {
            return 0;
        }
        try {
            return LocalDate.parse(pricesAsOf).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
