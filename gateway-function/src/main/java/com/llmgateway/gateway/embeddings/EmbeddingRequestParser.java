package com.llmgateway.gateway.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.EmbeddingSpec;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.TokenEstimator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's embeddings body into the neutral {@link EmbeddingRequest}: {@code model}, {@code input}
 * (a string, an array of strings, an array of token ids, or an array of such arrays),
 * {@code encoding_format} ({@code float} or {@code base64}), {@code dimensions}, {@code user}; and
 * two of the gateway's own, for Bedrock's models: {@code input_type} (Cohere's, default
 * {@code search_document}) and {@code normalize} (Titan's, default true). Every refusal is a 400
 * naming the parameter, or a 404 for an unknown model.
 */
public final class EmbeddingRequestParser {

    static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification", "clustering");

    private final ModelCatalog catalog;

    public EmbeddingRequestParser(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** The neutral request of an OpenAI embeddings body. */
    public EmbeddingRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw GatewayException.badRequest("The request body is not valid JSON.", null, "invalid_json");
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.badRequest("The request body must be a JSON object with 'model' and 'input'.", null,
                    "invalid_request");
        }
        return parse(root);
    }

    /** The neutral request of a body already read (an MCP tool's arguments, say). */
    public EmbeddingRequest parse(JsonNode root) {
        ModelInfo model = model(root.get("model"), catalog);
        List<String> texts = texts(root.get("input"), model);
        return new EmbeddingRequest(root.get("model").asText(), model, texts, dimensions(root.get("dimensions"), model),
                normalize(root.get("normalize"), model), inputType(root.get("input_type")), base64(root.get("encoding_format")));
        // 'user' is accepted and not used: it changes no vector, so it is neither sent nor part of the cache key.
    }

    /** The embedding model a request names; 404 for an unknown one, 400 for a chat model. */
    public static ModelInfo model(JsonNode node, ModelCatalog catalog) {
        if (node == null || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            throw GatewayException.badRequest("'model' is required: the name of an embedding model (GET /v1/models"
                    + " lists them with kind 'embedding').", "model", "missing_required_parameter");
        }
        String requested = node.asText();
        ModelInfo model = catalog.resolve(requested).orElseThrow(() -> GatewayException.notFound(
                "The model '" + Echo.cut(requested) + "' does not exist or is not offered by this gateway."
                        + " GET /v1/models lists the models you can use.", "model", "model_not_found"));
        if (!model.isEmbedding()) {
            throw GatewayException.badRequest("The model '" + model.name() + "' is a chat model; send it to"
                    + " POST /v1/chat/completions. POST /v1/embeddings takes the models that GET /v1/models lists"
                    + " with kind 'embedding'.", "model", "wrong_model_kind");
        }
        return model;
    }

    /** The inputs as texts: a string, strings, token ids, or arrays of token ids. */
    static List<String> texts(JsonNode input, ModelInfo model) {
        EmbeddingSpec spec = model.embedding();
        if (input == null || input.isNull()) {
            throw GatewayException.badRequest("'input' is required: a string or an array of strings.", "input",
                    "missing_required_parameter");
        }
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else if (input.isArray() && !input.isEmpty() && input.get(0).isIntegralNumber()) {
            texts.add(decode(input, "input"));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (item.isTextual()) {
                    texts.add(item.asText());
                } else if (item.isArray() && !item.isEmpty()) {
                    texts.add(decode(item, "input[" + i + "]"));
                } else {
                    throw GatewayException.badRequest("'input[" + i + "]' must be a string or a non-empty array of"
                            + " token ids.", "input", "invalid_type");
                }
                if (texts.size() > spec.maxBatch()) {
                    break;
                }
            }
        } else {
            throw GatewayException.badRequest("'input' must be a string, an array of strings, or an array of token"
                    + " ids.", "input", "invalid_type");
        }
        if (texts.isEmpty()) {
            throw GatewayException.badRequest("'input' must not be an empty array.", "input", "invalid_value");
        }
        if (texts.size() > spec.maxBatch()) {
            throw GatewayException.badRequest("'input' has more than " + spec.maxBatch() + " texts, the most model '"
                    + model.name() + "' takes in one request; split the batch.", "input", "too_many_inputs");
        }
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t.isEmpty()) {
                throw GatewayException.badRequest("'input" + (texts.size() > 1 ? "[" + i + "]" : "")
                        + "' must not be an empty string.", "input", "invalid_value");
            }
            if (t.length() > spec.maxInputChars() || TokenEstimator.estimateText(t) > model.contextWindow()) {
                throw GatewayException.badRequest("'input" + (texts.size() > 1 ? "[" + i + "]" : "")
                        + "' is longer than model '" + model.name() + "' takes (" + model.contextWindow()
                        + " tokens, " + spec.maxInputChars() + " characters per text).", "input", "input_too_long");
            }
        }
        return texts;
    }

    private static String decode(JsonNode ids, String where) {
        int[] out = new int[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw GatewayException.badRequest("'" + where + "' must be all strings or all token ids (whole numbers).",
                        "input", "invalid_type");
            }
            out[i] = id.intValue();
        }
        try {
            return TokenIds.decode(out);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("'" + where + "' holds token ids that are not in the cl100k_base encoding,"
                    + " the one this gateway decodes.", "input", "invalid_value");
        }
    }

    static int dimensions(JsonNode node, ModelInfo model) {
        EmbeddingSpec spec = model.embedding();
        if (node == null || node.isNull()) {
            return spec.defaultDimensions();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || !spec.dimensions().contains(node.intValue())) {
            throw GatewayException.badRequest("'dimensions' must be one of " + spec.dimensions() + " for model '"
                    + model.name() + "'.", "dimensions", "invalid_value");
        }
        return node.intValue();
    }

    static boolean normalize(JsonNode node, ModelInfo model) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            throw GatewayException.badRequest("'normalize' must be true or false.", "normalize", "invalid_type");
        }
        if (!node.booleanValue() && !model.embedding().normalize()) {
            throw GatewayException.badRequest("Model '" + model.name() + "' always returns unit vectors; 'normalize: false'"
                    + " is for models that offer the choice (titan-embed-text-v2).", "normalize", "unsupported_parameter");
        }
        return node.booleanValue();
    }

    static String inputType(JsonNode node) {
        if (node == null || node.isNull()) {
            return EmbeddingRequest.SEARCH_DOCUMENT;
        }
        if (!node.isTextual() || !INPUT_TYPES.contains(node.asText())) {
            throw GatewayException.badRequest("'input_type' must be one of " + INPUT_TYPES.stream().sorted().toList() + ".",
                    "input_type", "invalid_value");
        }
        return node.asText();
    }

    static boolean base64(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isTextual() && node.asText().equals("float")) {
            return false;
        }
        if (node.isTextual() && node.asText().equals("base64")) {
            return true;
        }
        throw GatewayException.badRequest("'encoding_format' must be 'float' or 'base64'.", "encoding_format", "invalid_value");
    }
}
