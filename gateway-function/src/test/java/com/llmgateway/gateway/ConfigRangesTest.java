package com.llmgateway.gateway;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;
import com.llmgateway.core.config.Settings.Setting;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import com.llmgateway.gateway.bedrock.BedrockConfig;
import com.llmgateway.gateway.cache.CacheConfig;
import com.llmgateway.gateway.metering.MeteringConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's config records take every default and range from settings.json, the declaration
 * Terraform's variables are checked against: what a variable's validation lets through (its
 * declared min and max) starts the function, one past either end stops it at init naming the
 * variable and the range.
 */
class ConfigRangesTest {

    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        for (Tables.TableSpec t : Tables.all().values()) {
            env.put(t.envVar(), "t-" + t.logicalName());
        }
        return env;
    }

    /** Everything the gateway function reads at init, from the environment. */
    private static void init(Map<String, String> values) {
        Env env = new Env(values);
        GatewayConfig.from(env);
        BedrockConfig.from(env);
        CacheConfig.from(env);
        MeteringConfig.from(env);
        com.llmgateway.core.keys.KeyCache.ttl(env); // the streaming entry point's key check
        DynamoDbClients.create(env).close();
    }

    @Test
    void defaults_are_the_declared_ones() {
        Env env = new Env(base());
        GatewayConfig g = GatewayConfig.from(env);
        assertEquals(Settings.get("MAX_BODY_BYTES").defaultInteger(), g.maxBodyBytes());
        assertEquals(Settings.get("DEFAULT_MODEL").defaultValue(), g.defaultModel());
        BedrockConfig b = BedrockConfig.from(env);
        assertEquals(Duration.ofMillis(Settings.get("BEDROCK_TIMEOUT_MS").defaultInteger()), b.apiCallTimeout());
        assertEquals(b.apiCallTimeout(), b.attemptTimeout());
        assertEquals(Settings.get("BEDROCK_MAX_ATTEMPTS").defaultInteger(), b.maxAttempts());
        assertEquals(Settings.get("DEFAULT_CACHE_TTL_SECONDS").defaultInteger(), CacheConfig.from(env).defaultTtlSeconds());
        MeteringConfig m = MeteringConfig.from(env);
        assertEquals(Settings.get("USAGE_RETENTION_DAYS").defaultInteger(), m.retentionDays());
        assertEquals(Settings.get("ADMISSION_FAIL_OPEN").defaultBoolean(), m.failOpen());
        assertEquals("t-rate_limits", m.rateLimitsTable());
        assertEquals("t-usage", m.usageTable());
        assertEquals("t-cache", CacheConfig.from(env).tableName());
    }

    @Test
    void every_integer_the_gateway_reads_is_taken_at_both_ends_of_its_range_and_refused_past_them() {
        int checked = 0;
        for (Setting s : Settings.all().values()) {
            if (s.type() != Settings.Type.INTEGER || !s.functions().contains("gateway")) {
                continue;
            }
            checked++;
            for (long ok : new long[]{s.min(), s.max()}) {
                Map<String, String> env = base();
                env.put(s.name(), Long.toString(ok));
                if (s.name().equals("BEDROCK_ATTEMPT_TIMEOUT_MS")) {
                    env.put("BEDROCK_TIMEOUT_MS", Long.toString(Settings.get("BEDROCK_TIMEOUT_MS").max()));
                }
                assertDoesNotThrow(() -> init(env), s.name() + "=" + ok);
            }
            for (long bad : new long[]{s.min() - 1, s.max() + 1}) {
                Map<String, String> env = base();
                env.put(s.name(), Long.toString(bad));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> init(env), s.name() + "=" + bad);
                assertTrue(e.getMessage().contains(s.name()), e.getMessage());
            }
        }
        assertTrue(checked >= 8, "the gateway's integers: " + checked);
    }

    /** The two homes disagreed: Terraform allowed 1000-28000 ms, Java 1-29999 ms. Both now say 1000-28000. */
    @Test
    void the_bedrock_timeout_is_terraforms_range() {
        for (String bad : new String[]{"999", "28001", "29999"}) {
            Map<String, String> env = base();
            env.put("BEDROCK_TIMEOUT_MS", bad);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> BedrockConfig.from(new Env(env)));
            assertTrue(e.getMessage().contains("BEDROCK_TIMEOUT_MS must be a whole number from 1000 to 28000"), e.getMessage());
        }
    }

    /** Retention was capped in Terraform (3650 days) and unbounded in Java. */
    @Test
    void retention_is_capped_as_in_terraform() {
        Map<String, String> env = base();
        env.put("USAGE_RETENTION_DAYS", "3651");
        assertThrows(IllegalStateException.class, () -> MeteringConfig.from(new Env(env)));
        env.put("USAGE_RETENTION_DAYS", "3650");
        assertEquals(3650, MeteringConfig.from(new Env(env)).retentionDays());
        assertThrows(IllegalStateException.class, () -> new MeteringConfig("r", "u", false, 0, 3600), "the record applies the declared range too");
    }

    @Test
    void the_attempt_timeout_may_not_exceed_the_call() {
        Map<String, String> env = base();
        env.put("BEDROCK_TIMEOUT_MS", "5000");
        env.put("BEDROCK_ATTEMPT_TIMEOUT_MS", "6000");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BedrockConfig.from(new Env(env)));
        assertTrue(e.getMessage().contains("BEDROCK_ATTEMPT_TIMEOUT_MS"), e.getMessage());
    }

    @Test
    void a_missing_table_name_names_its_variable() {
        Map<String, String> env = base();
        env.remove("CACHE_TABLE");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CacheConfig.from(new Env(env)));
        assertTrue(e.getMessage().contains("missing environment variable CACHE_TABLE"), e.getMessage());
        assertFalse(e.getMessage().contains("null"));
    }
}
