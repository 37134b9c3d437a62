package com.llmgateway.local;

import com.llmgateway.auth.DemoKeys;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRuntimeTest {

    @Test
    void reads_port_and_in_memory_from_the_command_line() {
        LocalGateway.Options o = LocalRuntime.options(new String[]{"--port", "9091", "--in-memory"});
        assertEquals(9091, o.port());
        assertTrue(o.inMemory());
        assertEquals(9092, LocalRuntime.options(new String[]{"--port=9092"}).port());
        LocalGateway.Options defaults = LocalRuntime.options(new String[]{});
        assertFalse(defaults.inMemory());
        assertTrue(defaults.dataDir().isAbsolute());
        if (System.getenv("PORT") == null) {
            assertEquals(LocalRuntime.DEFAULT_PORT, defaults.port());
        }
    }

    @Test
    void refuses_bad_options_with_a_message() {
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--port"}));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--port", "eighty"}));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--port", "70000"}));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--verbose"}));
    }

    @Test
    void the_banner_has_the_endpoint_the_keys_and_a_curl_to_paste() {
        DemoSeeder seeder = previous -> new DemoKeys("demo", "lgw_inv", "lgw_fin", "lgw_adm");
        LocalGateway.Options o = LocalGateway.Options.inMemoryDefaults().withSeeder(env -> seeder);
        try (LocalGateway gw = LocalGateway.start(o)) {
            String banner = LocalRuntime.banner(gw, o, 1234);
            assertTrue(banner.contains("LLM Gateway running at " + gw.endpoint()), banner);
            assertTrue(banner.contains("lgw_fin") && banner.contains("lgw_adm"), banner);
            assertTrue(banner.contains("curl -s " + gw.endpoint() + "/health"), banner);
            assertTrue(banner.contains("curl -s " + gw.endpoint() + "/v1/chat/completions -H 'content-type: application/json' -H 'x-api-key: lgw_inv'"), banner);
        }
    }
}
