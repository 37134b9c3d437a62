package com.llmgateway.gateway.bedrock;

import com.llmgateway.core.config.Env;

import java.net.URI;
import java.time.Duration;

/**
 * How the Bedrock Runtime client is built, read from the environment in one place.
 *
 * <ul>
 *   <li>{@code AWS_REGION}: the region to call (required unless {@code BEDROCK_ENDPOINT} is set; Lambda sets it).</li>
 *   <li>{@code BEDROCK_ENDPOINT}: endpoint override, e.g. the local Bedrock stand-in; static
 *       credentials are used with it ({@code AWS_ACCESS_KEY_ID} when set: the local runtime's key for
 *       this function, by which the stand-in applies its IAM grants; else a dummy). Unset: the real
 *       service with the default credential chain.</li>
 *   <li>{@code BEDROCK_TIMEOUT_MS}: the whole call, retries included (default 25000; API Gateway gives up at 30 s).</li>
 *   <li>{@code BEDROCK_ATTEMPT_TIMEOUT_MS}: one attempt (default: the whole-call timeout, so a long
 *       generation is never cut short by a retry timer; throttling answers come back at once).</li>
 *   <li>{@code BEDROCK_MAX_ATTEMPTS}: attempts including the first, standard retry mode with
 *       jittered exponential backoff on throttling and 5xx (default 3).</li>
 * </ul>
 */
public record BedrockConfig(String region, URI endpointOverride, Duration apiCallTimeout, Duration attemptTimeout,
                            int maxAttempts, String localAccessKeyId) {

    public static final String REGION = "AWS_REGION";
    public static final String ENDPOINT = "BEDROCK_ENDPOINT";
    public static final String TIMEOUT_MS = "BEDROCK_TIMEOUT_MS";
    public static final String ATTEMPT_TIMEOUT_MS = "BEDROCK_ATTEMPT_TIMEOUT_MS";
    public static final String MAX_ATTEMPTS = "BEDROCK_MAX_ATTEMPTS";
    public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

    public BedrockConfig {
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("missing environment variable " + REGION);
        }
        if (apiCallTimeout.isNegative() || apiCallTimeout.isZero() || apiCallTimeout.toMillis() >= 30_000) {
            throw new IllegalStateException(TIMEOUT_MS + " must be between 1 and 29999 ms (API Gateway gives up at 30 s)");
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero() || attemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new IllegalStateException(ATTEMPT_TIMEOUT_MS + " must be positive and at most " + TIMEOUT_MS);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalStateException(MAX_ATTEMPTS + " must be between 1 and 10");
        }
    }

    public static BedrockConfig from(Env env) {
        String endpoint = env.get(ENDPOINT, null);
        URI override = endpoint == null ? null : URI.create(endpoint.trim());
        String region = override == null ? env.require(REGION) : env.get(REGION, "us-east-1");
        long timeout = env.getLong(TIMEOUT_MS, 25_000);
        long attempt = env.getLong(ATTEMPT_TIMEOUT_MS, timeout);
        return new BedrockConfig(region, override, Duration.ofMillis(timeout), Duration.ofMillis(attempt),
                (int) env.getLong(MAX_ATTEMPTS, 3), override == null ? null : env.get(ACCESS_KEY_ID, "standin"));
    }

    /** For tests and the local runtime: the stand-in at {@code endpoint}. */
    public static BedrockConfig local(URI endpoint, Duration timeout, int maxAttempts) {
        return new BedrockConfig("us-east-1", endpoint, timeout, timeout, maxAttempts, "standin");
    }
}
