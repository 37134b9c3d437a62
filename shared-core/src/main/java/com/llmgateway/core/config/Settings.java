package com.llmgateway.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The declaration of every setting (environment variable) that the code reads, from
 * {@code settings.json}: the one place a setting's name, Terraform variable, type, default,
 * allowed range and readers are written. Terraform decodes the same file to build each function's
 * environment, and scripts/verify-terraform checks {@code variables.tf} against it. {@link Env}
 * reads every setting through its declaration, so no default or range is typed in Java a second
 * time, and a name that is not declared cannot be read at all.
 *
 * <p>The file is checked when this class loads (a default outside its own range, a table setting
 * that does not match tables.json...): a broken declaration stops every function at init.
 */
public final class Settings {

    public static final String RESOURCE = "settings.json";

    /** Who sets a setting: a Terraform variable or resource, the Lambda runtime, the local runtime only, or nobody (the default applies). */
    public static final Set<String> SET_BY = Set.of("terraform", "lambda", "local-runtime", "default");

    public enum Type {
        INTEGER, BOOLEAN, STRING, TABLE;

        static Type of(String name, String setting) {
            try {
                return valueOf(name.toUpperCase(java.util.Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalStateException(RESOURCE + " " + setting + ": type " + name + " is not integer, boolean, string or table");
            }
        }
    }

    /**
     * One declared setting.
     *
     * @param terraform    the Terraform variable that sets it, or null
     * @param setBy        one of {@link #SET_BY}
     * @param table        for a {@link Type#TABLE} setting, the logical name of its table in tables.json
     * @param defaultValue the default as text ("30", "false", "nova-micro"), or null
     * @param defaultFrom  the setting whose value is the default, or null
     * @param defaultNote  a default computed at run time, in words, or null
     * @param min          smallest allowed integer (inclusive), or null
     * @param max          largest allowed integer (inclusive), or null
     * @param values       the allowed values of a string, empty when any
     * @param pattern      a regular expression a string must match, or null
     * @param notPrefix    a prefix a string must not have, or null
     * @param rangeNote    why the range is what it is, shown when a value is refused, or null
     * @param functions    the functions that read it (iam.json's names, or local-runtime)
     * @param readBy       "code", or "library" (Powertools, log4j2.xml)
     */
    public record Setting(String name, String terraform, String setBy, Type type, String table, boolean required,
                          String defaultValue, String defaultFrom, String defaultNote, Long min, Long max,
                          List<String> values, String pattern, String notPrefix, String rangeNote,
                          List<String> functions, String readBy, String description) {

        public Setting {
            values = values == null ? List.of() : List.copyOf(values);
            functions = functions == null ? List.of() : List.copyOf(functions);
        }

        /** What the setting accepts, in words: "a whole number from 0 to 60 (a revoked key ...)". */
        public String allowed() {
            String what = switch (type) {
                case INTEGER -> "a whole number from " + min + " to " + max;
                case BOOLEAN -> "true or false";
                case TABLE -> "the name of the " + table + " table";
                case STRING -> {
                    List<String> parts = new ArrayList<>();
                    if (!values.isEmpty()) {
                        parts.add("one of " + String.join(", ", values));
                    }
                    if (pattern != null) {
                        parts.add("matching " + pattern);
                    }
                    if (notPrefix != null) {
                        parts.add("not starting with " + notPrefix);
                    }
                    yield parts.isEmpty() ? "any text" : String.join(", ", parts);
                }
            };
            return rangeNote == null ? what : what + " (" + rangeNote + ")";
        }

        /** The failure for a value that is not allowed, naming the variable and what it accepts. */
        public IllegalStateException refused(String raw) {
            return new IllegalStateException("environment variable " + name + " must be " + allowed() + ", got '" + raw + "'");
        }

        public IllegalStateException missing() {
            return new IllegalStateException("missing environment variable " + name + " (" + description + ")");
        }

        /** An integer value checked against the declared range; throws {@link #refused} outside it. */
        public long checkInteger(long v) {
            expect(Type.INTEGER);
            if ((min != null && v < min) || (max != null && v > max)) {
                throw refused(Long.toString(v));
            }
            return v;
        }

        /** Parses and checks a whole number, throwing {@link #refused} when it is not one or out of range. */
        public long parseInteger(String raw) {
            expect(Type.INTEGER);
            long v;
            try {
                v = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                throw refused(raw);
            }
            if ((min != null && v < min) || (max != null && v > max)) {
                throw refused(raw);
            }
            return v;
        }

        public boolean parseBoolean(String raw) {
            expect(Type.BOOLEAN);
            return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw refused(raw);
            };
        }

        /** A string value checked against the declared values, pattern and prefix. */
        public String checkText(String raw) {
            expect(Type.STRING);
            String v = raw.trim();
            if ((!values.isEmpty() && !values.contains(v))
                    || (pattern != null && !Pattern.compile(pattern).matcher(v).matches())
                    || (notPrefix != null && v.startsWith(notPrefix))) {
                throw refused(raw);
            }
            return v;
        }

        /** The declared default of an integer setting (not for a default_from one). */
        public long defaultInteger() {
            expect(Type.INTEGER);
            if (defaultValue == null) {
                throw new IllegalStateException(RESOURCE + " " + name + ": has no default of its own");
            }
            return Long.parseLong(defaultValue);
        }

        public boolean defaultBoolean() {
            expect(Type.BOOLEAN);
            return Boolean.parseBoolean(defaultValue);
        }

        Setting expect(Type t) {
            if (type != t) {
                throw new IllegalStateException(name + " is declared as " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " in " + RESOURCE + ", not read as " + t.name().toLowerCase(java.util.Locale.ROOT));
            }
            return this;
        }
    }

