package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LambdaEvents}' hand mapping of the payload-2.0 HTTP event and response (and of the HTTP API
 * Lambda authorizer's event and simple response), for the shapes
 * HTTP API sends; {@link #read} returns null for anything else (the caller then takes the bean
 * mapping). Each field is read as the bean mapping reads it: absent or null is null (0 and false
 * for the primitives), unknown fields are ignored, the Lambda authorizer's context as Jackson's
 * untyped mapping reads it (maps, lists, strings, the numbers as the tree holds them, Boolean).
 */
final class HttpEventMapping {

    /** Thrown inside {@link #read} when a field is not of the JSON type HTTP API sends. */
    private static final class OtherShape extends Exception {
        OtherShape() {
            super(null, null, false, false);
        }
    }

    private HttpEventMapping() {
    }

    static APIGatewayV2HTTPEvent read(JsonNode event) {
        if (!(event instanceof ObjectNode e)) {
            return null;
        }
        try {
            APIGatewayV2HTTPEvent out = new APIGatewayV2HTTPEvent();
            out.setVersion(text(e, "version"));
            out.setRouteKey(text(e, "routeKey"));
            out.setRawPath(text(e, "rawPath"));
            out.setRawQueryString(text(e, "rawQueryString"));
            out.setCookies(list(e, "cookies"));
            out.setHeaders(map(e, "headers"));
            out.setQueryStringParameters(map(e, "queryStringParameters"));
            out.setPathParameters(map(e, "pathParameters"));
            out.setStageVariables(map(e, "stageVariables"));
            out.setBody(text(e, "body"));
            out.setIsBase64Encoded(bool(e, "isBase64Encoded"));
            JsonNode rc = value(e, "requestContext");
            if (rc != null) {
                out.setRequestContext(requestContext(object(rc)));
            }
            return out;
        } catch (OtherShape other) {
            return null;
        }
    }

    /** The HTTP API Lambda authorizer's payload-2.0 event; null for any other shape. */
    static APIGatewayV2CustomAuthorizerEvent readAuthorizer(JsonNode event) {
        if (!(event instanceof ObjectNode e)) {
            return null;
        }
        try {
            APIGatewayV2CustomAuthorizerEvent out = new APIGatewayV2CustomAuthorizerEvent();
            out.setVersion(text(e, "version"));
            out.setType(text(e, "type"));
            out.setRouteArn(text(e, "routeArn"));
            out.setIdentitySource(list(e, "identitySource"));
            out.setRouteKey(text(e, "routeKey"));
            out.setRawPath(text(e, "rawPath"));
            out.setRawQueryString(text(e, "rawQueryString"));
            out.setCookies(list(e, "cookies"));
            out.setHeaders(map(e, "headers"));
            out.setQueryStringParameters(map(e, "queryStringParameters"));
            out.setPathParameters(map(e, "pathParameters"));
            out.setStageVariables(map(e, "stageVariables"));
            JsonNode rcNode = value(e, "requestContext");
            if (rcNode != null) {
                ObjectNode rc = object(rcNode);
                APIGatewayV2CustomAuthorizerEvent.RequestContext c = new APIGatewayV2CustomAuthorizerEvent.RequestContext();
                c.setAccountId(text(rc, "accountId"));
                c.setApiId(text(rc, "apiId"));
                c.setDomainName(text(rc, "domainName"));
                c.setDomainPrefix(text(rc, "domainPrefix"));
                c.setRequestId(text(rc, "requestId"));
                c.setRouteKey(text(rc, "routeKey"));
                c.setStage(text(rc, "stage"));
                c.setTime(text(rc, "time"));
                c.setTimeEpoch(epoch(rc));
                JsonNode http = value(rc, "http");
                if (http != null) {
                    ObjectNode h = object(http);
                    APIGatewayV2CustomAuthorizerEvent.Http o = new APIGatewayV2CustomAuthorizerEvent.Http();
                    o.setMethod(text(h, "method"));
                    o.setPath(text(h, "path"));
                    o.setProtocol(text(h, "protocol"));
                    o.setSourceIp(text(h, "sourceIp"));
                    o.setUserAgent(text(h, "userAgent"));
                    c.setHttp(o);
                }
                out.setRequestContext(c);
            }
            return out;
        } catch (OtherShape other) {
            return null;
        }
    }

    static ObjectNode write(SimpleIAMPolicyResponse r) {
        ObjectNode out = LambdaEvents.MAPPER.createObjectNode();
        out.put("isAuthorized", r.getIsAuthorized());
        if (r.getContext() != null) {
            ObjectNode c = out.putObject("context");
            r.getContext().forEach(c::put);
        }
        return out;
    }

    private static long epoch(ObjectNode rc) throws OtherShape {
        JsonNode epoch = value(rc, "timeEpoch");
        if (epoch == null) {
            return 0;
        }
        if (!epoch.isIntegralNumber() || !epoch.canConvertToLong()) {
            throw new OtherShape();
        }
        return epoch.longValue();
    }

