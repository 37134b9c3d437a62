package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.llmgateway.core.error.GatewayException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads and writes the {@code aws-lambda-java-events} types with the bean mapping of the managed
 * Java runtime's serializer ({@code aws-lambda-java-serialization}'s Jackson factory: standard
 * bean names, no creators, unknown fields ignored, nulls left out), for the functions' stream
 * entry points. The library itself is 3.8 MB (it shades its own Jackson, Gson and org.json) and
 * the managed runtime builds it on the first invoke of a typed handler: about 700 classes and
 * 150 ms of a cold start (issue 15), while the functions already carry and load Jackson. So every
 * handler is a {@code RequestStreamHandler} that reads its event here. local-runtime's
 * {@code LambdaEventsParityTest} checks that both read every fixture and every stand-in event alike.
 */
public final class LambdaEvents {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.USE_STD_BEAN_NAMING)
            .disable(MapperFeature.AUTO_DETECT_CREATORS)
            .disable(MapperFeature.INFER_PROPERTY_MUTATORS)
            .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
            .enable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
            .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private LambdaEvents() {
    }

    /**
     * The event as its type. HTTP API never sends a map or a list field of the wrong JSON type;
     * should one arrive, it is read as absent (no headers: no key, a 401) rather than failing the
     * invocation.
     */
    public static <T> T read(JsonNode event, Class<T> type) throws IOException {
        if (event instanceof ObjectNode o && misshapen(o)) {
            ObjectNode copy = o.deepCopy();
            for (String name : MAPS) {
                if (copy.has(name) && !copy.get(name).isObject()) {
                    copy.remove(name);
                }
            }
            for (String name : LISTS) {
                if (copy.has(name) && !copy.get(name).isArray()) {
                    copy.remove(name);
                }
            }
            return MAPPER.treeToValue(copy, type);
        }
        return MAPPER.treeToValue(event, type);
    }

    /** Whether a map or list field holds another JSON type (the common event has none: no copy then). */
    private static boolean misshapen(ObjectNode o) {
        for (String name : MAPS) {
            if (o.has(name) && !o.get(name).isObject()) {
                return true;
            }
        }
        for (String name : LISTS) {
            if (o.has(name) && !o.get(name).isArray()) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> MAPS = List.of("headers", "queryStringParameters", "pathParameters", "stageVariables",
            "requestContext");
    private static final List<String> LISTS = List.of("cookies", "identitySource");

    public static void write(Object value, OutputStream out) throws IOException {
        // Field by field, as the bean mapping writes them (nulls left out): no introspection on a first invoke.
        if (value instanceof APIGatewayV2HTTPResponse response) {
            out.write(MAPPER.writeValueAsBytes(HttpEventMapping.write(response)));
            out.flush();
            return;
        }
        if (value instanceof SimpleIAMPolicyResponse response) {
            out.write(MAPPER.writeValueAsBytes(HttpEventMapping.write(response)));
            out.flush();
            return;
        }
        out.write(MAPPER.writeValueAsBytes(value));
        out.flush();
    }

    /**
     * A payload-2.0 handler's stream entry: the event read as the managed runtime would read it for
     * a typed handler, answered by {@code handler}, the response written back. Input that is not
     * JSON gets a 400 response event (HTTP API never sends such).
     */
    public static void serveHttp(InputStream input, OutputStream output, Context context,
                                 BiFunction<APIGatewayV2HTTPEvent, Context, APIGatewayV2HTTPResponse> handler) throws IOException {
        JsonNode event;
        try {
            event = MAPPER.readTree(input);
        } catch (JsonProcessingException notJson) {
            write(ApiResponse.error(GatewayException.badRequest("The request event is not valid JSON.", null)).toEvent(), output);
            return;
        }
        write(handler.apply(readHttp(event), context), output);
    }

    /**
     * A payload-2.0 event as {@link #read} would read it, mapped field by field: Jackson's bean
     * introspection of the event's nested types costs ~60 ms of a sandbox's first invoke, the
     * whole first answer's mapping ~75 ms (measured, issue 15). An event in any other shape than
     * HTTP API's (a field of another JSON type, a JWT or IAM authorizer) goes through the bean
     * mapping instead, so the result is always the runtime's; {@code LambdaEventsParityTest} checks both.
     */
    public static APIGatewayV2HTTPEvent readHttp(JsonNode event) throws IOException {
        APIGatewayV2HTTPEvent fast = HttpEventMapping.read(event);
        return fast != null ? fast : read(event, APIGatewayV2HTTPEvent.class);
    }

    /** The Lambda authorizer's event as {@link #read} would read it, mapped as {@link #readHttp} maps its event. */
    public static APIGatewayV2CustomAuthorizerEvent readAuthorizer(JsonNode event) throws IOException {
        APIGatewayV2CustomAuthorizerEvent fast = HttpEventMapping.readAuthorizer(event);
        return fast != null ? fast : read(event, APIGatewayV2CustomAuthorizerEvent.class);
    }

    /**
     * One event through a stream entry and back, as the Lambda runtime passes it: SnapStart
     * priming runs its requests this way, so that the event mapping is warm in the snapshot too.
     */
    public static APIGatewayV2HTTPResponse roundTrip(StreamEntry entry, APIGatewayV2HTTPEvent event, Context context) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            entry.handle(new ByteArrayInputStream(MAPPER.writeValueAsBytes(event)), out, context);
            return MAPPER.readValue(out.toByteArray(), APIGatewayV2HTTPResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream entry point ({@code RequestStreamHandler::handleRequest}). */
    @FunctionalInterface
    public interface StreamEntry {
        void handle(InputStream input, OutputStream output, Context context) throws IOException;
    }
}
