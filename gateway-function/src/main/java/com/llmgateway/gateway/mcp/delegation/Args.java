package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.gateway.mcp.ToolInputException;

import java.math.BigDecimal;

/** Reading a tool's arguments; every mistake is a {@link ToolInputException} naming the argument. */
final class Args {

    private Args() {
    }

    /** A required, non-blank text argument of at most {@link Limits#MAX_DOCUMENT_CHARS} characters. */
    static String text(JsonNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            throw new ToolInputException("'" + field + "' is required (a string).");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ToolInputException("'" + field + "' must be a non-empty string.");
        }
        if (v.asText().length() > Limits.MAX_DOCUMENT_CHARS) {
            throw new ToolInputException("'" + field + "' holds " + v.asText().length() + " characters; at most "
                    + Limits.MAX_DOCUMENT_CHARS + " are taken.");
        }
        return v.asText();
    }

    static String optionalString(JsonNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ToolInputException("'" + field + "' must be a string.");
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    static Integer optionalInt(JsonNode args, String field, int min, int max) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new ToolInputException("'" + field + "' must be a whole number from " + min + " to " + max + ".");
        }
        return v.intValue();
    }

    static long optionalLong(JsonNode args, String field, long min, long max, long otherwise) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new ToolInputException("'" + field + "' must be a whole number from " + min + " to " + max + ".");
        }
        return v.asLong();
    }

    static boolean optionalBoolean(JsonNode args, String field, boolean otherwise) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw new ToolInputException("'" + field + "' must be true or false.");
        }
        return v.asBoolean();
    }

    /** One of {@code values} (lower case), else {@code otherwise}. */
    static String optionalEnum(JsonNode args, String field, String otherwise, String... values) {
        String v = optionalString(args, field);
        if (v == null) {
            return otherwise;
        }
        for (String allowed : values) {
            if (allowed.equals(v.trim().toLowerCase(java.util.Locale.ROOT))) {
                return allowed;
            }
        }
        throw new ToolInputException("'" + field + "' must be one of " + String.join(", ", values) + ".");
    }

    /** A non-negative USD amount as a number or a decimal string, or null. */
    static BigDecimal optionalUsd(JsonNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            BigDecimal usd = v.isNumber() ? v.decimalValue() : v.isTextual() ? new BigDecimal(v.asText().trim()) : null;
            if (usd != null && usd.signum() >= 0) {
                return usd;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ToolInputException("'" + field + "' must be a non-negative amount in USD, a number or a decimal string"
                + " such as \"0.01\".");
    }
}
