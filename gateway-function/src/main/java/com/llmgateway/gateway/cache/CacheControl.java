package com.llmgateway.gateway.cache;

import com.llmgateway.core.error.GatewayException;

import java.util.Locale;

/**
 * The request's {@code Cache-Control} header, as far as the response cache reads it (RFC 9111,
 * section 5.2.1): {@code no-cache}, {@code no-store} and {@code max-age=N}. Directive names are
 * case-insensitive, whitespace around directives and {@code =} is ignored, several headers joined
 * with commas (as API Gateway delivers them) read as one list, and directives the gateway does not
 * use ({@code no-transform}, {@code max-stale}, ...) are ignored.
 *
 * <p>A {@code max-age} without a non-negative whole number is a 400 that names the header: a
 * client that asked for fresh answers must not silently get stale ones. A value too large for a
 * long is read as "no limit" (RFC 9111 allows capping it). When {@code max-age} appears more than
 * once, the smallest value holds.
 *
 * @param maxAgeSeconds {@link #NO_MAX_AGE} when the header sets none
 */
public record CacheControl(boolean noCache, boolean noStore, long maxAgeSeconds) {

    public static final String HEADER = "cache-control";
    public static final long NO_MAX_AGE = Long.MAX_VALUE;
    public static final CacheControl NONE = new CacheControl(false, false, NO_MAX_AGE);

    public CacheControl {
        if (maxAgeSeconds < 0) {
            throw new IllegalArgumentException("max-age must not be negative");
        }
    }

    /** Parses the header value; null or blank is {@link #NONE}. Throws a 400 on a malformed max-age. */
    public static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean noCache = false;
        boolean noStore = false;
        long maxAge = NO_MAX_AGE;
        for (String raw : header.split(",")) {
            String directive = raw.strip();
            if (directive.isEmpty()) {
                continue;
            }
            int eq = directive.indexOf('=');
            String name = (eq < 0 ? directive : directive.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String arg = eq < 0 ? null : directive.substring(eq + 1).strip();
            switch (name) {
                // no-cache may carry a field list (no-cache="set-cookie"); a request has no stored
                // response fields to pick from, so any form means "do not serve from the cache".
                case "no-cache" -> noCache = true;
                case "no-store" -> noStore = true;
                case "max-age" -> maxAge = Math.min(maxAge, deltaSeconds(arg));
                default -> {
                    // Directives the cache does not act on are ignored, as RFC 9111 asks.
                }
            }
        }
        return new CacheControl(noCache, noStore, maxAge);
    }

    private static long deltaSeconds(String arg) {
        String v = arg;
        if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1); // the quoted form some clients send: max-age="60"
        }
        if (v == null || v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw GatewayException.badRequest(
                    "The Cache-Control header has an invalid max-age: it must be a whole number of seconds, such as max-age=300.",
                    null, "invalid_cache_control");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException tooLarge) {
            return NO_MAX_AGE;
        }
    }
}
