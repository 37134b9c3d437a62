package com.llmgateway.gateway.chat;

import com.llmgateway.core.store.StoreCalls;
import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.cache.CacheDecision;
import com.llmgateway.gateway.cache.CacheKey;
import com.llmgateway.gateway.cache.CacheLookup;
import com.llmgateway.gateway.cache.CacheMetrics;
import com.llmgateway.gateway.cache.CachedCompletion;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.cache.StoreResult;
import com.llmgateway.gateway.metering.Admission;
import com.llmgateway.gateway.metering.AdmissionControl;
import com.llmgateway.gateway.metering.AdmissionRequest;
import com.llmgateway.gateway.metering.ModelPermission;
import com.llmgateway.gateway.metering.LedgerWrites;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.metering.UsageRecorder;
import com.llmgateway.gateway.model.ModelClient;
import com.llmgateway.gateway.model.ModelResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static com.llmgateway.gateway.metering.LedgerWrites.internal;
import static com.llmgateway.gateway.metering.LedgerWrites.withRecordedHeader;

/**
 * The chat pipeline that OpenAI chat completions, the Bedrock Converse passthrough and MCP tools
 * share. It takes a neutral request (each protocol parses its own body into a {@link ChatRequest})
 * and returns a neutral {@link ChatResult} that each protocol renders in its own shape: no
 * protocol's JSON travels through it.
 *
 * <p>Steps: parse (the protocol's parser, run here so that a refusal is recorded), the body limit
 * and the team's model allow-list, then admission beside the response-cache lookup (one round of
 * parallel DynamoDB calls), the model call on a miss, then the ledger beside the cache store (a
 * second round). Every request gets exactly one {@link Outcome} recorded, whatever happens,
 * including a body its protocol refused.
 */
public final class ChatService {

    /** The ledger's route names: OpenAI chat completions, the Bedrock Converse passthrough, MCP tools. */
    public static final String ROUTE = "chat";
    public static final String CONVERSE_ROUTE = "converse";
    public static final String MCP_ROUTE = "mcp";
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final ModelClient models;
    private final AdmissionControl admission;
    private final UsageRecorder usage;
    private final ResponseCache cache;
    private final TokenEstimator estimator;
    private final long maxBodyBytes;
    private final long defaultCacheTtlSeconds;
    private final Clock clock;

    public ChatService(ModelClient models, AdmissionControl admission, UsageRecorder usage, ResponseCache cache,
                       TokenEstimator estimator, long maxBodyBytes, long defaultCacheTtlSeconds, Clock clock) {
        this.models = models;
        this.admission = admission;
        this.usage = usage;
        this.cache = cache;
        this.estimator = estimator;
        this.maxBodyBytes = maxBodyBytes;
        this.defaultCacheTtlSeconds = defaultCacheTtlSeconds;
        this.clock = clock;
    }

    /** The largest request body the gateway takes, in bytes. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * One chat request; a refusal or failure leaves as a {@link GatewayException}, already
     * recorded in the ledger, that the protocol renders in its own error shape.
     *
     * @param parse the protocol's parser of the request body; its {@link GatewayException} is the
     *              caller's mistake and is recorded as such
     */
    public ChatResult complete(ChatCall call, Supplier<ChatRequest> parse) {
        Trace trace = new Trace(call, clock.instant(), System.nanoTime());
        boolean ownsRequestId = MDC.get("request_id") == null; // LambdaHttp normally put it there
        if (ownsRequestId) {
            MDC.put("request_id", call.requestId());
        }
        MDC.put("team_id", call.caller().teamId());
        if (call.caller().keyId() != null) {
            MDC.put("key_id", call.caller().keyId());
        }
        try {
            ChatResult result = run(parse, trace);
            trace.emit(200, null);
            return result;
        } catch (GatewayException e) {
            trace.emit(e.status(), e.code() == null ? e.type() : e.code());
            throw e;
        } finally {
            if (ownsRequestId) {
                MDC.remove("request_id");
            }
            MDC.remove("team_id");
            MDC.remove("key_id");
            MDC.remove("model");
        }
    }

