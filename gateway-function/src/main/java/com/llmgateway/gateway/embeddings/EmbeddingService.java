package com.llmgateway.gateway.embeddings;

import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.observability.RequestMetrics;
import com.llmgateway.core.store.StoreCalls;
import com.llmgateway.gateway.cache.CacheDecision;
import com.llmgateway.gateway.cache.CacheStatus;
import com.llmgateway.gateway.cache.StoreResult;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.chat.TokenEstimator;
import com.llmgateway.gateway.metering.Admission;
import com.llmgateway.gateway.metering.AdmissionControl;
import com.llmgateway.gateway.metering.AdmissionRequest;
import com.llmgateway.gateway.metering.ModelPermission;
import com.llmgateway.gateway.metering.LedgerWrites;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.metering.UsageRecorder;
import org.slf4j.Logger;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import static com.llmgateway.gateway.metering.LedgerWrites.internal;
import static com.llmgateway.gateway.metering.LedgerWrites.withRecordedHeader;

/**
 * The embeddings pipeline, on the chat pipeline's parts: the body limit, the protocol's parser and
 * the team's model allow-list; then admission (requests and input tokens per minute, per-model
 * limits, the budget reserved for every input's estimated tokens) beside the cache lookup of every
 * input (one round of parallel DynamoDB calls); the model call for the inputs the cache did not
 * answer; then the ledger (route {@value #ROUTE}) beside the cache store of the new vectors (a
 * second round). Every request gets exactly one {@link Outcome} recorded, whatever happens.
 *
 * <p>The cache holds one entry per text, so a batch may be answered partly from it: the request
 * then costs the tokens of the texts Bedrock embedded, and records the rest as cost saved. A
 * request answered wholly from the cache costs 0 and is recorded as a hit (its reservations given
 * back, as for a chat hit).
 */
public final class EmbeddingService {

