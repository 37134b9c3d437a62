package com.llmgateway.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Invokes a Lambda handler from event bytes to response bytes as the managed Java runtime does:
 * a {@link RequestStreamHandler} gets the bytes; a {@link RequestHandler} gets its input type read
 * with the runtime's own serialization library ({@code aws-lambda-java-serialization}: its event
 * mixins for the event types it lists, its Jackson factory for the others, the payload-2.0 types
 * among them) and its output written back the same way.
 */
public final class LambdaInvoker {

    private final Object handler;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;

    private LambdaInvoker(Object handler, PojoSerializer<Object> input, PojoSerializer<Object> output) {
        this.handler = handler;
        this.input = input;
        this.output = output;
    }

    /** @param handler a {@link RequestHandler} with concrete type arguments, or a {@link RequestStreamHandler} */
    public static LambdaInvoker of(Object handler) {
        if (handler instanceof RequestStreamHandler) {
            return new LambdaInvoker(handler, null, null);
        }
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new IllegalArgumentException(handler.getClass().getName() + " implements neither RequestHandler nor RequestStreamHandler");
        }
        for (Type t : handler.getClass().getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class
                    && p.getActualTypeArguments()[0] instanceof Class<?> in && p.getActualTypeArguments()[1] instanceof Class<?> out) {
                return new LambdaInvoker(handler, serializer(in), serializer(out));
            }
        }
        throw new IllegalArgumentException(handler.getClass().getName() + " does not implement RequestHandler with concrete type arguments");
    }

    @SuppressWarnings({"unchecked", "deprecation"})
    private static PojoSerializer<Object> serializer(Class<?> type) {
        return (PojoSerializer<Object>) (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(type));
    }

    @SuppressWarnings("unchecked")
    public byte[] invoke(byte[] event, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (handler instanceof RequestStreamHandler stream) {
            stream.handleRequest(new ByteArrayInputStream(event), out, context);
        } else {
            Object result = ((RequestHandler<Object, Object>) handler).handleRequest(input.fromJson(new ByteArrayInputStream(event)), context);
            output.toJson(result, out);
        }
        return out.toByteArray();
    }
}