    /**
     * One chat request answered as a stream: the same pipeline as {@link #complete} (parse, body
     * limit, allow-list, admission with the budget reservation beside the cache lookup, the model
     * call, the ledger beside the cache store), with Bedrock's ConverseStream for the model call and
     * every event handed to {@code out} as it arrives. A cache hit is replayed as a stream.
     *
     * <p>A refusal or failure before the first event leaves as a {@link GatewayException}, already
     * recorded, that the protocol answers as an ordinary HTTP error. A failure after it is recorded
     * (with Bedrock's token counts if it sent them, else the gateway's estimate, marked as one) and
     * sent to {@link ChatStream#fail}. A client that goes away mid-stream still gets exactly one
     * record: the model's answer is read to its end, and recorded with its real tokens and cost
     * under status 499 {@code client_disconnected}.
     */
    public void stream(ChatCall call, Supplier<ChatRequest> parse, ChatStream out) {
        Trace trace = new Trace(call, clock.instant(), System.nanoTime());
        boolean ownsRequestId = MDC.get("request_id") == null;
        if (ownsRequestId) {
            MDC.put("request_id", call.requestId());
        }
        MDC.put("team_id", call.caller().teamId());
        if (call.caller().keyId() != null) {
            MDC.put("key_id", call.caller().keyId());
        }
        try {
            int status = runStream(parse, trace, out);
            trace.emit(status, status == 200 ? null : status == CLIENT_CLOSED ? CLIENT_DISCONNECTED : "stream_failed");
        } catch (GatewayException e) {
            trace.emit(e.status(), e.code() == null ? e.type() : e.code());
            throw e;
        } finally {
            if (ownsRequestId) {
                MDC.remove("request_id");
            }
            MDC.remove("team_id");
            MDC.remove("key_id");
            MDC.remove("model");
        }
    }

    /** The ledger's status for a stream whose client went away before its end (nginx's 499). */
    public static final int CLIENT_CLOSED = 499;
    public static final String CLIENT_DISCONNECTED = "client_disconnected";

    /** Hands events to the protocol, beginning it at the first; notes a client that went away. */
    private static final class Delivery {
        final ChatStream out;
        final Map<String, String> headers;
        final Instant created;
        boolean begun;
        boolean clientGone;

        Delivery(ChatStream out, Map<String, String> headers, Instant created) {
            this.out = out;
            this.headers = headers;
            this.created = created;
        }

        void deliver(com.llmgateway.gateway.model.StreamEvent event) {
            if (clientGone) {
                return;
            }
            try {
                if (!begun) {
                    begun = true;
                    out.begin(headers, created);
                }
                out.event(event);
            } catch (java.io.UncheckedIOException gone) {
                clientGone = true;
            }
        }
    }

    /** Returns the status recorded: 200, 499 for a client that left, else the failure's. */
    private int runStream(Supplier<ChatRequest> parse, Trace trace, ChatStream out) {
        RoundOne one = roundOne(parse, trace);
        ChatRequest request = one.request();
        CacheDecision decision = one.decision();
        CacheKey key = one.key();
        Admission admitted = one.admitted();
        CacheLookup cached = one.cached();
        Map<String, String> beginHeaders = new LinkedHashMap<>(admitted.rateLimitHeaders());
        beginHeaders.putAll(cached.headers(trace.time));
        Delivery delivery = new Delivery(out, beginHeaders, trace.time);
        if (cached.isHit()) {
            ChatResult hit = serveHit(request, cached, admitted, trace);
            com.llmgateway.gateway.model.StreamEvent.of(hit.content(), hit.stopReason(), hit.usage(), 0)
                    .forEach(delivery::deliver);
            return finish(delivery, hit, 200);
        }

        ModelResult result;
        long callStarted = System.nanoTime();
        try {
            result = models.converseStream(request.toCall(), delivery::deliver);
        } catch (com.llmgateway.gateway.model.StreamFailure f) {
            trace.upstreamNanos = System.nanoTime() - callStarted;
            GatewayException e = f.error();
            boolean estimated = f.usage() == null;
            trace.usage = estimated ? new TokenUsage(estimator.estimateInputTokens(request), (f.outputChars() + 3) / 4, 0, 0)
                    : f.usage();
            trace.cost = CostCalculator.cost(request.model(), trace.usage);
            boolean recorded = record(new Outcome(trace.call.requestId(), trace.time, trace.call.caller(), trace.call.route(),
                    request.model(), trace.usage, trace.cost, BigDecimal.ZERO, trace.elapsedMs(), trace.overheadMs(),
                    e.status(), e.code() == null ? e.type() : e.code(), false, admitted, estimated));
            if (!delivery.begun) {
                throw withRecordedHeader(e, recorded, admitted.rateLimitHeaders());
            }
            if (!delivery.clientGone) {
                try {
                    out.fail(e);
                } catch (java.io.UncheckedIOException gone) {
                    delivery.clientGone = true;
                }
            }
            return delivery.clientGone ? CLIENT_CLOSED : e.status();
        } catch (GatewayException e) {
            trace.upstreamNanos = System.nanoTime() - callStarted;
            throw withRecordedHeader(e, record(trace, e, admitted), admitted.rateLimitHeaders());
        } catch (RuntimeException e) {
            trace.upstreamNanos = System.nanoTime() - callStarted;
            GatewayException internal = internal(e);
            boolean recorded = record(trace, internal, admitted);
            if (!delivery.begun) {
                throw withRecordedHeader(internal, recorded, admitted.rateLimitHeaders());
            }
            LOG.error("stream failed", e);
            try {
                out.fail(GatewayException.internal());
            } catch (java.io.UncheckedIOException gone) {
                // nobody left to tell
            }
            return 500;
        }
        trace.upstreamNanos = System.nanoTime() - callStarted;
        trace.usage = result.usage();
        trace.cost = CostCalculator.cost(request.model(), result.usage());
        long latencyMs = trace.elapsedMs();
        int status = delivery.clientGone ? CLIENT_CLOSED : 200;
        // Round two, as for an unstreamed call; a stream read to its end is cached even if its client left.
        CompletableFuture<StoreResult> stored = decision.store()
                ? StoreCalls.fork(() -> cache.store(decision, key, new CachedCompletion(result.content(),
                        result.stopReason(), result.usage(), request.model().invokeId(), request.model().provider(),
                        trace.cost), trace.time))
                : CompletableFuture.completedFuture(StoreResult.SKIPPED);
        boolean recorded = record(new Outcome(trace.call.requestId(), trace.time, trace.call.caller(), trace.call.route(),
                request.model(), result.usage(), trace.cost, BigDecimal.ZERO, latencyMs, trace.overheadMs(), status,
                delivery.clientGone ? CLIENT_DISCONNECTED : null, false, admitted));
        trace.metrics.add(StoreCalls.join(stored).metric());
        ChatResult done = new ChatResult(trace.call.requestId(), trace.call.caller().teamId(), trace.time,
                request.requestedModel(), request.model().name(), request.model().invokeId(), request.model().provider(),
                result.content(), result.stopReason(), result.usage(), trace.cost, false, latencyMs, trace.overheadMs(),
                headers(admitted, cached, trace, trace.cost.toPlainString(), recorded));
        return finish(delivery, done, status);
    }

