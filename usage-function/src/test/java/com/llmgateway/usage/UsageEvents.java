package com.llmgateway.usage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Events for usage-function as HTTP API sends them: the real-shaped fixture
 * {@code events/usage-team.json} with the route, query and authorizer context of a test, through
 * the managed Java runtime's own serialization both ways.
 */
public final class UsageEvents {

    private UsageEvents() {
    }

    /** The event of {@code GET path?query} by this caller. */
    public static APIGatewayV2HTTPEvent get(String path, String query, Map<String, String> queryParameters, CallerContext caller) {
        ObjectNode e = fixture();
        e.put("routeKey", "GET " + path).put("rawPath", path).put("rawQueryString", query);
        if (queryParameters.isEmpty()) {
            e.remove("queryStringParameters");
        } else {
            ObjectNode q = e.putObject("queryStringParameters");
            queryParameters.forEach(q::put);
        }
        ObjectNode rc = (ObjectNode) e.get("requestContext");
        rc.put("routeKey", "GET " + path);
        ((ObjectNode) rc.get("http")).put("path", path);
        ObjectNode lambda = ((ObjectNode) rc.get("authorizer")).putObject("lambda");
        caller.toAuthorizerContext().forEach(lambda::put);
        return serializer(APIGatewayV2HTTPEvent.class).fromJson(new ByteArrayInputStream(Json.bytes(e)));
    }

    /** The response as HTTP API receives it, read back into the neutral view. */
    public static ApiResponse response(APIGatewayV2HTTPResponse r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(APIGatewayV2HTTPResponse.class).toJson(r, out);
        APIGatewayV2HTTPResponse back = serializer(APIGatewayV2HTTPResponse.class)
                .fromJson(new ByteArrayInputStream(out.toByteArray()));
        return new ApiResponse(back.getStatusCode(), back.getHeaders(), back.getBody());
    }

    private static ObjectNode fixture() {
        try (InputStream in = UsageEvents.class.getClassLoader().getResourceAsStream("events/usage-team.json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The managed runtime's rule: its mixins for the event types it lists, its plain Jackson for the rest. */
    @SuppressWarnings("deprecation")
    static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(type);
    }
}
