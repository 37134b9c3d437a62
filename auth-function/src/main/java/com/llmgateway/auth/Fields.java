package com.llmgateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.json.WholeNumbers;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Set;

/** Reading request bodies field by field; every failure is a 400 that names the field (its {@code param}). */
final class Fields {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private Fields() {
    }

    /** The request body as a JSON object; empty counts as {} when {@code emptyAllowed}. */
    static JsonNode object(ApiRequest request, boolean emptyAllowed) {
        if (request.bodyBytes() > MAX_BODY_BYTES) {
            throw GatewayException.payloadTooLarge(MAX_BODY_BYTES);
        }
        if (request.body().isBlank()) {
            if (emptyAllowed) {
                return Json.object();
            }
            throw GatewayException.badRequest("The request needs a JSON object body.", null, "invalid_json");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw GatewayException.badRequest("The request body is not valid JSON.", null, "invalid_json");
        }
        if (node == null || !node.isObject()) {
            throw GatewayException.badRequest("The request body must be a JSON object.", null, "invalid_json");
        }
        return node;
    }

    /** Rejects a field not in {@code allowed}, naming it as {@code prefix + name}. */
    static void onlyKnown(JsonNode object, Set<String> allowed, String prefix) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw bad(prefix + name, "Unknown field '" + Echo.cut(prefix + name) + "'.");
            }
        }
    }

    static JsonNode requireObject(JsonNode v, String param) {
        if (v == null || !v.isObject()) {
            throw bad(param, "'" + Echo.cut(param) + "' must be a JSON object.");
        }
        return v;
    }

    static String string(JsonNode v, String param, int maxLength) {
        if (v == null || !v.isTextual()) {
            throw bad(param, "'" + Echo.cut(param) + "' must be a string.");
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            throw bad(param, "'" + Echo.cut(param) + "' must not be empty.");
        }
        if (s.length() > maxLength) {
            throw bad(param, "'" + Echo.cut(param) + "' must be at most " + maxLength + " characters.");
        }
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw bad(param, "'" + Echo.cut(param) + "' must not contain control characters.");
        }
        return s;
    }

    static long integer(JsonNode v, String param, long min, long max) {
        if (!WholeNumbers.isWhole(v)) {
            throw bad(param, "'" + Echo.cut(param) + "' must be a whole number between " + min + " and " + max + ".");
        }
        // Never read modulo 2^64: a number beyond 64 bits is out of range like any other.
        return WholeNumbers.within(v, min, max).orElseThrow(() -> bad(param, "'" + Echo.cut(param) + "' must be between "
                + min + " and " + max + ", got " + Echo.cut(v.asText()) + "."));
    }

    static boolean bool(JsonNode v, String param) {
        if (v == null || !v.isBoolean()) {
            throw bad(param, "'" + Echo.cut(param) + "' must be true or false.");
        }
        return v.asBoolean();
    }

    /**
     * An ISO-8601 instant with an offset ("YYYY-MM-DDThh:mm:ssZ") strictly after {@code now}. The example in
     * the error messages is a year after {@code now}, so it is always one the gateway accepts.
     */
    static Instant futureInstant(JsonNode v, String param, Instant now) {
        String example = now.plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString();
        if (v == null || !v.isTextual()) {
            throw bad(param, "'" + Echo.cut(param) + "' must be an ISO-8601 date-time string such as " + example + ".");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(v.asText().strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(param, "'" + Echo.cut(param) + "' must be an ISO-8601 date-time with an offset, such as " + example + ".");
        }
        if (!at.isAfter(now)) {
            throw bad(param, "'" + Echo.cut(param) + "' must be in the future.");
        }
        return at;
    }

    static GatewayException bad(String param, String message) {
        return GatewayException.badRequest(message, Echo.cut(param), "invalid_value");
    }
}
