package com.llmgateway.gateway.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelResult;
import com.llmgateway.gateway.model.StreamEvent;
import com.llmgateway.gateway.model.StreamFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Bedrock Runtime {@code ConverseStream} on the SDK's synchronous HTTP client: the SDK offers the
 * operation only on its async client, which needs an async HTTP client (Netty or CRT: megabytes
 * more in the jar; see docs/streaming.md). So the gateway sends the REST-JSON request itself,
 * signs it with the SDK's own SigV4 signer ({@link AwsV4HttpSigner}, credentials from the same
 * provider as the Converse client), sends it through the same kind of {@link SdkHttpClient}
 * (Apache 5), and decodes the AWS event-stream frames with the SDK's {@code eventstream} library as
 * they arrive, handing each event on at once.
 *
 * <p>Errors before the first event (an HTTP error with {@code x-amzn-ErrorType}) are retried on
 * throttling and 5xx like the SDK would (up to the configured attempts, jittered backoff) and then
 * mapped as {@link BedrockErrors} maps the SDK's exceptions; errors after it (an exception frame, a
 * cut or timed-out connection) leave as a {@link StreamFailure} with what had arrived.
 */
final class BedrockStreamClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockStreamClient.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;
    private final int maxAttempts;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    BedrockStreamClient(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint, int maxAttempts) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint != null ? endpoint : URI.create("https://bedrock-runtime." + region + ".amazonaws.com");
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    ModelResult converseStream(ModelCall call, Consumer<StreamEvent> events) {
        byte[] body = Json.bytes(ConverseJson.request(call));
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            HttpExecuteResponse response;
            try {
                response = http.prepareRequest(sign(call.modelId(), body)).call();
            } catch (IOException e) {
                if (attempt < maxAttempts) {
                    backoff(attempt);
                    continue;
                }
                log(call, "connect_failed", 0, attempt, started);
                throw e instanceof SocketTimeoutException || e instanceof InterruptedIOException
                        ? BedrockErrors.map(ApiCallAttemptTimeoutException.builder().cause(e).build(), call.modelName())
                        : BedrockErrors.unreachable(e, call.modelName());
            }
            int status = response.httpResponse().statusCode();
            if (status != 200) {
                String type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("");
                drain(response);
                if ((status == 429 || status >= 500) && attempt < maxAttempts) {
                    backoff(attempt);
                    continue;
                }
                log(call, type.isEmpty() ? "http_" + status : type.split(":")[0], status, attempt, started);
                throw BedrockErrors.fromWire(type, status, call.modelName());
            }
            try (InputStream in = response.responseBody().orElseThrow(() -> new IOException("no body"))) {
                return read(call, in, events, started);
            } catch (IOException e) {
                // Only a failure to open the body lands here; read() turns its own failures into StreamFailures.
                throw BedrockErrors.unreachable(e, call.modelName());
            }
        }
    }

    private HttpExecuteRequest sign(String modelId, byte[] body) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath(SdkHttpUtils.appendUri(endpoint.getRawPath(),
                        "/model/" + SdkHttpUtils.urlEncode(modelId) + "/converse-stream"))
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/vnd.amazon.eventstream")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        ContentStreamProvider payload = ContentStreamProvider.fromByteArrayUnsafe(body);
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(payload)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        return HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(signed.payload().orElse(payload)).build();
    }

    /** Reads frames as they arrive, hands each event on, and gathers the whole answer. */
    private ModelResult read(ModelCall call, InputStream in, Consumer<StreamEvent> events, long started) {
        Answer answer = new Answer();
        MessageDecoder decoder = new MessageDecoder(message -> answer.take(message, events, call.modelName()));
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (n > 0) {
                    decoder.feed(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            GatewayException error = e instanceof SocketTimeoutException
                    ? BedrockErrors.map(ApiCallAttemptTimeoutException.builder().cause(e).build(), call.modelName())
                    : BedrockErrors.unreachable(e, call.modelName());
            log(call, "stream_broken", 200, 1, started);
            throw new StreamFailure(error, answer.usage, answer.outputChars);
        } catch (StreamFailure e) {
            log(call, e.error().upstreamType() == null ? e.error().code() : e.error().upstreamType(), 200, 1, started);
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A frame whose CRC or length does not check out.
            log(call, "bad_frame", 200, 1, started);
            throw new StreamFailure(BedrockErrors.unreachable(new IOException("malformed event stream"), call.modelName()),
                    answer.usage, answer.outputChars);
        }
        if (answer.stopReason == null || answer.usage == null) {
            // The stream ended without messageStop or metadata: Bedrock did not finish the answer.
            log(call, "stream_incomplete", 200, 1, started);
            throw new StreamFailure(BedrockErrors.unreachable(new IOException("stream ended early"), call.modelName()),
                    answer.usage, answer.outputChars);
        }
        return new ModelResult(answer.content(), answer.stopReason, answer.usage, (System.nanoTime() - started) / 1_000_000);
    }

    /** What has arrived of one answer. */
    private static final class Answer {
        final Map<Integer, StringBuilder> texts = new TreeMap<>();
        final Map<Integer, String[]> tools = new TreeMap<>();
        final Map<Integer, StringBuilder> inputs = new TreeMap<>();
        String stopReason;
        TokenUsage usage;
        long outputChars;

        void take(Message message, Consumer<StreamEvent> events, String model) {
            String kind = header(message, ":message-type");
            String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
            if ("exception".equals(kind) || "error".equals(kind)) {
                String type = "exception".equals(kind) ? header(message, ":exception-type") : header(message, ":error-code");
                throw new StreamFailure(BedrockErrors.fromWire(type, 200, model), usage, outputChars);
            }
            JsonNode p;
            try {
                p = Json.MAPPER.readTree(payload);
            } catch (IOException e) {
                throw new IllegalStateException("event payload is not JSON");
            }
            String type = header(message, ":event-type");
            int index = p.path("contentBlockIndex").asInt(0);
            StreamEvent event = switch (type == null ? "" : type) {
                case "messageStart" -> new StreamEvent.MessageStart(p.path("role").asText("assistant"));
                case "contentBlockStart" -> {
                    JsonNode use = p.path("start").path("toolUse");
                    if (use.isMissingNode()) {
                        yield null; // a block kind the gateway does not pass on (reasoning...)
                    }
                    tools.put(index, new String[]{use.path("toolUseId").asText(), use.path("name").asText()});
                    inputs.put(index, new StringBuilder());
                    yield new StreamEvent.ToolUseStart(index, use.path("toolUseId").asText(), use.path("name").asText());
                }
                case "contentBlockDelta" -> {
                    JsonNode delta = p.path("delta");
                    if (delta.path("text").isTextual()) {
                        String text = delta.get("text").asText();
                        texts.computeIfAbsent(index, k -> new StringBuilder()).append(text);
                        outputChars += text.length();
                        yield new StreamEvent.TextDelta(index, text);
                    }
                    if (delta.path("toolUse").path("input").isTextual() && inputs.containsKey(index)) {
                        String piece = delta.path("toolUse").get("input").asText();
                        inputs.get(index).append(piece);
                        outputChars += piece.length();
                        yield new StreamEvent.ToolInputDelta(index, piece);
                    }
                    yield null;
                }
                case "contentBlockStop" -> texts.containsKey(index) || tools.containsKey(index)
                        ? new StreamEvent.BlockStop(index) : null;
                case "messageStop" -> {
                    stopReason = p.path("stopReason").asText("end_turn");
                    yield new StreamEvent.MessageStop(stopReason);
                }
                case "metadata" -> {
                    JsonNode u = p.path("usage");
                    usage = new TokenUsage(u.path("inputTokens").asLong(0), u.path("outputTokens").asLong(0),
                            u.path("cacheReadInputTokens").asLong(0), u.path("cacheWriteInputTokens").asLong(0));
                    yield new StreamEvent.Metadata(usage, p.path("metrics").path("latencyMs").asLong(0));
                }
                default -> null;
            };
            if (event != null) {
                events.accept(event);
            }
        }

        List<ContentBlock> content() {
            TreeMap<Integer, ContentBlock> blocks = new TreeMap<>();
            texts.forEach((i, t) -> blocks.put(i, new ContentBlock.Text(t.toString())));
            tools.forEach((i, t) -> {
                String input = inputs.get(i).toString();
                JsonNode parsed;
                try {
                    parsed = input.isBlank() ? Json.object() : Json.MAPPER.readTree(input);
                } catch (IOException e) {
                    parsed = Json.object();
                }
                blocks.put(i, new ContentBlock.ToolUse(t[0], t[1], parsed == null ? Json.object() : parsed));
            });
            return new ArrayList<>(blocks.values());
        }
    }

    private static String header(Message message, String name) {
        HeaderValue v = message.getHeaders().get(name);
        return v == null ? null : v.getString();
    }

    private static void drain(HttpExecuteResponse response) {
        response.responseBody().ifPresent(body -> {
            try (body) {
                body.readNBytes(MAX_ERROR_BODY); // the message is Bedrock's and never reaches the caller
            } catch (IOException ignored) {
                // the status and error type are what count
            }
        });
    }

    private static void backoff(int attempt) {
        long ceiling = Math.min(2_000, 100L << Math.min(attempt, 5));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void log(ModelCall call, String code, int status, int attempts, long started) {
        LOG.warn("bedrock stream failed", entry("model_id", call.modelId()), entry("error_code", code),
                entry("upstream_status", status), entry("attempts", attempts),
                entry("elapsed_ms", (System.nanoTime() - started) / 1_000_000));
    }

    @Override
    public void close() {
        http.close();
    }
}
