package com.llmgateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Reads and writes the {@code aws-lambda-java-events} types with the bean mapping of the managed
 * Java runtime's serializer ({@code aws-lambda-java-serialization}'s Jackson factory: standard
 * bean names, no creators, unknown fields ignored, nulls left out), for the one entry point that
 * takes two kinds of event ({@link AuthHandler}). The library itself is 3.8 MB (it shades its own
 * Jackson, Gson and org.json); this function already carries Jackson. local-runtime's
 * {@code AuthEventsParityTest} checks that both read every fixture and every stand-in event alike.
 */
final class AuthEvents {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.USE_STD_BEAN_NAMING)
            .disable(MapperFeature.AUTO_DETECT_CREATORS)
            .disable(MapperFeature.INFER_PROPERTY_MUTATORS)
            .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
            .enable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
            .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private AuthEvents() {
    }

    /**
     * The event as its type. HTTP API never sends a map or a list field of the wrong JSON type;
     * should one arrive, it is read as absent (no headers: no key, a 401) rather than failing the
     * invocation.
     */
    static <T> T read(JsonNode event, Class<T> type) throws IOException {
        if (event instanceof ObjectNode o && misshapen(o)) {
            ObjectNode copy = o.deepCopy();
            for (String name : MAPS) {
                if (copy.has(name) && !copy.get(name).isObject()) {
                    copy.remove(name);
                }
            }
            for (String name : LISTS) {
                if (copy.has(name) && !copy.get(name).isArray()) {
                    copy.remove(name);
                }
            }
            return MAPPER.treeToValue(copy, type);
        }
        return MAPPER.treeToValue(event, type);
    }

    /** Whether a map or list field holds another JSON type (the common event has none: no copy then). */
    private static boolean misshapen(ObjectNode o) {
        for (String name : MAPS) {
            if (o.has(name) && !o.get(name).isObject()) {
                return true;
            }
        }
        for (String name : LISTS) {
            if (o.has(name) && !o.get(name).isArray()) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> MAPS = List.of("headers", "queryStringParameters", "pathParameters", "stageVariables",
            "requestContext");
    private static final List<String> LISTS = List.of("cookies", "identitySource");

    static void write(Object value, OutputStream out) throws IOException {
        out.write(MAPPER.writeValueAsBytes(value));
        out.flush();
    }
}
