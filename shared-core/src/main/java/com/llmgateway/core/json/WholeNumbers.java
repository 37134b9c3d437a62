package com.llmgateway.core.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.OptionalLong;

/**
 * Integer parameters read without wrapping. Jackson's {@code asLong()} / {@code intValue()} read a
 * number beyond 64 (or 32) bits modulo 2^64 (2^32), so {@code "n": 18446744073709551617} would read
 * as 1; every integer parameter of every route goes through here instead.
 */
public final class WholeNumbers {

    private WholeNumbers() {
    }

    /** Whether the node is a JSON whole number (not 1.5, not "1"), whatever its size. */
    public static boolean isWhole(JsonNode v) {
        return v != null && v.isIntegralNumber();
    }

    /**
     * The node's value when it is a whole number from {@code min} to {@code max}; empty when it is
     * not a whole number or lies outside (however far: beyond 64 bits too).
     */
    public static OptionalLong within(JsonNode v, long min, long max) {
        if (!isWhole(v) || !v.canConvertToLong()) {
            return OptionalLong.empty();
        }
        long n = v.longValue();
        return n < min || n > max ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /** The decimal text of a query-string or header value when it is a whole number from min to max; empty otherwise. */
    public static OptionalLong within(String text, long min, long max) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String t = text.strip();
        if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
        return n < min || n > max ? OptionalLong.empty() : OptionalLong.of(n);
    }
}
