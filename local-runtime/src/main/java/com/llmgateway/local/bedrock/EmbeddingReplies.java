package com.llmgateway.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The Bedrock stand-in's {@code InvokeModel} answers for the embedding models, in each family's
 * own request and response shape:
 * <ul>
 *   <li>Titan Text Embeddings V2 ({@code amazon.titan-embed-text-v2:0}): {@code {"inputText","dimensions","normalize"}}
 *       in, {@code {"embedding":[...],"embeddingsByType":{"float":[...]},"inputTextTokenCount":n}} out;</li>
 *   <li>Cohere Embed v3 ({@code cohere.embed-english-v3}, {@code cohere.embed-multilingual-v3}) and v4
 *       ({@code cohere.embed-v4:0}): {@code {"texts":[...],"input_type",...}} in,
 *       {@code {"embeddings":[[...]],"id","response_type":"embeddings_floats","texts"}} out, or
 *       {@code "embeddings":{"float":[[...]]}} with {@code response_type: embeddings_by_type} when
 *       {@code embedding_types} is given (v4 always);</li>
 *   <li>Nova Multimodal Embeddings ({@code amazon.nova-2-multimodal-embeddings-v1:0}):
 *       {@code {"taskType":"SINGLE_EMBEDDING","singleEmbeddingParams":{...}}} in,
 *       {@code {"embeddings":[{"embeddingType":"TEXT","embedding":[...]}]}} out.</li>
 * </ul>
 * Vectors are deterministic: seeded by the SHA-256 of the model family, the input type and the
 * text, of the requested size, and of unit length (Titan with {@code normalize: false} scales
 * them by a text-dependent factor between 1 and 9), so tests can check identity and normalisation.
 * Token counts ({@link #tokens}): {@code ceil(UTF-8 bytes / 3)}, unlike the gateway's estimate, so
 * a test sees whose count was billed; they travel in Titan's body and, for every family, in the
 * {@code X-Amzn-Bedrock-Input-Token-Count} header as Bedrock sends it.
 */
final class EmbeddingReplies {

    /** A reply: the body, and the token count for the header. */
    record Reply(JsonNode body, long inputTokens) {
    }

    /** A request Bedrock would refuse with a ValidationException. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private EmbeddingReplies() {
    }

    /** Whether a model id (or a profile of it) is an embedding model this stand-in answers. */
    static String family(String modelId) {
        String id = modelId.replaceFirst("^(us|eu|apac|global|us-gov|jp|au|ca)\\.", "");
        return switch (id) {
            case "amazon.titan-embed-text-v2:0" -> "titan-v2";
            case "cohere.embed-english-v3", "cohere.embed-multilingual-v3" -> "cohere-v3";
            case "cohere.embed-v4:0" -> "cohere-v4";
            case "amazon.nova-2-multimodal-embeddings-v1:0" -> "nova";
            default -> null;
        };
    }

    static Reply reply(String modelId, JsonNode request) throws Invalid {
        String family = family(modelId);
        if (family == null) {
            throw new Invalid("The provided model identifier is invalid or does not support InvokeModel with this body.");
        }
        if (request == null || !request.isObject()) {
            throw new Invalid("Malformed input request, please reformat your input and try again.");
        }
        return switch (family) {
            case "titan-v2" -> titan(request);
            case "nova" -> nova(request);
            default -> cohere(family, request);
        };
    }

    private static Reply titan(JsonNode r) throws Invalid {
        JsonNode text = r.get("inputText");
        if (text == null || !text.isTextual() || text.asText().isEmpty()) {
            throw new Invalid("Malformed input request: #: required key [inputText] not found, please reformat your input and try again.");
        }
        int dims = r.path("dimensions").asInt(1024);
        if (!Set.of(256, 512, 1024).contains(dims) || (r.has("dimensions") && !r.get("dimensions").isIntegralNumber())) {
            throw new Invalid("Malformed input request: #/dimensions: " + r.get("dimensions") + " is not a valid enum value, please reformat your input and try again.");
        }
        boolean normalize = !r.has("normalize") || r.get("normalize").asBoolean(true);
        float[] v = vector("titan-v2", "", text.asText(), dims, normalize);
        long tokens = tokens(text.asText());
        ObjectNode out = Json.object();
        out.set("embedding", floats(v));
        out.putObject("embeddingsByType").set("float", floats(v));
        out.put("inputTextTokenCount", tokens);
        return new Reply(out, tokens);
    }

    private static Reply cohere(String family, JsonNode r) throws Invalid {
        JsonNode texts = r.get("texts");
        if (texts == null || !texts.isArray() || texts.isEmpty() || texts.size() > 96) {
            throw new Invalid("Malformed input request: #/texts: expected an array of 1 to 96 strings, please reformat your input and try again.");
        }
        String inputType = r.path("input_type").asText("");
        if (!Set.of("search_document", "search_query", "classification", "clustering").contains(inputType)) {
            throw new Invalid("Malformed input request: #/input_type: " + r.get("input_type") + " is not a valid enum value, please reformat your input and try again.");
        }
        boolean v4 = family.equals("cohere-v4");
        int dims = v4 ? r.path("output_dimension").asInt(1536) : 1024;
        if (v4 && !Set.of(256, 512, 1024, 1536).contains(dims)) {
            throw new Invalid("Malformed input request: #/output_dimension: " + r.get("output_dimension") + " is not a valid enum value, please reformat your input and try again.");
        }
        ArrayNode vectors = Json.array();
        ArrayNode echoed = Json.array();
        long tokens = 0;
        for (JsonNode t : texts) {
            if (!t.isTextual() || t.asText().isEmpty() || (!v4 && t.asText().length() > 2048)) {
                throw new Invalid("Malformed input request: #/texts: each text must be a non-empty string"
                        + (v4 ? "" : " of at most 2048 characters") + ", please reformat your input and try again.");
            }
            vectors.add(floats(vector(family, inputType, t.asText(), dims, true)));
            echoed.add(t.asText());
            tokens += tokens(t.asText());
        }
        ObjectNode out = Json.object();
        boolean byType = v4 || r.hasNonNull("embedding_types");
        if (byType) {
            out.putObject("embeddings").set("float", vectors);
        } else {
            out.set("embeddings", vectors);
        }
        out.put("id", uuid(family + inputType + echoed));
        out.put("response_type", byType ? "embeddings_by_type" : "embeddings_floats");
        out.set("texts", echoed);
        return new Reply(out, tokens);
    }

    private static Reply nova(JsonNode r) throws Invalid {
        if (!"SINGLE_EMBEDDING".equals(r.path("taskType").asText())) {
            throw new Invalid("Malformed input request: #/taskType: only SINGLE_EMBEDDING is served synchronously, please reformat your input and try again.");
        }
        JsonNode p = r.path("singleEmbeddingParams");
        int dims = p.path("embeddingDimension").asInt(3072);
        if (!Set.of(256, 384, 1024, 3072).contains(dims)) {
            throw new Invalid("Malformed input request: #/singleEmbeddingParams/embeddingDimension: " + p.get("embeddingDimension")
                    + " is not a valid enum value, please reformat your input and try again.");
        }
        String text = p.path("text").path("value").asText("");
        if (text.isEmpty()) {
            throw new Invalid("Malformed input request: #/singleEmbeddingParams/text/value: required, please reformat your input and try again.");
        }
        String purpose = p.path("embeddingPurpose").asText("GENERIC_INDEX");
        ObjectNode out = Json.object();
        out.putArray("embeddings").addObject().put("embeddingType", "TEXT")
                .set("embedding", floats(vector("nova", purpose, text, dims, true)));
        return new Reply(out, tokens(text));
    }

    /** The stand-in's token count of a text: {@code ceil(UTF-8 bytes / 3)}, at least 1. */
    static long tokens(String text) {
        return Math.max(1, (text.getBytes(StandardCharsets.UTF_8).length + 2) / 3);
    }

    /** A deterministic vector of {@code dims} for the text: unit length, or scaled when not normalised. */
    static float[] vector(String family, String inputType, String text, int dims, boolean normalize) {
        byte[] seed = sha256(family + "\n" + inputType + "\n" + text);
        SplittableRandom random = new SplittableRandom(ByteBuffer.wrap(seed).getLong());
        double[] raw = new double[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            raw[i] = random.nextDouble() * 2 - 1;
            norm += raw[i] * raw[i];
        }
        norm = Math.sqrt(norm);
        double scale = normalize ? 1 : 1 + (seed[8] & 0xff) % 9;
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) (raw[i] / norm * scale);
        }
        return v;
    }

    private static ArrayNode floats(float[] v) {
        ArrayNode a = Json.array();
        for (float f : v) {
            a.add(f);
        }
        return a;
    }

    private static String uuid(String s) {
        String h = HexFormat.of().formatHex(sha256(s));
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
                + h.substring(20, 32);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For tests: the vectors a list of texts gets (Cohere v3, search_document). */
    static List<float[]> cohereVectors(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        texts.forEach(t -> out.add(vector("cohere-v3", "search_document", t, 1024, true)));
        return out;
    }
}
