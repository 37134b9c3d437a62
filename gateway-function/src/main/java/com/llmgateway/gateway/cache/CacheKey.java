package com.llmgateway.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The response-cache key of a request: the SHA-256 (lower-case hex) of its canonical form.
 *
 * <p>The canonical form is a JSON object holding everything that can change the answer: the
 * Bedrock id the gateway will call ({@link ModelInfo#invokeId()}, so an alias and the model's
 * name share entries), the messages (system prompt included), every inference parameter, tools,
 * tool choice, response format and any field the gateway does not know (an unknown field might
 * change the answer, so it splits the key rather than risk a wrong hit). It leaves out what cannot
 * change the answer: {@code model} as written, {@code user}, {@code stream}, {@code stream_options},
 * {@code metadata}, {@code store}, {@code service_tier}, {@code safety_identifier},
 * {@code prompt_cache_key}, and {@code n} when it is 1.
 *
 * <p>Normalisation, so that requests that mean the same share a key:
 * <ul>
 *   <li>objects are written with sorted keys and no whitespace; numbers in their shortest plain
 *       form ({@code 1.0 == 1}, {@code 0.70 == 0.7});</li>
 *   <li>a top-level or message field that is JSON null counts as absent;</li>
 *   <li>a message {@code content} that is one text part ({@code [{"type":"text","text":"x"}]}) is
 *       the string {@code "x"};</li>
 *   <li>{@code max_completion_tokens} and {@code max_tokens} are one parameter;</li>
 *   <li>{@code stop} as a string is a one-element list; an empty list is absent;</li>
 *   <li>{@code response_format: {"type":"text"}} (the default) is absent.</li>
 * </ul>
 * The form carries a version number, so a change to these rules never matches old entries.
 *
 * @param hash 64 lower-case hex characters
 */
public record CacheKey(String hash) {

    /** Bumped whenever the canonical form changes, so old entries are never read as new ones. */
    static final int FORM_VERSION = 1;

    private static final Set<String> IGNORED = Set.of(
            "model", "user", "stream", "stream_options", "metadata", "store", "service_tier",
            "safety_identifier", "prompt_cache_key");

    public CacheKey {
        Objects.requireNonNull(hash, "hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a cache key is 64 lower-case hex characters");
        }
    }

    /** The key of a parsed request body for the model the gateway resolved it to. */
    public static CacheKey of(JsonNode request, ModelInfo model) {
        Objects.requireNonNull(model, "model");
        return new CacheKey(sha256(canonicalForm(request, model.invokeId())));
    }

    /** The canonical text that is hashed (package-private: tests compare it; it holds prompt text, never log it). */
    static String canonicalForm(JsonNode request, String invokeId) {
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode form = f.objectNode();
        for (Map.Entry<String, JsonNode> e : request.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (IGNORED.contains(name) || value == null || value.isNull()) {
                continue;
            }
            switch (name) {
                case "messages" -> form.set(name, messages(value));
                case "max_tokens", "max_completion_tokens" -> {
                    // One parameter under two names. When a request sends both with different values,
                    // both stay in the form under their own names: no false sharing either way.
                    JsonNode other = request.get(name.equals("max_tokens") ? "max_completion_tokens" : "max_tokens");
                    if (other == null || other.isNull() || sameNumber(other, value)) {
                        form.set("max_tokens", value);
                    } else {
                        form.set(name, value);
                    }
                }
                case "stop" -> {
                    if (value.isTextual()) {
                        form.set(name, f.arrayNode().add(value));
                    } else if (!(value.isArray() && value.isEmpty())) {
                        form.set(name, value);
                    }
                }
                case "n" -> {
                    if (!(value.isNumber() && sameNumber(value, f.numberNode(1)))) {
                        form.set(name, value);
                    }
                }
                case "response_format" -> {
                    if (!(value.isObject() && value.size() == 1 && "text".equals(value.path("type").asText(null)))) {
                        form.set(name, value);
                    }
                }
                default -> form.set(name, value);
            }
        }
        ObjectNode envelope = f.objectNode();
        envelope.put("v", FORM_VERSION);
        envelope.put("model_id", Objects.requireNonNull(invokeId, "invokeId"));
        envelope.set("request", form);
        return CanonicalJson.write(envelope);
    }

    private static JsonNode messages(JsonNode messages) {
        if (!messages.isArray()) {
            return messages;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode m : messages) {
            if (!m.isObject()) {
                out.add(m);
                continue;
            }
            ObjectNode msg = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                JsonNode v = e.getValue();
                if (v == null || v.isNull()) {
                    continue;
                }
                msg.set(e.getKey(), e.getKey().equals("content") ? content(v) : v);
            }
            out.add(msg);
        }
        return out;
    }

    /** A single plain text part is the same as the string content. */
    private static JsonNode content(JsonNode content) {
        if (content.isArray() && content.size() == 1) {
            JsonNode part = content.get(0);
            if (part.isObject() && part.size() == 2 && "text".equals(part.path("type").asText(null))
                    && part.path("text").isTextual()) {
                return part.get("text");
            }
        }
        return content;
    }

    private static boolean sameNumber(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return hash;
    }
}
