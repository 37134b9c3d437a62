package com.llmgateway.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of the project. Decimals stay {@link java.math.BigDecimal}
 * end to end (never double) and are written in plain notation.
 */
public final class Json {

    /** The largest decimal exponent (either sign) a parsed number may have; see {@link BoundedNumbers}. */
    public static final int MAX_NUMBER_SCALE = 1000;

    /** Plain mapper: field names as written in code (used for wire types built as trees). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setNodeFactory(new BoundedNumbers());

    /** snake_case mapper for records that map one-to-one onto the public API shapes. */
    public static final ObjectMapper SNAKE = MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private Json() {
    }

    /**
     * Refuses numbers such as {@code 1e999999999} while a tree is read. Decimals stay exact
     * (BigDecimal), and an exact decimal with an extreme exponent is a few bytes of JSON but
     * gigabytes once written out in plain notation (cache keys, error messages, responses). The
     * refusal surfaces as a {@link JsonProcessingException}, which every request parser already
     * answers with a 400 "not valid JSON".
     */
    static final class BoundedNumbers extends com.fasterxml.jackson.databind.node.JsonNodeFactory {
        BoundedNumbers() {
            super(false);
        }

        @Override
        public com.fasterxml.jackson.databind.node.ValueNode numberNode(java.math.BigDecimal v) {
            if (v != null && Math.abs((long) v.scale()) > MAX_NUMBER_SCALE) {
                throw Json.<RuntimeException>sneaky(new com.fasterxml.jackson.core.JsonParseException(null,
                        "A number has an exponent beyond " + MAX_NUMBER_SCALE + "."));
            }
            return super.numberNode(v);
        }
    }

    /** Throws a checked exception through an interface that cannot declare it (Jackson's node factory). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses JSON text; throws {@link JsonProcessingException} wrapped as unchecked on bad input. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeSnake(Object value) {
        try {
            return SNAKE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of a field, or null when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