    // Before ALL: load() uses them.
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern TERRAFORM_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private static final Map<String, Setting> ALL = load();

    private Settings() {
    }

    /** Every declared setting, by environment variable name, in the file's order. */
    public static Map<String, Setting> all() {
        return ALL;
    }

    /** The declaration of a setting; fails when the name is not declared, so nothing undeclared can be read. */
    public static Setting get(String name) {
        Setting s = ALL.get(name);
        if (s == null) {
            throw new IllegalStateException(name + " is not declared in shared-core's " + RESOURCE
                    + " (every environment variable the code reads is declared there, with its default and range)");
        }
        return s;
    }

    /** The setting that carries the name of a table of tables.json ("keys" -> KEYS_TABLE). */
    public static Setting ofTable(String logicalTable) {
        for (Setting s : ALL.values()) {
            if (s.type() == Type.TABLE && s.table().equals(logicalTable)) {
                return s;
            }
        }
        throw new IllegalStateException("no setting of " + RESOURCE + " carries the name of table " + logicalTable);
    }

    private static Map<String, Setting> load() {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }

    /** Parses and checks a declaration (the file's root object). Package-private for tests. */
    static Map<String, Setting> parse(JsonNode root) {
        Map<String, Setting> out = new LinkedHashMap<>();
        JsonNode settings = root.path("settings");
        if (!settings.isObject() || settings.isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": no \"settings\" object");
        }
        settings.fields().forEachRemaining(e -> out.put(e.getKey(), setting(e.getKey(), e.getValue())));
        Set<String> terraformNames = new java.util.HashSet<>();
        for (Setting s : out.values()) {
            if (s.terraform() != null && !terraformNames.add(s.terraform())) {
                throw bad(s.name(), "Terraform variable " + s.terraform() + " sets another setting too");
            }
            if (s.defaultFrom() != null) {
                Setting from = out.get(s.defaultFrom());
                if (from == null || from.type() != s.type() || from.defaultFrom() != null) {
                    throw bad(s.name(), "default_from " + s.defaultFrom() + " is not a setting of the same type with a default of its own");
                }
                if (from.defaultValue() != null && s.type() == Type.INTEGER) {
                    checkDefault(s, from.defaultValue());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Setting setting(String name, JsonNode n) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw bad(name, "is not an environment variable name (SCREAMING_SNAKE_CASE)");
        }
        Type type = Type.of(n.path("type").asText(""), name);
        String terraform = Json.text(n, "terraform");
        if (terraform != null && !TERRAFORM_NAME.matcher(terraform).matches()) {
            throw bad(name, "Terraform variable " + terraform + " is not snake_case");
        }
        String setBy = n.path("set_by").asText("");
        if (!SET_BY.contains(setBy)) {
            throw bad(name, "set_by " + setBy + " is not one of " + SET_BY);
        }
        if (terraform != null && !setBy.equals("terraform")) {
            throw bad(name, "has a Terraform variable but set_by " + setBy);
        }
        JsonNode def = n.get("default");
        String defaultValue = def == null || def.isNull() ? null : def.asText();
        if (def != null && !def.isNull()) {
            boolean typed = switch (type) {
                case INTEGER -> def.isIntegralNumber();
                case BOOLEAN -> def.isBoolean();
                case STRING -> def.isTextual();
                case TABLE -> false;
            };
            if (!typed) {
                throw bad(name, "default " + def + " is not a JSON " + type.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<String> values = new ArrayList<>();
        n.path("values").forEach(v -> values.add(v.asText()));
        List<String> functions = new ArrayList<>();
        n.path("functions").forEach(v -> functions.add(v.asText()));
        if (functions.isEmpty()) {
            throw bad(name, "names no function that reads it");
        }
        String readBy = n.path("read_by").asText("code");
        if (!readBy.equals("code") && !readBy.equals("library")) {
            throw bad(name, "read_by " + readBy + " is not code or library");
        }
        String description = n.path("description").asText("");
        if (description.isBlank()) {
            throw bad(name, "has no description");
        }
        Setting s = new Setting(name, terraform, setBy, type, Json.text(n, "table"), n.path("required").asBoolean(false),
                defaultValue, Json.text(n, "default_from"), Json.text(n, "default_note"),
                n.hasNonNull("min") ? n.get("min").asLong() : null, n.hasNonNull("max") ? n.get("max").asLong() : null,
                values, Json.text(n, "pattern"), Json.text(n, "not_prefix"), Json.text(n, "range_note"),
                functions, readBy, description);
        if (s.required() && (defaultValue != null || s.defaultFrom() != null)) {
            throw bad(name, "is required and has a default");
        }
        switch (type) {
            case INTEGER -> {
                if (s.min() == null || s.max() == null || s.min() > s.max()) {
                    throw bad(name, "an integer needs min <= max");
                }
                if (defaultValue == null && s.defaultFrom() == null && !s.required()) {
                    throw bad(name, "an optional integer needs a default (or default_from)");
                }
            }
            case STRING -> {
                if (s.pattern() != null) {
                    try {
                        Pattern.compile(s.pattern());
                    } catch (PatternSyntaxException ex) {
                        throw bad(name, "pattern " + s.pattern() + " is not a regular expression: " + ex.getDescription());
                    }
                }
            }
            case BOOLEAN -> {
                if (defaultValue == null) {
                    throw bad(name, "a boolean needs a default");
                }
            }
            case TABLE -> {
                if (!s.required() || s.table() == null) {
                    throw bad(name, "a table setting is required and names its table");
                }
                Tables.TableSpec spec = Tables.all().get(s.table());
                if (spec == null || !spec.envVar().equals(name)) {
                    throw bad(name, "table " + s.table() + " of tables.json "
                            + (spec == null ? "does not exist" : "is carried by " + spec.envVar()));
                }
            }
        }
        if (s.type() != Type.INTEGER && (s.min() != null || s.max() != null)) {
            throw bad(name, "min and max are for integers");
        }
        if (s.type() != Type.STRING && (!s.values().isEmpty() || s.pattern() != null || s.notPrefix() != null)) {
            throw bad(name, "values, pattern and not_prefix are for strings");
        }
        if (defaultValue != null) {
            checkDefault(s, defaultValue);
        }
        return s;
    }

    private static void checkDefault(Setting s, String value) {
        try {
            switch (s.type()) {
                case INTEGER -> s.parseInteger(value);
                case BOOLEAN -> s.parseBoolean(value);
                case STRING -> s.checkText(value);
                case TABLE -> {
                }
            }
        } catch (IllegalStateException e) {
            throw bad(s.name(), "default " + value + " is outside its own range: " + e.getMessage());
        }
    }

    private static IllegalStateException bad(String name, String why) {
        return new IllegalStateException(RESOURCE + " " + name + ": " + why);
    }
}
