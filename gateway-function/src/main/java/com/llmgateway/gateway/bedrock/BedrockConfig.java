package com.llmgateway.gateway.bedrock;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;

import java.net.URI;
import java.time.Duration;

/**
 * How the Bedrock Runtime client is built, read from the environment in one place. Defaults and
 * ranges are the declarations of shared-core's settings.json.
 *
 * <ul>
 *   <li>{@code AWS_REGION}: the region to call (required unless {@code BEDROCK_ENDPOINT} is set; Lambda sets it).</li>
 *   <li>{@code BEDROCK_ENDPOINT}: endpoint override, e.g. the local Bedrock stand-in; static
 *       credentials are used with it ({@code AWS_ACCESS_KEY_ID} when set: the local runtime's key for
 *       this function, by which the stand-in applies its IAM grants; else a dummy). Unset: the real
 *       service with the default credential chain.</li>
 *   <li>{@code BEDROCK_TIMEOUT_MS}: the whole call, retries included (under API Gateway's 30 s
 *       and the gateway's own timeout, so the gateway can still record usage and answer).</li>
 *   <li>{@code BEDROCK_ATTEMPT_TIMEOUT_MS}: one attempt (default: the whole-call timeout, so a long
 *       generation is never cut short by a retry timer; throttling answers come back at once);
 *       at most the whole call's.</li>
 *   <li>{@code BEDROCK_MAX_ATTEMPTS}: attempts including the first, standard retry mode with
 *       jittered exponential backoff on throttling and 5xx.</li>
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
        // The ranges of the environment variables are applied where they are read (from); these
        // are what any client needs (tests and the local runtime build short ones directly).
        if (apiCallTimeout.isNegative() || apiCallTimeout.isZero()) {
            throw new IllegalStateException(TIMEOUT_MS + " must be positive");
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero() || attemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new IllegalStateException("environment variable " + ATTEMPT_TIMEOUT_MS + " must be positive and at most "
                    + TIMEOUT_MS + " (" + apiCallTimeout.toMillis() + "), got '" + attemptTimeout.toMillis() + "'");
        }
        if (maxAttempts < 1) {
            throw new IllegalStateException(MAX_ATTEMPTS + " must be at least 1");
        }
    }

    public static BedrockConfig from(Env env) {
        String endpoint = env.text(ENDPOINT);
        URI override = endpoint == null ? null : URI.create(endpoint);
        // Real Bedrock needs the region Lambda sets; against a stand-in the declared default will do.
        String region = override == null ? env.require(REGION) : env.text(REGION);
        return new BedrockConfig(region, override, Duration.ofMillis(env.integer(TIMEOUT_MS)),
                Duration.ofMillis(env.integer(ATTEMPT_TIMEOUT_MS)), (int) env.integer(MAX_ATTEMPTS),
                override == null ? null : env.text(ACCESS_KEY_ID));
    }

    /** For tests and the local runtime: the stand-in at {@code endpoint}. */
    public static BedrockConfig local(URI endpoint, Duration timeout, int maxAttempts) {
        return new BedrockConfig(Settings.get(REGION).defaultValue(), endpoint, timeout, timeout, maxAttempts, "standin");
    }
}
