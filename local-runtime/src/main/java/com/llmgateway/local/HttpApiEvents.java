package com.llmgateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the JSON events that API Gateway HTTP API sends to Lambda: the payload-2.0 request event
 * of an integration, and the payload-2.0 REQUEST event of a Lambda authorizer. Shapes follow the
 * HTTP API developer guide: header names lower-cased, repeated headers and query parameters
 * joined with commas, cookies apart from the headers, non-text bodies base64-encoded, and the
 * path (as HTTP API delivers it) already percent-decoded.
 */
public final class HttpApiEvents {

    public static final String ACCOUNT_ID = "000000000000";
    public static final String API_ID = "local";
    public static final String STAGE = "$default";
    public static final String REGION = "us-east-1";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /**
     * One HTTP request as it reached the stand-in.
     *
     * @param path            the percent-decoded path
     * @param rawQueryString  the query string as sent, without '?', or ""
     * @param headers         header name (any case) to its values in arrival order
     */
    public record Incoming(String method, String path, String rawQueryString, Map<String, List<String>> headers,
                           byte[] body, String sourceIp, String protocol, String requestId, Instant time) {
    }

    private HttpApiEvents() {
    }

    /** The payload-2.0 event that HTTP API passes the integration of a matched route. */
    public static ObjectNode request(Incoming in, RouteTable.Match match) {
        ObjectNode e = common(in, match);
        ObjectNode out = Json.object();
        out.put("version", "2.0");
        out.put("routeKey", match.route().routeKey());
        out.setAll(e);
        if (in.body().length > 0) {
            if (isText(header(in, "content-type")) && !isEncoded(header(in, "content-encoding")) && isUtf8(in.body())) {
                out.put("body", new String(in.body(), StandardCharsets.UTF_8));
                out.put("isBase64Encoded", false);
            } else {
                out.put("body", Base64.getEncoder().encodeToString(in.body()));
                out.put("isBase64Encoded", true);
            }
        } else {
            out.put("isBase64Encoded", false);
        }
        return out;
    }

    /** The payload-2.0 REQUEST event that HTTP API passes a Lambda authorizer (simple responses). */
    public static ObjectNode authorizer(Incoming in, RouteTable.Match match) {
        ObjectNode out = Json.object();
        out.put("version", "2.0");
        out.put("type", "REQUEST");
        out.put("routeArn", "arn:aws:execute-api:" + REGION + ":" + ACCOUNT_ID + ":" + API_ID + "/" + STAGE + "/"
                + in.method() + in.path());
        out.putArray("identitySource");
        out.put("routeKey", match.route().routeKey());
        out.setAll(common(in, match));
        return out;
    }

    /** Puts an authorizer's context where HTTP API puts it: requestContext.authorizer.lambda. */
    public static void attachAuthorizerContext(ObjectNode event, JsonNode context) {
        ObjectNode rc = (ObjectNode) event.get("requestContext");
        rc.putObject("authorizer").set("lambda", context == null || context.isNull() ? Json.object() : context);
    }

    /** rawPath, rawQueryString, cookies, headers, queryStringParameters, pathParameters, requestContext. */
    private static ObjectNode common(Incoming in, RouteTable.Match match) {
        ObjectNode out = Json.object();
        out.put("rawPath", in.path());
        out.put("rawQueryString", in.rawQueryString());
        List<String> cookies = cookies(in);
        if (!cookies.isEmpty()) {
            var c = out.putArray("cookies");
            cookies.forEach(c::add);
        }
        ObjectNode headers = out.putObject("headers");
        in.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("cookie")) {
                String joined = String.join(",", values);
                JsonNode prev = headers.get(lower);
                headers.put(lower, prev == null ? joined : prev.asText() + "," + joined);
            }
        });
        Map<String, String> query = queryParameters(in.rawQueryString());
        if (!query.isEmpty()) {
            ObjectNode q = out.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode p = out.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        out.set("requestContext", requestContext(in, match));
        return out;
    }

    private static ObjectNode requestContext(Incoming in, RouteTable.Match match) {
        String host = header(in, "host");
        String domain = host == null ? "127.0.0.1" : host.replaceFirst(":\\d+$", "");
        ObjectNode rc = Json.object();
        rc.put("accountId", ACCOUNT_ID);
        rc.put("apiId", API_ID);
        rc.put("domainName", domain);
        rc.put("domainPrefix", domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : domain);
        ObjectNode http = rc.putObject("http");
        http.put("method", in.method());
        http.put("path", in.path());
        http.put("protocol", in.protocol());
        http.put("sourceIp", in.sourceIp());
        String ua = header(in, "user-agent");
        http.put("userAgent", ua == null ? "" : ua);
        rc.put("requestId", in.requestId());
        rc.put("routeKey", match.route().routeKey());
        rc.put("stage", STAGE);
        rc.put("time", TIME.format(in.time()));
        rc.put("timeEpoch", in.time().toEpochMilli());
        return rc;
    }

    /** Query parameters decoded, repeated names joined with commas, as HTTP API does. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static List<String> cookies(Incoming in) {
        List<String> out = new ArrayList<>();
        in.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            out.add(c.trim());
                        }
                    }
                }
            }
        });
        return out;
    }

    static String header(Incoming in, String name) {
        List<String> found = new ArrayList<>();
        in.headers().forEach((k, v) -> {
            if (k.equalsIgnoreCase(name)) {
                found.addAll(v);
            }
        });
        return found.isEmpty() ? null : String.join(",", found);
    }

    /**
     * A body with a content coding is binary whatever its type (a gzip body is not text), so HTTP
     * API base64-encodes it; so it does for a text body whose bytes are not UTF-8 (a JSON string in
     * the event cannot carry them). The function thus sees the bytes as sent, and decides.
     */
    static boolean isEncoded(String contentEncoding) {
        if (contentEncoding == null) {
            return false;
        }
        for (String coding : contentEncoding.split(",")) {
            String c = coding.trim();
            if (!c.isEmpty() && !c.equalsIgnoreCase("identity")) {
                return true;
            }
        }
        return false;
    }

    static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** HTTP API passes text bodies as they are and base64-encodes everything else. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        String type = (semi < 0 ? ct : ct.substring(0, semi)).trim();
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/x-ndjson");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