    private static APIGatewayV2HTTPEvent.RequestContext requestContext(ObjectNode rc) throws OtherShape {
        APIGatewayV2HTTPEvent.RequestContext out = new APIGatewayV2HTTPEvent.RequestContext();
        out.setRouteKey(text(rc, "routeKey"));
        out.setAccountId(text(rc, "accountId"));
        out.setStage(text(rc, "stage"));
        out.setApiId(text(rc, "apiId"));
        out.setDomainName(text(rc, "domainName"));
        out.setDomainPrefix(text(rc, "domainPrefix"));
        out.setTime(text(rc, "time"));
        out.setTimeEpoch(epoch(rc));
        out.setRequestId(text(rc, "requestId"));
        JsonNode http = value(rc, "http");
        if (http != null) {
            ObjectNode h = object(http);
            APIGatewayV2HTTPEvent.RequestContext.Http o = new APIGatewayV2HTTPEvent.RequestContext.Http();
            o.setMethod(text(h, "method"));
            o.setPath(text(h, "path"));
            o.setProtocol(text(h, "protocol"));
            o.setSourceIp(text(h, "sourceIp"));
            o.setUserAgent(text(h, "userAgent"));
            out.setHttp(o);
        }
        JsonNode authorizer = value(rc, "authorizer");
        if (authorizer != null) {
            ObjectNode a = object(authorizer);
            if (value(a, "jwt") != null || value(a, "iam") != null) {
                throw new OtherShape();
            }
            APIGatewayV2HTTPEvent.RequestContext.Authorizer o = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            JsonNode lambda = value(a, "lambda");
            if (lambda != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> context = (Map<String, Object>) untyped(object(lambda));
                o.setLambda(context);
            }
            out.setAuthorizer(o);
        }
        return out;
    }

    static ObjectNode write(APIGatewayV2HTTPResponse r) {
        ObjectNode out = LambdaEvents.MAPPER.createObjectNode();
        out.put("statusCode", r.getStatusCode());
        if (r.getHeaders() != null) {
            ObjectNode h = out.putObject("headers");
            r.getHeaders().forEach(h::put);
        }
        if (r.getMultiValueHeaders() != null) {
            ObjectNode h = out.putObject("multiValueHeaders");
            r.getMultiValueHeaders().forEach((k, v) -> {
                if (v == null) {
                    h.putNull(k);
                } else {
                    ArrayNode values = h.putArray(k);
                    v.forEach(values::add);
                }
            });
        }
        if (r.getCookies() != null) {
            ArrayNode cookies = out.putArray("cookies");
            r.getCookies().forEach(cookies::add);
        }
        if (r.getBody() != null) {
            out.put("body", r.getBody());
        }
        out.put("isBase64Encoded", r.getIsBase64Encoded());
        return out;
    }

    /** A JSON value as Jackson's untyped deserializer gives it from a tree. */
    private static Object untyped(JsonNode n) throws OtherShape {
        switch (n.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (var it = n.fields(); it.hasNext(); ) {
                    var f = it.next();
                    out.put(f.getKey(), untyped(f.getValue()));
                }
                return out;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>(n.size());
                for (JsonNode x : n) {
                    out.add(untyped(x));
                }
                return out;
            }
            case STRING -> {
                return n.textValue();
            }
            case BOOLEAN -> {
                return n.booleanValue();
            }
            case NULL -> {
                return null;
            }
            case NUMBER -> {
                // As the node holds it: Integer/Long/BigInteger, Double (BigDecimal only from a big-decimal tree).
                return n.numberValue();
            }
            default -> throw new OtherShape();
        }
    }

    /** The field's node, null when absent or JSON null. */
    private static JsonNode value(ObjectNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static ObjectNode object(JsonNode v) throws OtherShape {
        if (v instanceof ObjectNode o) {
            return o;
        }
        throw new OtherShape();
    }

    private static String text(ObjectNode o, String name) throws OtherShape {
        JsonNode v = value(o, name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new OtherShape();
        }
        return v.textValue();
    }

    private static boolean bool(ObjectNode o, String name) throws OtherShape {
        JsonNode v = value(o, name);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new OtherShape();
        }
        return v.booleanValue();
    }

    private static Map<String, String> map(ObjectNode o, String name) throws OtherShape {
        JsonNode v = value(o, name);
        if (v == null) {
            return null;
        }
        ObjectNode m = object(v);
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = m.fields(); it.hasNext(); ) {
            var f = it.next();
            JsonNode x = f.getValue();
            if (x.isNull()) {
                out.put(f.getKey(), null);
            } else if (x.isTextual()) {
                out.put(f.getKey(), x.textValue());
            } else {
                throw new OtherShape();
            }
        }
        return out;
    }

    private static List<String> list(ObjectNode o, String name) throws OtherShape {
        JsonNode v = value(o, name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ArrayNode a)) {
            throw new OtherShape();
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonNode x : a) {
            if (x.isNull()) {
                out.add(null);
            } else if (x.isTextual()) {
                out.add(x.textValue());
            } else {
                throw new OtherShape();
            }
        }
        return out;
    }
}
