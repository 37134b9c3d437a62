package com.llmgateway.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.config.Settings.Setting;
import com.llmgateway.core.config.Settings.Type;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** settings.json parses, and what it declares is sound: ranges that hold their defaults, tables and readers that exist. */
class SettingsTest {

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = SettingsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return Json.MAPPER.readTree(in);
        }
    }

    @Test
    void the_declaration_parses_and_every_default_is_inside_its_own_range() {
        Map<String, Setting> all = Settings.all();
        assertFalse(all.isEmpty());
        for (Setting s : all.values()) {
            assertTrue(s.name().matches("[A-Z][A-Z0-9_]*"), s.name());
            assertFalse(s.description().isBlank(), s.name());
            assertTrue(Settings.SET_BY.contains(s.setBy()), s.name());
            if (s.terraform() != null) {
                assertTrue(s.terraform().matches("[a-z][a-z0-9_]*"), s.name() + ": " + s.terraform());
                assertEquals("terraform", s.setBy(), s.name());
            }
            switch (s.type()) {
                case INTEGER -> {
                    assertTrue(s.min() <= s.max(), s.name());
                    long d = s.defaultFrom() != null ? Settings.get(s.defaultFrom()).defaultInteger() : s.defaultInteger();
                    assertTrue(d >= s.min() && d <= s.max(), s.name() + " default " + d + " outside " + s.min() + ".." + s.max());
                }
                case BOOLEAN -> assertTrue(s.defaultValue().equals("true") || s.defaultValue().equals("false"), s.name());
                case STRING -> {
                    if (s.defaultValue() != null) {
                        assertEquals(s.defaultValue(), s.checkText(s.defaultValue()), s.name());
                    }
                }
                case TABLE -> assertTrue(s.required() && s.defaultValue() == null, s.name());
            }
        }
    }

    @Test
    void each_terraform_variable_sets_one_setting() {
        Set<String> seen = new HashSet<>();
        for (Setting s : Settings.all().values()) {
            if (s.terraform() != null) {
                assertTrue(seen.add(s.terraform()), s.terraform() + " sets two settings");
            }
        }
        assertTrue(seen.containsAll(List.of("bedrock_timeout_ms", "usage_retention_days", "key_cache_ttl_seconds", "cache_ttl_seconds")));
    }

    @Test
    void the_table_settings_are_tables_json_s_read_by_the_functions_iam_json_grants_the_table() throws Exception {
        JsonNode grants = resource("iam.json").path("functions");
        for (Tables.TableSpec t : Tables.all().values()) {
            Setting s = Settings.get(t.envVar());
            assertEquals(Type.TABLE, s.type(), t.envVar());
            assertEquals(t.logicalName(), s.table());
            assertEquals(s, Settings.ofTable(t.logicalName()));
            Set<String> granted = new TreeSet<>();
            grants.fields().forEachRemaining(f -> {
                if (f.getValue().path("dynamodb").has(t.logicalName())) {
                    granted.add(f.getKey());
                }
            });
            assertEquals(granted, new TreeSet<>(s.functions()), t.envVar() + ": its readers are the functions granted " + t.logicalName());
        }
    }

    @Test
    void the_readers_are_functions_of_iam_json_or_the_local_runtime() throws Exception {
        Set<String> functions = new HashSet<>();
        resource("iam.json").path("functions").fieldNames().forEachRemaining(functions::add);
        functions.add("local-runtime");
        for (Setting s : Settings.all().values()) {
            assertFalse(s.functions().isEmpty(), s.name());
            assertTrue(functions.containsAll(s.functions()), s.name() + ": " + s.functions());
        }
    }

    @Test
    void log4j2_xml_defaults_the_log_level_as_declared() throws Exception {
        String xml;
        try (InputStream in = SettingsTest.class.getClassLoader().getResourceAsStream("log4j2.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("\\$\\{env:([A-Z_]+):-([^}]*)}").matcher(xml);
        int found = 0;
        while (m.find()) {
            found++;
            assertEquals(Settings.get(m.group(1)).defaultValue(), m.group(2), m.group(1));
        }
        assertTrue(found > 0);
    }

    // --- the loader refuses unsound declarations (a broken settings.json stops every function at init)

    private static IllegalStateException refused(String json) {
        return assertThrows(IllegalStateException.class, () -> Settings.parse(Json.MAPPER.readTree(json)));
    }

    private static String one(String name, String body) {
        return "{\"settings\":{\"" + name + "\":{" + body + ",\"functions\":[\"gateway\"],\"description\":\"d\"}}}";
    }

    @Test
    void a_default_outside_its_range_is_refused() {
        IllegalStateException e = refused(one("X_MS", "\"set_by\":\"default\",\"type\":\"integer\",\"default\":5,\"min\":10,\"max\":20"));
        assertTrue(e.getMessage().contains("X_MS") && e.getMessage().contains("from 10 to 20"), e.getMessage());
    }

    @Test
    void unsound_declarations_are_refused_naming_the_setting() {
        assertTrue(refused(one("x_ms", "\"set_by\":\"default\",\"type\":\"integer\",\"default\":5,\"min\":1,\"max\":9")).getMessage().contains("x_ms"));
        assertTrue(refused(one("X", "\"set_by\":\"default\",\"type\":\"integer\",\"default\":5")).getMessage().contains("min <= max"));
        assertTrue(refused(one("X", "\"set_by\":\"someone\",\"type\":\"boolean\",\"default\":true")).getMessage().contains("set_by"));
        assertTrue(refused(one("X", "\"set_by\":\"default\",\"type\":\"float\",\"default\":1")).getMessage().contains("type"));
        assertTrue(refused(one("X", "\"set_by\":\"default\",\"type\":\"boolean\",\"default\":\"yes\"")).getMessage().contains("not a JSON boolean"));
        assertTrue(refused(one("X", "\"set_by\":\"default\",\"type\":\"string\",\"default\":\"TRACE\",\"values\":[\"INFO\"]")).getMessage().contains("outside its own range"));
        assertTrue(refused(one("X", "\"set_by\":\"default\",\"terraform\":\"x\",\"type\":\"boolean\",\"default\":true")).getMessage().contains("Terraform variable"));
        assertTrue(refused(one("KEYS_TABLE", "\"set_by\":\"terraform\",\"type\":\"table\",\"table\":\"usage\",\"required\":true")).getMessage().contains("USAGE_TABLE"));
        assertTrue(refused(one("X", "\"set_by\":\"default\",\"type\":\"integer\",\"min\":1,\"max\":9,\"default_from\":\"Y\"")).getMessage().contains("default_from"));
        assertTrue(refused("{\"settings\":{\"X\":{\"set_by\":\"default\",\"type\":\"boolean\",\"default\":true,\"description\":\"d\"}}}").getMessage().contains("function"));
        ObjectNode two = (ObjectNode) Json.MAPPER.createObjectNode();
        two.putObject("settings");
        assertThrows(IllegalStateException.class, () -> Settings.parse(two));
    }

    @Test
    void two_settings_of_one_terraform_variable_are_refused() throws Exception {
        String json = "{\"settings\":{"
                + "\"A\":{\"terraform\":\"x\",\"set_by\":\"terraform\",\"type\":\"boolean\",\"default\":true,\"functions\":[\"gateway\"],\"description\":\"d\"},"
                + "\"B\":{\"terraform\":\"x\",\"set_by\":\"terraform\",\"type\":\"boolean\",\"default\":true,\"functions\":[\"gateway\"],\"description\":\"d\"}}}";
        assertTrue(refused(json).getMessage().contains("Terraform variable x"));
    }

    @Test
    void an_undeclared_name_cannot_be_looked_up() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Settings.get("NOT_DECLARED_ANYWHERE"));
        assertTrue(e.getMessage().contains("NOT_DECLARED_ANYWHERE") && e.getMessage().contains("settings.json"), e.getMessage());
    }
}
