package com.llmgateway.core.config;

import com.llmgateway.core.config.Settings.Setting;
import com.llmgateway.core.store.Tables;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Env reads every setting through its declaration: declared defaults, declared ranges, nothing undeclared. */
class EnvTest {

    private static final Env EMPTY = new Env(Map.of());

    private static Env env(String... kv) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Env(m);
    }

    @Test
    void unset_settings_take_their_declared_defaults() {
        for (Setting s : Settings.all().values()) {
            switch (s.type()) {
                case INTEGER -> assertEquals(s.defaultFrom() != null ? EMPTY.integer(s.defaultFrom()) : s.defaultInteger(), EMPTY.integer(s.name()), s.name());
                case BOOLEAN -> assertEquals(Boolean.parseBoolean(s.defaultValue()), EMPTY.flag(s.name()), s.name());
                case STRING -> assertEquals(s.defaultValue(), EMPTY.text(s.name()), s.name());
                case TABLE -> {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> EMPTY.table(s.table()));
                    assertTrue(e.getMessage().contains("missing environment variable " + s.name()), e.getMessage());
                }
            }
        }
    }

    /** What Terraform's validation lets through (min..max), Java takes; one past either end, it refuses naming the variable and the range. */
    @Test
    void every_integer_is_accepted_at_both_ends_of_its_range_and_refused_just_outside() {
        for (Setting s : Settings.all().values()) {
            if (s.type() != Settings.Type.INTEGER) {
                continue;
            }
            assertEquals(s.min(), env(s.name(), Long.toString(s.min())).integer(s.name()), s.name());
            assertEquals(s.max(), env(s.name(), " " + s.max() + " ").integer(s.name()), s.name());
            for (String bad : new String[]{Long.toString(s.min() - 1), Long.toString(s.max() + 1), "1.5", "ten"}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> env(s.name(), bad).integer(s.name()), s.name() + "=" + bad);
                assertTrue(e.getMessage().contains(s.name()) && e.getMessage().contains("from " + s.min() + " to " + s.max())
                        && e.getMessage().contains("'" + bad + "'"), e.getMessage());
                assertThrows(IllegalStateException.class, () -> env(s.name(), bad).getLong(s.name(), 1), "the old reader applies the range too");
            }
        }
    }

    @Test
    void the_refusal_says_why_the_range_is_what_it_is() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env("KEY_CACHE_TTL_SECONDS", "61").integer("KEY_CACHE_TTL_SECONDS"));
        assertEquals("environment variable KEY_CACHE_TTL_SECONDS must be a whole number from 0 to 60 "
                + "(a revoked key must stop working within 60 s), got '61'", e.getMessage());
    }

    @Test
    void a_default_from_another_setting_follows_it_and_keeps_its_own_range() {
        assertEquals(5000, env("BEDROCK_TIMEOUT_MS", "5000").integer("BEDROCK_ATTEMPT_TIMEOUT_MS"));
        assertEquals(2000, env("BEDROCK_TIMEOUT_MS", "5000", "BEDROCK_ATTEMPT_TIMEOUT_MS", "2000").integer("BEDROCK_ATTEMPT_TIMEOUT_MS"));
    }

    @Test
    void booleans_and_strings_are_checked_against_their_declaration() {
        assertTrue(env("ADMISSION_FAIL_OPEN", "yes").flag("ADMISSION_FAIL_OPEN"));
        assertFalse(env("ADMISSION_FAIL_OPEN", "0").flag("ADMISSION_FAIL_OPEN"));
        assertTrue(assertThrows(IllegalStateException.class, () -> env("ADMISSION_FAIL_OPEN", "maybe").flag("ADMISSION_FAIL_OPEN"))
                .getMessage().contains("ADMISSION_FAIL_OPEN must be true or false"));
        assertEquals("claude-3-haiku", env("DEFAULT_MODEL", " claude-3-haiku ").text("DEFAULT_MODEL"));
        assertTrue(assertThrows(IllegalStateException.class, () -> env("DEFAULT_MODEL", "Nova Micro").text("DEFAULT_MODEL"))
                .getMessage().contains("DEFAULT_MODEL must be matching"));
        assertTrue(assertThrows(IllegalStateException.class, () -> env("BEDROCK_MODE", "cloud").text("BEDROCK_MODE"))
                .getMessage().contains("one of stand-in, aws"));
        assertThrows(IllegalStateException.class, () -> env("POWERTOOLS_METRICS_NAMESPACE", "AWS/Lambda").text("POWERTOOLS_METRICS_NAMESPACE"));
    }

    @Test
    void a_setting_is_read_as_its_declared_type() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EMPTY.integer("DEFAULT_MODEL"));
        assertTrue(e.getMessage().contains("declared as string"), e.getMessage());
    }

    @Test
    void table_names_are_read_one_way_through_tables_json() {
        Env e = env("KEYS_TABLE", " llmgw-keys ");
        assertEquals("llmgw-keys", e.table(Tables.KEYS));
        assertThrows(IllegalArgumentException.class, () -> e.table("no_such_table"));
    }

    @Test
    void an_undeclared_variable_cannot_be_read_at_all() {
        Env e = env("SOMETHING_NEW", "1");
        for (Runnable read : new Runnable[]{() -> e.require("SOMETHING_NEW"), () -> e.get("SOMETHING_NEW", null),
                () -> e.getLong("SOMETHING_NEW", 1), () -> e.getBoolean("SOMETHING_NEW", true), () -> e.integer("SOMETHING_NEW"),
                () -> e.flag("SOMETHING_NEW"), () -> e.text("SOMETHING_NEW")}) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, read::run);
            assertTrue(ex.getMessage().contains("SOMETHING_NEW is not declared"), ex.getMessage());
        }
    }

    @Test
    void require_names_the_missing_variable_and_get_keeps_its_fallback() {
        assertTrue(assertThrows(IllegalStateException.class, () -> EMPTY.require("AWS_REGION")).getMessage().contains("missing environment variable AWS_REGION"));
        assertNull(EMPTY.get("DYNAMODB_ENDPOINT", null));
        assertEquals("x", env("DYNAMODB_ENDPOINT", "x").get("DYNAMODB_ENDPOINT", null));
    }
}
