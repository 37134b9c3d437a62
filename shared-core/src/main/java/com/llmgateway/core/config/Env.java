package com.llmgateway.core.config;

import com.llmgateway.core.config.Settings.Setting;
import com.llmgateway.core.config.Settings.Type;
import com.llmgateway.core.store.Tables;

import java.util.Map;

/**
 * Reads settings from an environment map, through their declaration in {@code settings.json}
 * ({@link Settings}): the default and the allowed range come from there, a value outside the range
 * fails fast with a message that names the variable and what it accepts, and a name that is not
 * declared cannot be read. Functions take the map in a constructor so that tests and the local
 * runtime can pass their own.
 *
 * <p>{@link #integer}, {@link #flag}, {@link #text} and {@link #table} are the way to read a
 * setting. {@link #require}, {@link #get}, {@link #getLong} and {@link #getBoolean} remain for
 * code that passes a fallback of its own; they too refuse undeclared names and values outside
 * the declared range.
 */
public record Env(Map<String, String> values) {

    public Env {
        values = Map.copyOf(values);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** A declared integer setting: its value, else its default (or the value of its default_from setting), within its range. */
    public long integer(String name) {
        Setting s = Settings.get(name).expect(Type.INTEGER);
        String v = raw(s);
        if (v == null) {
            return s.defaultFrom() != null ? s.checkInteger(integer(s.defaultFrom())) : s.defaultInteger();
        }
        return s.parseInteger(v);
    }

    /** A declared boolean setting: true/false (also 1/0, yes/no), else its default. */
    public boolean flag(String name) {
        Setting s = Settings.get(name).expect(Type.BOOLEAN);
        String v = raw(s);
        return v == null ? s.defaultBoolean() : s.parseBoolean(v);
    }

    /** A declared string setting, trimmed and checked against its values or pattern; else its default (null when it has none). */
    public String text(String name) {
        Setting s = Settings.get(name).expect(Type.STRING);
        String v = raw(s);
        return v == null ? s.defaultValue() : s.checkText(v);
    }

    /** The physical name of a table of tables.json ({@link Tables#KEYS}...), from the setting that carries it; required. */
    public String table(String logicalTable) {
        return raw(Settings.ofTable(Tables.spec(logicalTable).logicalName())).trim();
    }

    /** A declared setting that must be set (whatever its declaration says), e.g. AWS_REGION for real Bedrock. */
    public String require(String name) {
        Setting s = Settings.get(name);
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw s.missing();
        }
        return v;
    }

    /** A declared setting with a fallback of the caller's. Prefer {@link #text}, which takes the declared default. */
    public String get(String name, String fallback) {
        Settings.get(name);
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A declared integer with a fallback of the caller's, checked against the declared range. Prefer {@link #integer}. */
    public long getLong(String name, long fallback) {
        Setting s = Settings.get(name).expect(Type.INTEGER);
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : s.parseInteger(v);
    }

    /** A declared boolean with a fallback of the caller's. Prefer {@link #flag}. */
    public boolean getBoolean(String name, boolean fallback) {
        Setting s = Settings.get(name).expect(Type.BOOLEAN);
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : s.parseBoolean(v);
    }

    /** The value when set; null when unset or blank, and then the missing-variable failure when the setting is required. */
    private String raw(Setting s) {
        String v = values.get(s.name());
        if (v == null || v.isBlank()) {
            if (s.required()) {
                throw s.missing();
            }
            return null;
        }
        return v;
    }
}
