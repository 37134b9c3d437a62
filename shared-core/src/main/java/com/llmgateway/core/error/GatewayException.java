package com.llmgateway.core.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one error type of the gateway. It carries an HTTP status and a message that is safe to
 * show a caller; adapters translate SDK and internal failures into it. Rendered in OpenAI's
 * error shape by {@link ErrorBody}; the other protocols (Bedrock Converse, MCP) render it in
 * theirs. An error that the model provider raised keeps the provider's own error name
 * ({@link #upstreamType()}), so a protocol that speaks the provider's language answers with it
 * instead of guessing one from the status.
 */
public class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Map<String, String> headers;
    private final String upstreamType;

    public GatewayException(int status, String type, String code, String param, String publicMessage) {
        this(status, type, code, param, publicMessage, Map.of(), null);
    }

    public GatewayException(int status, String type, String code, String param, String publicMessage,
                            Map<String, String> headers, Throwable cause) {
        this(status, type, code, param, publicMessage, headers, cause, null);
    }

    private GatewayException(int status, String type, String code, String param, String publicMessage,
                             Map<String, String> headers, Throwable cause, String upstreamType) {
        // A backstop: every echo of caller input is cut where it is quoted (Echo.cut), and a message
        // or param that still grew past the bound is cut here, so no error body is unbounded.
        super(Echo.cut(Objects.requireNonNull(publicMessage, "publicMessage"), Echo.MAX_MESSAGE), cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        this.status = status;
        this.type = Objects.requireNonNull(type, "type");
        this.code = code;
        this.param = Echo.cut(param, Echo.MAX_PARAM);
        this.headers = Map.copyOf(headers);
        this.upstreamType = upstreamType;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The provider's own name for the error (e.g. Bedrock's {@code ThrottlingException}); null when the gateway raised it. */
    public String upstreamType() {
        return upstreamType;
    }

    /** A copy with extra response headers. */
    public GatewayException withHeaders(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new GatewayException(status, type, code, param, getMessage(), all, getCause(), upstreamType);
    }

    /** A copy that names the provider's own error type. */
    public GatewayException withUpstreamType(String providerType) {
        return new GatewayException(status, type, code, param, getMessage(), headers, getCause(), providerType);
    }

    // ---- the errors every route uses -------------------------------------------------------

    public static GatewayException badRequest(String message, String param) {
        return new GatewayException(400, "invalid_request_error", null, param, message);
    }

    public static GatewayException badRequest(String message, String param, String code) {
        return new GatewayException(400, "invalid_request_error", code, param, message);
    }

    public static GatewayException unauthorized(String message) {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    public static GatewayException forbidden(String message, String code) {
        return new GatewayException(403, "permission_denied", code, null, message);
    }

    public static GatewayException notFound(String message, String param, String code) {
        return new GatewayException(404, "invalid_request_error", code, param, message);
    }

    public static GatewayException methodNotAllowed(String message) {
        return new GatewayException(405, "invalid_request_error", "method_not_allowed", null, message);
    }

    public static GatewayException payloadTooLarge(long limitBytes) {
        return new GatewayException(413, "invalid_request_error", "request_too_large", null,
                "Request body is larger than the limit of " + limitBytes + " bytes.");
    }

    public static GatewayException upstream(int status, String code, String message) {
        return new GatewayException(status, "api_error", code, null, message);
    }

    public static GatewayException internal() {
        return new GatewayException(500, "api_error", "internal_error", null,
                "The gateway failed to handle the request. Quote the x-request-id header when reporting it.");
    }
}