    /** The end of a stream that ran to its end: the result to the protocol, if its client is still there. */
    private static int finish(Delivery delivery, ChatResult result, int status) {
        if (!delivery.begun && !delivery.clientGone) {
            // An answer without events (none arrive only from a broken port): begin all the same.
            delivery.deliver(new com.llmgateway.gateway.model.StreamEvent.MessageStart("assistant"));
        }
        if (!delivery.clientGone) {
            try {
                delivery.out.complete(result);
            } catch (java.io.UncheckedIOException gone) {
                return status; // recorded already; the last bytes found no one
            }
        }
        return status;
    }

    /**
     * A request its protocol refused before there was a chat request to run (an MCP body that is
     * not JSON-RPC, say): recorded in the ledger as the caller's error, like a body the pipeline's
     * parser refused. Returns the refusal to answer with.
     */
    public GatewayException refused(ChatCall call, GatewayException refusal) {
        Trace trace = new Trace(call, clock.instant(), System.nanoTime());
        boolean recorded = record(trace, refusal, null);
        trace.emit(refusal.status(), refusal.code() == null ? refusal.type() : refusal.code());
        return withRecordedHeader(refusal, recorded, Map.of());
    }

    /**
     * A tool call that makes no model call (MCP's chunk_document, recommend_model): one ledger
     * record at cost 0 under the call's route and tool, with no model. Returns whether it was
     * recorded.
     */
    public boolean recordToolCall(ChatCall call, long latencyMs) {
        return record(new Outcome(call.requestId(), clock.instant(), call.caller(), call.route(), null, TokenUsage.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, latencyMs, latencyMs, 200, null, false, null, call.tool()));
    }

    /** The estimator admission reserves with, so that tools count tokens as admission does. */
    public TokenEstimator estimator() {
        return estimator;
    }

    /** A request that passed its protocol's parser and the team's model allow-list, with its cache handling. */
    private record Prepared(ChatRequest request, CacheDecision decision, CacheKey key) {
    }

