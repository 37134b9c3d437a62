package com.llmgateway.gateway;

import com.llmgateway.core.config.Env;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest {

    @Test
    void defaults_to_a_one_mebibyte_body_and_the_build_version() {
        GatewayConfig c = GatewayConfig.from(new Env(Map.of()));

        assertEquals(1_048_576, c.maxBodyBytes());
        assertFalse(c.version().isBlank());
        assertFalse(c.version().contains("${"), "the version is filtered in at build time");
    }

    @Test
    void reads_the_body_limit_and_version() {
        GatewayConfig c = GatewayConfig.from(new Env(Map.of("MAX_BODY_BYTES", "2048", "GATEWAY_VERSION", "2026.11.25")));

        assertEquals(2048, c.maxBodyBytes());
        assertEquals("2026.11.25", c.version());
    }

    @Test
    void refuses_a_body_limit_lambda_could_never_deliver() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GatewayConfig.from(new Env(Map.of("MAX_BODY_BYTES", "10000000"))));

        assertTrue(e.getMessage().contains("MAX_BODY_BYTES"));
    }
}
