package com.llmgateway.gateway;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * gateway-function settings besides Bedrock's ({@link com.llmgateway.gateway.bedrock.BedrockConfig}),
 * read in one place. Defaults and ranges are the declarations of shared-core's settings.json.
 *
 * @param maxBodyBytes {@code MAX_BODY_BYTES}: the largest chat request body accepted (larger gets a 413)
 * @param version      {@code GATEWAY_VERSION}, else the build's project version, reported by /health
 * @param defaultModel {@code DEFAULT_MODEL}: the model of MCP's generate tool when none is named
 */
public record GatewayConfig(long maxBodyBytes, String version, String defaultModel) {

    public static final String MAX_BODY_BYTES = "MAX_BODY_BYTES";
    public static final String GATEWAY_VERSION = "GATEWAY_VERSION";
    public static final String DEFAULT_MODEL = "DEFAULT_MODEL";
    /** The declared default of {@code DEFAULT_MODEL}. */
    public static final String DEFAULT_MODEL_NAME = Settings.get(DEFAULT_MODEL).defaultValue();
    /** The declared default of {@code MAX_BODY_BYTES}. */
    public static final long DEFAULT_MAX_BODY_BYTES = Settings.get(MAX_BODY_BYTES).defaultInteger();

    public GatewayConfig {
        // The declared range: HTTP API accepts up to 10 MB, Lambda up to 6 MB of event.
        Settings.get(MAX_BODY_BYTES).checkInteger(maxBodyBytes);
        defaultModel = defaultModel == null || defaultModel.isBlank() ? DEFAULT_MODEL_NAME : Settings.get(DEFAULT_MODEL).checkText(defaultModel);
    }

    public GatewayConfig(long maxBodyBytes, String version) {
        this(maxBodyBytes, version, DEFAULT_MODEL_NAME);
    }

    public static GatewayConfig from(Env env) {
        String version = env.text(GATEWAY_VERSION);
        return new GatewayConfig(env.integer(MAX_BODY_BYTES), version != null ? version : buildVersion(), env.text(DEFAULT_MODEL));
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
