package com.llmgateway.gateway;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.llmgateway.core.http.StreamingLambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A Lambda runtime loop with response streaming, for the gateway's function URL: Lambda's managed
 * Java runtime has no streaming handler, so this small loop over the Lambda Runtime API runs the
 * {@link GatewayStreamHandler} instead (started by the function's exec wrapper with the runtime's
 * own {@code java}; docs/streaming.md). Per invocation: {@code GET .../runtime/invocation/next},
 * the handler writing straight into {@code POST .../runtime/invocation/{id}/response} sent with
 * {@code Lambda-Runtime-Function-Response-Mode: streaming}, {@code Transfer-Encoding: chunked} and
 * {@code Content-Type: application/vnd.awslambda.http-integration-response}; each flush of the
 * handler is one chunk, so the function URL passes it to the client at once. A handler that fails
 * before writing anything is reported to {@code .../error}.
 */
public final class StreamingRuntime {

    private static final String VERSION = "/2018-06-01";

    private final URI api;
    private final RequestStreamHandler handler;

    public StreamingRuntime(String runtimeApi, RequestStreamHandler handler) {
        this.api = URI.create("http://" + runtimeApi);
        this.handler = handler;
    }

    public static void main(String[] args) throws IOException {
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (runtimeApi == null || runtimeApi.isBlank()) {
            throw new IllegalStateException("AWS_LAMBDA_RUNTIME_API is not set: this loop runs inside Lambda only");
        }
        StreamingRuntime runtime;
        try {
            runtime = new StreamingRuntime(runtimeApi, new GatewayStreamHandler());
        } catch (RuntimeException e) {
            new StreamingRuntime(runtimeApi, null).post(VERSION + "/runtime/init/error", "Runtime.InitError");
            throw e;
        }
        while (true) {
            runtime.invokeOnce();
        }
    }

    /** One invocation: the next event, the handler's streamed answer. */
    public void invokeOnce() throws IOException {
        HttpURLConnection next = (HttpURLConnection) api.resolve(VERSION + "/runtime/invocation/next").toURL().openConnection();
        next.setReadTimeout(0); // the Runtime API holds this request until an invocation comes
        byte[] event;
        try (InputStream in = next.getInputStream()) {
            event = in.readAllBytes();
        }
        String requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
        long deadline = parseLong(next.getHeaderField("Lambda-Runtime-Deadline-Ms"));
        String functionArn = next.getHeaderField("Lambda-Runtime-Invoked-Function-Arn");
        Context context = new RuntimeContext(requestId, deadline, functionArn);

        HttpURLConnection response = (HttpURLConnection) api.resolve(VERSION + "/runtime/invocation/" + requestId + "/response")
                .toURL().openConnection();
        response.setRequestMethod("POST");
        response.setDoOutput(true);
        response.setChunkedStreamingMode(0);
        response.setRequestProperty("Lambda-Runtime-Function-Response-Mode", "streaming");
        response.setRequestProperty("Content-Type", StreamingLambda.HTTP_INTEGRATION_RESPONSE);
        CountingStream counted = null;
        try (OutputStream out = response.getOutputStream()) {
            counted = new CountingStream(out);
            handler.handleRequest(new ByteArrayInputStream(event), counted, context);
        } catch (IOException | RuntimeException e) {
            if (counted == null || counted.written == 0) {
                response.disconnect();
                post(VERSION + "/runtime/invocation/" + requestId + "/error", "Runtime.HandlerError");
                return;
            }
            // The stream had begun: the client keeps what it got; Lambda logs the cut.
            System.err.println("streamed response failed after it began: " + e.getClass().getSimpleName());
        }
        response.getResponseCode();
        response.disconnect();
    }

    private void post(String path, String errorType) throws IOException {
        HttpURLConnection c = (HttpURLConnection) api.resolve(path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(("{\"errorType\":\"" + errorType + "\",\"errorMessage\":\"the handler failed\"}").getBytes(StandardCharsets.UTF_8));
        }
        c.getResponseCode();
        c.disconnect();
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Counts what the handler wrote, so that a failure before the first byte is reported as an error. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long written;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** The invocation's context from the Runtime API's headers and the function's environment. */
    private record RuntimeContext(String requestId, long deadlineMs, String functionArn) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return null; // the gateway's code does not use it; Lambda's own log lines carry it
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            // The name is the ARN's last element (…:function:<name>[:<qualifier>]).
            String[] parts = functionArn == null ? new String[0] : functionArn.split(":");
            return parts.length > 6 ? parts[6] : null;
        }

        @Override
        public String getFunctionVersion() {
            return null;
        }

        @Override
        public String getInvokedFunctionArn() {
            return functionArn;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return deadlineMs == 0 ? Integer.MAX_VALUE : (int) Math.max(0, deadlineMs - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 0;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.write(message, 0, message.length);
                }
            };
        }
    }
}
