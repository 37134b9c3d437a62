package com.llmgateway.core.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Where a streamed response goes: Lambda's response stream (a function URL in
 * {@code RESPONSE_STREAM} mode, {@link StreamingLambda}), the local runtime's front door, or a
 * buffer for the buffered HTTP API path ({@link LambdaHttp#buffer}). The status and headers are
 * sent once, when the body begins, so that a failure before the first byte can still be an
 * ordinary HTTP error.
 */
public interface ResponseSink {

    /** Sends the status and headers; returns the body's stream (each {@code flush()} pushes what was written). */
    OutputStream begin(int status, Map<String, String> headers) throws IOException;

    /** Whether {@link #begin} was called. */
    boolean begun();

    /** An ordinary response through the sink (an error answered before a stream began, say). */
    default void send(ApiResponse response) throws IOException {
        OutputStream out = begin(response.statusCode(), response.headers());
        out.write(response.base64Encoded() ? java.util.Base64.getDecoder().decode(response.body())
                : response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    /** A body produced as it goes; it begins the sink itself, and answers its own failures. */
    @FunctionalInterface
    interface Body {
        void writeTo(ResponseSink sink) throws IOException;
    }
}
