package com.llmgateway.core.error;

/**
 * The one way an error message quotes what a caller sent (a model name, a field name, an id, a
 * header value, a path): at most {@link #MAX} characters, the last one "…" where it was cut. A 10,000-character model name
 * must not make a 10 KB error, nor a crafted field name fill a log line.
 */
public final class Echo {

    /** Characters of caller input an error message quotes at most. */
    public static final int MAX = 64;

    /** Where {@link GatewayException} cuts a whole message or {@code param} that still grew too long. */
    static final int MAX_MESSAGE = 600;
    static final int MAX_PARAM = 160;

    private Echo() {
    }

    /** The value cut to {@link #MAX} characters (never inside a surrogate pair), "…" marking a cut; null stays null. Cutting twice changes nothing. */
    public static String cut(String value) {
        return cut(value, MAX);
    }

    /** {@link #cut(String)} of a number's or node's text. */
    public static String cut(Object value) {
        return value == null ? null : cut(value.toString(), MAX);
    }

    /** The value cut to {@code max} characters, as {@link #cut(String)}. */
    public static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }
}
