package com.llmgateway.gateway;

import com.llmgateway.core.config.Env;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * gateway-function settings besides Bedrock's ({@link com.llmgateway.gateway.bedrock.BedrockConfig}),
 * read in one place.
 *
 * @param maxBodyBytes {@code MAX_BODY_BYTES}: the largest chat request body accepted (default 1 MiB; larger gets a 413)
 * @param version      {@code GATEWAY_VERSION}, else the build's project version, reported by /health
 * @param defaultModel {@code DEFAULT_MODEL} (default nova-micro): the model of MCP's generate tool when none is named
 */
public record GatewayConfig(long maxBodyBytes, String version, String defaultModel) {

    public static final String MAX_BODY_BYTES = "MAX_BODY_BYTES";
    public static final String GATEWAY_VERSION = "GATEWAY_VERSION";
    public static final String DEFAULT_MODEL = "DEFAULT_MODEL";
    public static final String DEFAULT_MODEL_NAME = "nova-micro";
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public GatewayConfig {
        // HTTP API accepts up to 10 MB, Lambda up to 6 MB of event: a larger limit could never apply.
        if (maxBodyBytes < 1024 || maxBodyBytes > 6 * 1024 * 1024) {
            throw new IllegalStateException(MAX_BODY_BYTES + " must be between 1024 and 6291456 bytes");
        }
        defaultModel = defaultModel == null || defaultModel.isBlank() ? DEFAULT_MODEL_NAME : defaultModel.trim();
    }

    public GatewayConfig(long maxBodyBytes, String version) {
        this(maxBodyBytes, version, DEFAULT_MODEL_NAME);
    }

    public static GatewayConfig from(Env env) {
        return new GatewayConfig(env.getLong(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
                env.get(GATEWAY_VERSION, buildVersion()), env.get(DEFAULT_MODEL, DEFAULT_MODEL_NAME));
    }

    static String buildVersion() {
        try (InputStream in = GatewayConfig.class.getClassLoader().getResourceAsStream("gateway-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version");
            return v == null || v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
