package com.llmgateway.gateway.bedrock;

import com.llmgateway.core.config.Env;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BedrockConfigTest {

    @Test
    void defaults_keep_the_call_under_api_gateways_30_seconds() {
        BedrockConfig c = BedrockConfig.from(new Env(Map.of("AWS_REGION", "eu-west-1")));

        assertEquals("eu-west-1", c.region());
        assertNull(c.endpointOverride());
        assertEquals(Duration.ofMillis(25_000), c.apiCallTimeout());
        assertEquals(Duration.ofMillis(25_000), c.attemptTimeout());
        assertEquals(3, c.maxAttempts());
    }

    @Test
    void reads_the_stand_in_endpoint_and_timeouts() {
        BedrockConfig c = BedrockConfig.from(new Env(Map.of("BEDROCK_ENDPOINT", "http://127.0.0.1:9999",
                "BEDROCK_TIMEOUT_MS", "5000", "BEDROCK_ATTEMPT_TIMEOUT_MS", "2000", "BEDROCK_MAX_ATTEMPTS", "4")));

        assertEquals(URI.create("http://127.0.0.1:9999"), c.endpointOverride());
        assertEquals("us-east-1", c.region(), "a region is needed for signing even against the stand-in");
        assertEquals(Duration.ofMillis(2000), c.attemptTimeout());
        assertEquals(4, c.maxAttempts());
    }

    @Test
    void fails_fast_naming_aws_region_when_calling_real_bedrock_without_it() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BedrockConfig.from(new Env(Map.of())));

        assertTrue(e.getMessage().contains("AWS_REGION"));
    }

    @Test
    void refuses_a_timeout_that_api_gateway_would_cut_short() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BedrockConfig.from(
                new Env(Map.of("AWS_REGION", "us-east-1", "BEDROCK_TIMEOUT_MS", "30000"))));

        assertTrue(e.getMessage().contains("BEDROCK_TIMEOUT_MS"));
    }

    @Test
    void refuses_an_attempt_timeout_longer_than_the_call() {
        assertThrows(IllegalStateException.class, () -> BedrockConfig.from(new Env(Map.of("AWS_REGION", "us-east-1",
                "BEDROCK_TIMEOUT_MS", "5000", "BEDROCK_ATTEMPT_TIMEOUT_MS", "6000"))));
    }
}
