package com.llmgateway.local;

import com.llmgateway.auth.DemoKeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRuntimeTest {

    @Test
    void reads_port_and_in_memory_from_the_command_line() {
        Map<String, String> env = Map.of();
        LocalGateway.Options o = LocalRuntime.options(new String[]{"--port", "9091", "--in-memory"}, env);
        assertEquals(9091, o.port());
        assertTrue(o.inMemory());
        assertEquals(9092, LocalRuntime.options(new String[]{"--port=9092"}, env).port());
        LocalGateway.Options defaults = LocalRuntime.options(new String[]{}, env);
        assertFalse(defaults.inMemory());
        assertTrue(defaults.dataDir().isAbsolute());
        assertEquals(LocalRuntime.DEFAULT_PORT, defaults.port());
        assertFalse(defaults.awsBedrock());
    }

    @Test
    void reads_port_bedrock_mode_and_data_dir_from_the_environment_and_the_command_line_wins() {
        Map<String, String> env = Map.of("PORT", "9093", "BEDROCK_MODE", "aws", "LOCAL_DATA_DIR", "some/dir");
        LocalGateway.Options fromEnv = LocalRuntime.options(new String[]{}, env);
        assertEquals(9093, fromEnv.port());
        assertTrue(fromEnv.awsBedrock());
        assertEquals(Path.of("some/dir").toAbsolutePath().normalize(), fromEnv.dataDir());
        assertEquals(9094, LocalRuntime.options(new String[]{"--port", "9094"}, env).port());
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{}, Map.of("PORT", "eighty")));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{}, Map.of("BEDROCK_MODE", "cloud")));
    }

    @Test
    void refuses_bad_options_with_a_message() {
        Map<String, String> env = Map.of();
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--port"}, env));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--port", "eighty"}, env));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--port", "70000"}, env));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.options(new String[]{"--verbose"}, env));
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
            assertTrue(banner.contains(gw.endpoint() + "/dashboard"), "the FinOps dashboard's address: " + banner);
            assertTrue(banner.contains("curl -s " + gw.endpoint() + "/v1/chat/completions -H 'content-type: application/json' -H 'x-api-key: lgw_inv'"), banner);
        }
    }
}
