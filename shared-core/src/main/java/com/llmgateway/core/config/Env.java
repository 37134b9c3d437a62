package com.llmgateway.core.config;

import java.util.Map;

/**
 * Reads settings from an environment map, failing fast with a message that names the variable.
 * Functions take the map in a constructor so that tests and the local runtime can pass their own.
 */
public record Env(Map<String, String> values) {

    public Env {
        values = Map.copyOf(values);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("missing environment variable " + name);
        }
        return v;
    }

    public String get(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public long getLong(String name, long fallback) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a whole number, got '" + v + "'");
        }
    }

    public boolean getBoolean(String name, boolean fallback) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalStateException("environment variable " + name + " must be true or false, got '" + v + "'");
        };
    }
}