    /** The ledger's route name. */
    public static final String ROUTE = "embeddings";
    /** Bumped whenever the cache key's form changes, so old entries are never read as new ones. */
    static final int KEY_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingService.class);

    private final EmbeddingClient models;
    private final AdmissionControl admission;
    private final UsageRecorder usage;
    private final EmbeddingCache cache;
    private final long maxBodyBytes;
    private final long defaultCacheTtlSeconds;
    private final Clock clock;

    public EmbeddingService(EmbeddingClient models, AdmissionControl admission, UsageRecorder usage, EmbeddingCache cache,
                            long maxBodyBytes, long defaultCacheTtlSeconds, Clock clock) {
        this.models = models;
        this.admission = admission;
        this.usage = usage;
        this.cache = cache;
        this.maxBodyBytes = maxBodyBytes;
        this.defaultCacheTtlSeconds = defaultCacheTtlSeconds;
        this.clock = clock;
    }

    /**
     * One embeddings request; a refusal or failure leaves as a {@link GatewayException}, already
     * recorded in the ledger.
     *
     * @param parse the protocol's parser; its {@link GatewayException} is the caller's mistake and is recorded as such
     */
    public EmbeddingResult embed(ChatCall call, Supplier<EmbeddingRequest> parse) {
        Trace trace = new Trace(call, clock.instant(), System.nanoTime());
        boolean ownsRequestId = MDC.get("request_id") == null;
        if (ownsRequestId) {
            MDC.put("request_id", call.requestId());
        }
        MDC.put("team_id", call.caller().teamId());
        try {
            EmbeddingResult result = run(parse, trace);
            trace.log(200, null);
            return result;
        } catch (GatewayException e) {
            trace.log(e.status(), e.code() == null ? e.type() : e.code());
            throw e;
        } finally {
            if (ownsRequestId) {
                MDC.remove("request_id");
            }
            MDC.remove("team_id");
            MDC.remove("model");
        }
    }

    private EmbeddingResult run(Supplier<EmbeddingRequest> parse, Trace trace) {
        EmbeddingRequest request;
        CacheDecision decision;
        try {
            if (trace.call.bodyBytes() > maxBodyBytes) {
                throw GatewayException.payloadTooLarge(maxBodyBytes);
            }
            request = parse.get();
            trace.model = request.model();
            MDC.put("model", request.model().name());
            ModelPermission.check(trace.call.caller().team(), request.model());
            decision = CacheDecision.resolve(trace.call.caller().teamId(), trace.call.caller().team().cache(),
                    trace.call.cacheControl(), defaultCacheTtlSeconds);
        } catch (GatewayException e) {
            throw withRecordedHeader(e, record(trace, e, null), Map.of());
        } catch (RuntimeException e) {
            throw withRecordedHeader(internal(e), record(trace, GatewayException.internal(), null), Map.of());
        }
        List<String> texts = request.texts();
        List<String> keys = texts.stream().map(t -> key(request, t)).toList();
        long estimate = texts.stream().mapToLong(TokenEstimator::estimateText).sum();

        // Round one: the cache lookup of every input beside admission.
        CacheDecision d = decision;
        CompletableFuture<Map<String, EmbeddingCache.Entry>> lookup = decision.lookup()
                ? StoreCalls.fork(() -> cache.lookup(d.scope(), keys, d.maxAgeSeconds(), trace.time))
                : CompletableFuture.completedFuture(Map.of());
        Admission admitted;
        try {
            admitted = admission.admit(new AdmissionRequest(trace.call.requestId(), trace.call.caller(), request.model(),
                    trace.call.route(), estimate, 0, trace.time, maxCost(request)));
        } catch (GatewayException e) {
            lookup.cancel(false);
            throw withRecordedHeader(e, record(trace, e, null), Map.of());
        }
        Map<String, EmbeddingCache.Entry> hits = StoreCalls.join(lookup);

        // The texts the cache did not answer, each once.
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!hits.containsKey(keys.get(i))) {
                missing.putIfAbsent(keys.get(i), texts.get(i));
            }
        }
        Map<String, EmbeddingCache.Entry> fresh = new LinkedHashMap<>();
        boolean estimated = false;
        if (!missing.isEmpty()) {
            Embeddings answer;
            long started = System.nanoTime();
            try {
                answer = models.embed(request.call(new ArrayList<>(missing.values())));
                if (answer.vectors().size() != missing.size()) {
                    throw new IllegalStateException("the embedding client returned " + answer.vectors().size()
                            + " vectors for " + missing.size() + " texts");
                }
            } catch (GatewayException e) {
                trace.upstreamNanos = System.nanoTime() - started;
                throw withRecordedHeader(e, record(trace, e, admitted), admitted.rateLimitHeaders());
            } catch (RuntimeException e) {
                trace.upstreamNanos = System.nanoTime() - started;
                GatewayException internal = internal(e);
                throw withRecordedHeader(internal, record(trace, internal, admitted), admitted.rateLimitHeaders());
            }
            trace.upstreamNanos = System.nanoTime() - started;
            int i = 0;
            for (String key : missing.keySet()) {
                fresh.put(key, new EmbeddingCache.Entry(answer.vectors().get(i), answer.tokens().get(i), answer.estimated(), null));
                i++;
            }
            estimated = answer.estimated();
        }

        List<float[]> vectors = new ArrayList<>(texts.size());
        long promptTokens = 0;
        int cachedInputs = 0;
        for (String key : keys) {
            EmbeddingCache.Entry hit = hits.get(key);
            EmbeddingCache.Entry e = hit != null ? hit : fresh.get(key);
            vectors.add(e.vector());
            promptTokens += e.tokens();
            if (hit != null) {
                cachedInputs++;
                estimated |= hit.estimated();
            }
        }
        long billed = fresh.values().stream().mapToLong(EmbeddingCache.Entry::tokens).sum();
        ModelInfo model = request.model();
        BigDecimal cost = CostCalculator.cost(model, new TokenUsage(billed, 0));
        BigDecimal saved = CostCalculator.cost(model, new TokenUsage(promptTokens - billed, 0));
        boolean allCached = fresh.isEmpty();
        trace.tokens = billed;
        trace.cost = cost;

        // Round two: the new vectors into the cache beside the ledger write.
        CompletableFuture<StoreResult> stored = decision.store() && !fresh.isEmpty()
                ? StoreCalls.fork(() -> cache.store(d.scope(), fresh, d.ttlSeconds(), trace.time))
                : CompletableFuture.completedFuture(StoreResult.SKIPPED);
        long latencyMs = trace.elapsedMs();
        boolean recorded = record(new Outcome(trace.call.requestId(), trace.time, trace.call.caller(), trace.call.route(),
                model, new TokenUsage(billed, 0), cost, saved, latencyMs, trace.overheadMs(), 200, null, allCached,
                admitted, trace.call.tool(), estimated));
        StoreCalls.join(stored);

        Map<String, String> headers = new LinkedHashMap<>(admitted.rateLimitHeaders());
        CacheStatus status = !decision.lookup() ? CacheStatus.BYPASS : allCached ? CacheStatus.HIT : CacheStatus.MISS;
        headers.put(CacheStatus.HEADER, status.name());
        if (decision.lookup()) {
            headers.put("x-gateway-cache-hits", cachedInputs + "/" + texts.size());
        }
        headers.put("x-gateway-cost-usd", cost.toPlainString());
        headers.put("x-gateway-overhead-ms", Long.toString(trace.overheadMs()));
        if (!recorded) {
            headers.put("x-gateway-usage-recorded", "false");
        }
        return new EmbeddingResult(trace.call.requestId(), trace.call.caller().teamId(), request.requestedModel(),
                model.name(), model.invokeId(), model.provider(), vectors, request.dimensions(), request.base64(),
                promptTokens, billed, cost, cachedInputs, allCached, estimated, latencyMs, headers);
    }

    /**
     * The budget reservation: every text at its most tokens, its UTF-8 bytes plus two markers (a
     * byte-level tokenizer never gives more tokens than bytes), so that concurrent batches never
     * together spend past the budget even where the estimate runs low; the window keeps the estimate.
     */
    static BigDecimal maxCost(EmbeddingRequest r) {
        long bound = 0;
        for (String t : r.texts()) {
            bound += t.getBytes(StandardCharsets.UTF_8).length + 2L;
        }
        return CostCalculator.cost(r.model(), new TokenUsage(bound, 0));
    }

    /**
     * The cache key of one text: SHA-256 (hex) of a versioned form holding everything that decides
     * its vector (the Bedrock id, the size, the normalisation, the input type) and the text itself.
     */
    static String key(EmbeddingRequest r, String text) {
        String form = KEY_VERSION + "\n" + r.model().invokeId() + "\n" + r.dimensions() + "\n" + r.normalize() + "\n"
                + r.inputType() + "\n" + text;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(form.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    private boolean record(Trace trace, GatewayException e, Admission admitted) {
        return record(new Outcome(trace.call.requestId(), trace.time, trace.call.caller(), trace.call.route(), trace.model,
                TokenUsage.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, trace.elapsedMs(), trace.overheadMs(), e.status(),
                e.code() == null ? e.type() : e.code(), false, admitted, trace.call.tool()));
    }

    /** A recorder that throws is a recorder that failed: the caller is told, the answer still goes out. */
    private boolean record(Outcome outcome) {
        return LedgerWrites.record(usage, outcome);
    }


    /** What one request has gathered so far, for its outcome and its log line. */
    private static final class Trace {
        final ChatCall call;
        final Instant time;
        final long started;
        ModelInfo model;
        long tokens;
        BigDecimal cost = BigDecimal.ZERO;
        long upstreamNanos;

        Trace(ChatCall call, Instant time, long started) {
            this.call = call;
            this.time = time;
            this.started = started;
        }

        long elapsedMs() {
            return (System.nanoTime() - started) / 1_000_000;
        }

        long overheadMs() {
            return Math.max(0, (System.nanoTime() - started - upstreamNanos) / 1_000_000);
        }

        /**
         * The request's log line (ids, model, status, tokens, cost and latency: never a text or a
         * vector) and its EMF document, with the chat pipeline's metric names so the dashboard counts both.
         */
        void log(int status, String errorCode) {
            LOG.info("embeddings", entry("model_id", model == null ? null : model.invokeId()), entry("status", status),
                    entry("error_code", errorCode), entry("input_tokens", tokens),
                    entry("cost_usd", cost.toPlainString()), entry("latency_ms", elapsedMs()),
                    entry("overhead_ms", overheadMs()));
            RequestMetrics.with(Map.of("Model", model == null ? "none" : model.name()))
                    .count("Requests", 1)
                    .count("InputTokens", tokens)
                    .count("OutputTokens", 0)
                    // A double is fine for a metric only: the ledger and the response keep the exact decimal.
                    .add("CostUSD", cost.doubleValue(), MetricUnit.NONE)
                    .millis("LatencyMs", elapsedMs())
                    .millis("OverheadMs", overheadMs())
                    .count("Errors", status >= 500 ? 1 : 0)
                    .count("ClientErrors", status >= 400 && status < 500 && status != 429 ? 1 : 0)
                    .count("Throttles", status == 429 ? 1 : 0)
                    .flush();
        }
    }
}