    /**
     * The body limit, the protocol's parser, the model allow-list and the cache directives: no
     * store is touched and no call made. A request refused here is still recorded in the ledger
     * (as the caller's error), so the ledger holds one record for every request an authenticated
     * caller sent, on every protocol.
     */
    private Prepared prepare(Supplier<ChatRequest> parse, Trace trace) {
        try {
            if (trace.call.bodyBytes() > maxBodyBytes) {
                throw GatewayException.payloadTooLarge(maxBodyBytes);
            }
            ChatRequest request = parse.get();
            trace.model = request.model();
            MDC.put("model", request.model().name());
            if (request.model().isEmbedding()) {
                throw GatewayException.badRequest("The model '" + request.model().name() + "' is an embedding model;"
                        + " send it to POST /v1/embeddings. The chat routes take the models that GET /v1/models lists"
                        + " with kind 'chat'.", "model", "wrong_model_kind");
            }
            ModelPermission.check(trace.call.caller().team(), request.model());
            CacheDecision decision = CacheDecision.resolve(trace.call.caller().teamId(),
                    trace.call.caller().team().cache(), trace.call.cacheControl(), defaultCacheTtlSeconds);
            CacheKey key = decision.lookup() || decision.store() ? CacheKey.of(request) : null;
            return new Prepared(request, decision, key);
        } catch (GatewayException e) {
            throw withRecordedHeader(e, record(trace, e, null), Map.of());
        } catch (RuntimeException e) {
            // A parser that breaks its contract: a 500 for the caller, the cause for the log.
            throw withRecordedHeader(internal(e), record(trace, GatewayException.internal(), null), Map.of());
        }
    }

    /** A prepared request after round one: admitted, and what the cache said. */
    private record RoundOne(ChatRequest request, CacheDecision decision, CacheKey key, Admission admitted,
                            CacheLookup cached) {
    }

    /**
     * Prepares the request, then round one: the cache lookup runs beside admission, not after it.
     * An answer the sandbox remembers needs no lookup, and is admitted with nothing to reserve (a
     * hit counts toward requests per minute only, and costs nothing): still one round, the
     * rate-limit window beside the budget check, and nothing to give back in round two.
     */
    private RoundOne roundOne(Supplier<ChatRequest> parse, Trace trace) {
        Prepared prepared = prepare(parse, trace);
        ChatRequest request = prepared.request();
        CacheDecision decision = prepared.decision();
        CacheKey key = prepared.key();
        CacheLookup remembered = cache.remembered(decision, key, trace.time);
        CompletableFuture<CacheLookup> lookup = remembered != null ? CompletableFuture.completedFuture(remembered)
                : decision.lookup() ? StoreCalls.fork(() -> cache.lookup(decision, key, trace.time))
                : CompletableFuture.completedFuture(cache.lookup(decision, key, trace.time));
        Admission admitted;
        try {
            admitted = admission.admit(remembered != null
                    ? new AdmissionRequest(trace.call.requestId(), trace.call.caller(), request.model(), trace.call.route(),
                            0, 0, trace.time, BigDecimal.ZERO)
                    : new AdmissionRequest(trace.call.requestId(), trace.call.caller(), request.model(), trace.call.route(),
                            estimator.estimateInputTokens(request), request.effectiveMaxTokens(), trace.time));
        } catch (GatewayException e) {
            throw withRecordedHeader(e, record(trace, e, null), Map.of());
        }
        CacheLookup cached = StoreCalls.join(lookup);
        trace.metrics.add(cached.metric());
        if (remembered != null) {
            trace.metrics.add(CacheMetrics.MEMORY_HITS);
        }
        return new RoundOne(request, decision, key, admitted, cached);
    }

    private ChatResult run(Supplier<ChatRequest> parse, Trace trace) {
        RoundOne one = roundOne(parse, trace);
        ChatRequest request = one.request();
        CacheDecision decision = one.decision();
        CacheKey key = one.key();
        Admission admitted = one.admitted();
        CacheLookup cached = one.cached();
        if (cached.isHit()) {
            return serveHit(request, cached, admitted, trace);
        }

        ModelResult result;
        long callStarted = System.nanoTime();
        try {
            result = models.converse(request.toCall());
        } catch (GatewayException e) {
            trace.upstreamNanos = System.nanoTime() - callStarted;
            throw withRecordedHeader(e, record(trace, e, admitted), admitted.rateLimitHeaders());
        } catch (RuntimeException e) {
            trace.upstreamNanos = System.nanoTime() - callStarted;
            // A port that breaks its contract: a 500 for the caller, the cause for the log (via LambdaHttp).
            GatewayException internal = internal(e);
            throw withRecordedHeader(internal, record(trace, internal, admitted), admitted.rateLimitHeaders());
        }
        trace.upstreamNanos = System.nanoTime() - callStarted;
        trace.usage = result.usage();
        trace.cost = CostCalculator.cost(request.model(), result.usage());

        long latencyMs = trace.elapsedMs();
        // Round two: the answer goes into the cache beside the ledger write.
        CompletableFuture<StoreResult> stored = decision.store()
                ? StoreCalls.fork(() -> cache.store(decision, key, new CachedCompletion(result.content(),
                        result.stopReason(), result.usage(), request.model().invokeId(), request.model().provider(),
                        trace.cost), trace.time))
                : CompletableFuture.completedFuture(StoreResult.SKIPPED);
        boolean recorded = record(new Outcome(trace.call.requestId(), trace.time, trace.call.caller(), trace.call.route(),
                request.model(), result.usage(), trace.cost, BigDecimal.ZERO, latencyMs, trace.overheadMs(), 200, null,
                false, admitted, trace.call.tool()));
        trace.metrics.add(StoreCalls.join(stored).metric());
        return new ChatResult(trace.call.requestId(), trace.call.caller().teamId(), trace.time, request.requestedModel(),
                request.model().name(), request.model().invokeId(), request.model().provider(), result.content(),
                result.stopReason(), result.usage(), trace.cost, false, latencyMs, trace.overheadMs(),
                headers(admitted, cached, trace, trace.cost.toPlainString(), recorded));
    }

