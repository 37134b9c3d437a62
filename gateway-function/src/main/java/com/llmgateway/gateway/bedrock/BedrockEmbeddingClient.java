package com.llmgateway.gateway.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.EmbeddingSpec;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.chat.TokenEstimator;
import com.llmgateway.gateway.embeddings.EmbeddingCall;
import com.llmgateway.gateway.embeddings.EmbeddingClient;
import com.llmgateway.gateway.embeddings.Embeddings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * {@link EmbeddingClient} over Bedrock Runtime {@code InvokeModel}, on the same SDK client as
 * Converse ({@link BedrockModelClient}), with each model family's own body:
 * <ul>
 *   <li>Titan Text Embeddings V2: {@code {"inputText","dimensions","normalize"}}, one text per call,
 *       answered {@code {"embedding":[...],"inputTextTokenCount":n}};</li>
 *   <li>Cohere Embed v3: {@code {"texts":[...],"input_type","truncate":"NONE"}}, up to 96 texts per
 *       call, answered {@code {"embeddings":[[...]],"id","response_type":"embeddings_floats","texts"}};</li>
 *   <li>Cohere Embed v4: the same plus {@code "embedding_types":["float"]} and {@code "output_dimension"},
 *       answered with {@code "embeddings":{"float":[[...]]}} ({@code response_type: embeddings_by_type});</li>
 *   <li>Nova Multimodal Embeddings: {@code {"taskType":"SINGLE_EMBEDDING","singleEmbeddingParams":{...}}},
 *       one text per call, answered {@code {"embeddings":[{"embeddingType":"TEXT","embedding":[...]}]}}.</li>
 * </ul>
 * The one-text families are fanned out with at most {@value #PARALLELISM} calls in flight per
 * request. Token counts: Titan's {@code inputTextTokenCount}, else Bedrock's
 * {@code X-Amzn-Bedrock-Input-Token-Count} header (a batch's total, shared out over its texts in
 * proportion to their estimates), else the gateway's estimate, marked as such.
 */
public final class BedrockEmbeddingClient implements EmbeddingClient {

    static final int PARALLELISM = 8;
    static final String TOKEN_COUNT_HEADER = "X-Amzn-Bedrock-Input-Token-Count";
    private static final Logger LOG = LoggerFactory.getLogger(BedrockEmbeddingClient.class);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bedrock-embed-" + SEQ.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final BedrockRuntimeClient client;

    public BedrockEmbeddingClient(BedrockRuntimeClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** On the SDK client of the sandbox's Converse client. */
    public static BedrockEmbeddingClient on(BedrockModelClient converse) {
        return new BedrockEmbeddingClient(converse.runtime());
    }

    /** One vector and one count of a call. */
    private record One(float[] vector, Long tokens) {
    }

    @Override
    public Embeddings embed(EmbeddingCall call) {
        EmbeddingSpec spec = call.model().embedding();
        if (spec.batches()) {
            List<float[]> vectors = new ArrayList<>();
            List<Long> tokens = new ArrayList<>();
            boolean estimated = false;
            for (int from = 0; from < call.texts().size(); from += spec.maxBatch()) {
                List<String> chunk = call.texts().subList(from, Math.min(call.texts().size(), from + spec.maxBatch()));
                Embeddings part = cohere(call, chunk);
                vectors.addAll(part.vectors());
                tokens.addAll(part.tokens());
                estimated |= part.estimated();
            }
            return new Embeddings(vectors, tokens, estimated);
        }
        return fanOut(call);
    }

    /** One call per text, at most {@value #PARALLELISM} at a time, answers in the texts' order. */
    private Embeddings fanOut(EmbeddingCall call) {
        List<String> texts = call.texts();
        One[] out = new One[texts.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                out[i] = single(call, texts.get(i));
            }
        };
        int workers = Math.min(PARALLELISM, texts.size());
        List<CompletableFuture<Void>> running = new ArrayList<>();
        Map<String, String> context = MDC.getCopyOfContextMap(); // the log lines of a failed call name their request
        for (int w = 1; w < workers; w++) {
            running.add(CompletableFuture.runAsync(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    worker.run();
                } finally {
                    MDC.clear();
                }
            }, POOL));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(texts.size()); // the others stop at their next text
        }
        for (CompletableFuture<Void> f : running) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (failure == null && e.getCause() instanceof RuntimeException r) {
                    failure = r;
                }
                next.set(texts.size());
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<float[]> vectors = new ArrayList<>(out.length);
        List<Long> tokens = new ArrayList<>(out.length);
        boolean estimated = false;
        for (int i = 0; i < out.length; i++) {
            vectors.add(out[i].vector());
            if (out[i].tokens() == null) {
                estimated = true;
                tokens.add(TokenEstimator.estimateText(texts.get(i)));
            } else {
                tokens.add(out[i].tokens());
            }
        }
        return new Embeddings(vectors, tokens, estimated);
    }

    private One single(EmbeddingCall call, String text) {
        ObjectNode body = Json.object();
        String family = call.model().embedding().family();
        if (EmbeddingSpec.TITAN_V2.equals(family)) {
            body.put("inputText", text);
            body.put("dimensions", call.dimensions());
            body.put("normalize", call.normalize());
        } else {
            body.put("schemaVersion", "nova-multimodal-embed-v1");
            body.put("taskType", "SINGLE_EMBEDDING");
            ObjectNode params = body.putObject("singleEmbeddingParams");
            params.put("embeddingPurpose", novaPurpose(call.inputType()));
            params.put("embeddingDimension", call.dimensions());
            params.putObject("text").put("truncationMode", "NONE").put("value", text);
        }
        Answer answer = invoke(call, body);
        JsonNode root = answer.body();
        JsonNode vector = EmbeddingSpec.TITAN_V2.equals(family) ? root.get("embedding")
                : root.path("embeddings").path(0).get("embedding");
        Long tokens = root.hasNonNull("inputTextTokenCount") ? Long.valueOf(root.get("inputTextTokenCount").asLong())
                : answer.headerTokens().orElse(null);
        return new One(vector(vector, call), tokens);
    }

    private Embeddings cohere(EmbeddingCall call, List<String> texts) {
        ObjectNode body = Json.object();
        var array = body.putArray("texts");
        texts.forEach(array::add);
        body.put("input_type", call.inputType());
        body.put("truncate", "NONE");
        boolean v4 = EmbeddingSpec.COHERE_V4.equals(call.model().embedding().family());
        if (v4) {
            body.putArray("embedding_types").add("float");
            body.put("output_dimension", call.dimensions());
        }
        Answer answer = invoke(call, body);
        JsonNode embeddings = answer.body().get("embeddings");
        if (embeddings != null && embeddings.isObject()) {
            embeddings = embeddings.get("float"); // response_type embeddings_by_type
        }
        if (embeddings == null || !embeddings.isArray() || embeddings.size() != texts.size()) {
            throw malformed(call);
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (JsonNode v : embeddings) {
            vectors.add(vector(v, call));
        }
        List<Long> estimates = texts.stream().map(TokenEstimator::estimateText).toList();
        Optional<Long> total = answer.headerTokens();
        return total.map(t -> new Embeddings(vectors, share(t, estimates), false))
                .orElseGet(() -> new Embeddings(vectors, estimates, true));
    }

    /** A batch's token total shared out over its texts in proportion to their estimates (largest remainders). */
    static List<Long> share(long total, List<Long> weights) {
        long sum = weights.stream().mapToLong(Long::longValue).sum();
        long[] parts = new long[weights.size()];
        double[] rest = new double[weights.size()];
        long given = 0;
        for (int i = 0; i < parts.length; i++) {
            double exact = sum == 0 ? (double) total / parts.length : (double) total * weights.get(i) / sum;
            parts[i] = (long) Math.floor(exact);
            rest[i] = exact - parts[i];
            given += parts[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < rest.length; i++) {
                if (rest[i] > rest[best]) {
                    best = i;
                }
            }
            parts[best]++;
            rest[best] = -1;
        }
        List<Long> out = new ArrayList<>(parts.length);
        for (long p : parts) {
            out.add(p);
        }
        return out;
    }

    private static String novaPurpose(String inputType) {
        return switch (inputType) {
            case "search_query" -> "GENERIC_RETRIEVAL";
            case "classification" -> "CLASSIFICATION";
            case "clustering" -> "CLUSTERING";
            default -> "GENERIC_INDEX";
        };
    }

    private record Answer(JsonNode body, Optional<Long> headerTokens) {
    }

    private Answer invoke(EmbeddingCall call, ObjectNode body) {
        long started = System.nanoTime();
        InvokeModelResponse response;
        try {
            response = client.invokeModel(b -> b.modelId(call.model().invokeId()).contentType("application/json")
                    .accept("application/json").body(SdkBytes.fromUtf8String(Json.write(body))));
        } catch (SdkException e) {
            logFailure(call, e, started);
            throw embeddingError(BedrockErrors.map(e, call.model().name()), call);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(response.body().asByteArray());
        } catch (java.io.IOException e) {
            throw malformed(call);
        }
        if (root == null || !root.isObject()) {
            throw malformed(call);
        }
        Optional<Long> tokens = response.sdkHttpResponse().firstMatchingHeader(TOKEN_COUNT_HEADER).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        return new Answer(root, tokens);
    }

    private static float[] vector(JsonNode v, EmbeddingCall call) {
        if (v == null || !v.isArray() || v.size() != call.dimensions()) {
            throw malformed(call);
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw malformed(call);
            }
            out[i] = v.get(i).floatValue();
        }
        return out;
    }

    private static GatewayException malformed(EmbeddingCall call) {
        return new GatewayException(502, "api_error", "upstream_malformed_response", null,
                "Model '" + call.model().name() + "' answered with an embedding the gateway could not read.", Map.of(), null);
    }

    /** Bedrock's validation error names the input here, not a conversation's messages. */
    private static GatewayException embeddingError(GatewayException mapped, EmbeddingCall call) {
        if (!"upstream_validation_error".equals(mapped.code())) {
            return mapped;
        }
        GatewayException refined = new GatewayException(400, "invalid_request_error", "upstream_validation_error", "input",
                "Bedrock rejected the embedding request to model '" + call.model().name() + "' as invalid (for example"
                        + " a text longer than the model takes).", Map.of(), mapped.getCause());
        return mapped.upstreamType() == null ? refined : refined.withUpstreamType(mapped.upstreamType());
    }

    private static void logFailure(EmbeddingCall call, SdkException e, long started) {
        String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                ? a.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
        LOG.warn("bedrock embedding call failed", entry("model_id", call.model().invokeId()), entry("error_code", code),
                entry("upstream_status", status), entry("attempts", e.numAttempts()),
                entry("elapsed_ms", (System.nanoTime() - started) / 1_000_000));
    }
}