    /**
     * A cache hit: the stored answer, with its original usage, at no cost. The ledger records it
     * with the cost it saved; admission's token and budget reservations (none for a remembered
     * answer) are given back by the recorder (a hit counts toward requests per minute only).
     */
    private ChatResult serveHit(ChatRequest request, CacheLookup cached, Admission admitted, Trace trace) {
        CachedCompletion c = cached.hit().completion();
        long latencyMs = trace.elapsedMs();
        // The ledger holds what Bedrock billed: nothing for a hit, and the cost it saved.
        boolean recorded = record(new Outcome(trace.call.requestId(), trace.time, trace.call.caller(), trace.call.route(),
                request.model(), TokenUsage.ZERO, BigDecimal.ZERO, c.costUsd(), latencyMs, trace.overheadMs(), 200, null,
                true, admitted, trace.call.tool()));
        return new ChatResult(trace.call.requestId(), trace.call.caller().teamId(), trace.time, request.requestedModel(),
                request.model().name(), c.modelId(), c.provider(), c.content(), c.stopReason(), c.usage(),
                BigDecimal.ZERO, true, latencyMs, trace.overheadMs(),
                headers(admitted, cached, trace, "0", recorded));
    }

    /** The headers every protocol answers with: rate limits, cache status, cost, overhead, a failed ledger write. */
    private static Map<String, String> headers(Admission admitted, CacheLookup cached, Trace trace, String cost,
                                               boolean recorded) {
        Map<String, String> headers = new LinkedHashMap<>(admitted.rateLimitHeaders());
        headers.putAll(cached.headers(trace.time));
        headers.put("x-gateway-cost-usd", cost);
        headers.put("x-gateway-overhead-ms", Long.toString(trace.overheadMs()));
        if (!recorded) {
            headers.put("x-gateway-usage-recorded", "false");
        }
        return headers;
    }


    private boolean record(Trace trace, GatewayException e, Admission admitted) {
        return record(new Outcome(trace.call.requestId(), trace.time, trace.call.caller(), trace.call.route(), trace.model, TokenUsage.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, trace.elapsedMs(), trace.overheadMs(), e.status(),
                e.code() == null ? e.type() : e.code(), false, admitted, trace.call.tool()));
    }

    /** A recorder that throws is a recorder that failed: the caller is told, the answer still goes out. */
    private boolean record(Outcome outcome) {
        return LedgerWrites.record(usage, outcome);
    }


    /** What one request has gathered so far, for its outcome, log line and metrics. */
    private static final class Trace {
        final ChatCall call;
        final Instant time;
        final long started;
        ModelInfo model;
        TokenUsage usage = TokenUsage.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        long upstreamNanos;
        /** Extra counters for this request's EMF document (cache hits, misses, stores...). */
        final List<String> metrics = new ArrayList<>();

        Trace(ChatCall call, Instant time, long started) {
            this.call = call;
            this.time = time;
            this.started = started;
        }

        long elapsedMs() {
            return (System.nanoTime() - started) / 1_000_000;
        }

        /** Time spent in the gateway itself: everything but the model call. */
        long overheadMs() {
            return Math.max(0, (System.nanoTime() - started - upstreamNanos) / 1_000_000);
        }

        void emit(int status, String errorCode) {
            ChatTelemetry.emit(model, status, errorCode, usage, cost, elapsedMs(), overheadMs(), metrics);
        }
    }
}
