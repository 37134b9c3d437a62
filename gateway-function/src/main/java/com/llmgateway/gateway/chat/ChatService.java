package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.cache.CacheDecision;
import com.llmgateway.gateway.cache.CacheKey;
import com.llmgateway.gateway.cache.CacheLookup;
import com.llmgateway.gateway.cache.CachedCompletion;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.cache.StoreResult;
import com.llmgateway.gateway.metering.Admission;
import com.llmgateway.gateway.metering.AdmissionControl;
import com.llmgateway.gateway.metering.AdmissionRequest;
import com.llmgateway.gateway.metering.ModelPermission;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.metering.UsageRecorder;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelClient;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ModelResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code POST /v1/chat/completions}: validate, check the team may use the model, admit and look the
 * response cache up (one round of parallel DynamoDB calls), call the model on a miss, then record
 * the outcome and store the completion (a second parallel round), and answer in OpenAI's shape.
 * Every request that reaches admission gets exactly one {@link Outcome} recorded, whatever
 * happens after.
 */
public final class ChatService {

    /** The ledger's route names: OpenAI chat completions, the Bedrock Converse passthrough, MCP tools. */
    public static final String ROUTE = "chat";
    public static final String CONVERSE_ROUTE = "converse";
    public static final String MCP_ROUTE = "mcp";
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final ChatRequestParser parser;
    private final ModelClient models;
    private final AdmissionControl admission;
    private final UsageRecorder usage;
    private final ResponseCache cache;
    private final TokenEstimator estimator;
    private final long maxBodyBytes;
    private final long defaultCacheTtlSeconds;
    private final Clock clock;
    /** Runs the second call of a parallel round (cache lookup beside admission, cache store beside the ledger). */
    private final ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor();

    public ChatService(ModelCatalog catalog, ModelClient models, AdmissionControl admission, UsageRecorder usage,
                       ResponseCache cache, TokenEstimator estimator, long maxBodyBytes, long defaultCacheTtlSeconds,
                       Clock clock) {
        this.parser = new ChatRequestParser(catalog);
        this.models = models;
        this.admission = admission;
        this.usage = usage;
        this.cache = cache;
        this.estimator = estimator;
        this.maxBodyBytes = maxBodyBytes;
        this.defaultCacheTtlSeconds = defaultCacheTtlSeconds;
        this.clock = clock;
    }

    /** One chat completion without cache directives. */
    public ApiResponse complete(String body, CallerContext caller, String requestId) {
        return complete(body, caller, requestId, null);
    }

    /**
     * One chat completion; failures leave as {@link GatewayException}s (OpenAI-shaped by LambdaHttp).
     *
     * @param cacheControl the request's Cache-Control header, or null
     */
    public ApiResponse complete(String body, CallerContext caller, String requestId, String cacheControl) {
        return complete(body, caller, requestId, cacheControl, ROUTE);
    }

    /**
     * A chat completion on behalf of another route (the Converse passthrough, MCP): the same
     * validation, admission, cache and ledger, recorded under {@code route}.
     */
    public ApiResponse complete(String body, CallerContext caller, String requestId, String cacheControl, String route) {
        Trace trace = new Trace(requestId, caller, route, clock.instant(), System.nanoTime());
        boolean ownsRequestId = MDC.get("request_id") == null; // LambdaHttp normally put it there
        if (ownsRequestId) {
            MDC.put("request_id", requestId);
        }
        MDC.put("team_id", caller.teamId());
        if (caller.keyId() != null) {
            MDC.put("key_id", caller.keyId());
        }
        try {
            ApiResponse response = run(body, cacheControl, trace);
            trace.emit(response.statusCode(), null);
            return response;
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

    /** A request that passed validation and the team's model allow-list, with its cache handling. */
    private record Prepared(ChatRequest request, CacheDecision decision, CacheKey key) {
    }

    /**
     * Validation, the model allow-list and the cache directives: no store is touched and no call
     * made. A request refused here is still recorded in the ledger (as the caller's error), so the
     * ledger holds one record for every request an authenticated caller sent.
     */
    private Prepared prepare(String body, String cacheControl, Trace trace) {
        try {
            if (body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
                throw GatewayException.payloadTooLarge(maxBodyBytes);
            }
            ChatRequest request = parser.parse(body);
            trace.model = request.model();
            MDC.put("model", request.model().name());
            requireAllowed(trace.caller, request.model());
            CacheDecision decision = CacheDecision.resolve(trace.caller.teamId(), trace.caller.team().cache(),
                    cacheControl, defaultCacheTtlSeconds);
            CacheKey key = decision.lookup() || decision.store() ? CacheKey.of(Json.parse(body), request.model()) : null;
            return new Prepared(request, decision, key);
        } catch (GatewayException e) {
            throw withRecordedHeader(e, record(trace, e, null), Map.of());
        }
    }

    private ApiResponse run(String body, String cacheControl, Trace trace) {
        Prepared prepared = prepare(body, cacheControl, trace);
        ChatRequest request = prepared.request();
        CacheDecision decision = prepared.decision();
        CacheKey key = prepared.key();

        // Round one: the cache lookup runs beside admission, not after it.
        CompletableFuture<CacheLookup> lookup = decision.lookup()
                ? CompletableFuture.supplyAsync(() -> cache.lookup(decision, key, trace.time), parallel)
                : CompletableFuture.completedFuture(cache.lookup(decision, key, trace.time));
        Admission admitted;
        try {
            admitted = admission.admit(new AdmissionRequest(trace.requestId, trace.caller, request.model(), trace.route,
                    estimator.estimateInputTokens(request), request.effectiveMaxTokens(), trace.time));
        } catch (GatewayException e) {
            throw withRecordedHeader(e, record(trace, e, null), Map.of());
        }
        CacheLookup cached = lookup.join();
        trace.metrics.add(cached.metric());
        if (cached.isHit()) {
            return serveHit(request, cached, admitted, trace);
        }

        ModelResult result;
        long callStarted = System.nanoTime();
        try {
            result = models.converse(toCall(request));
        } catch (GatewayException e) {
            trace.upstreamNanos = System.nanoTime() - callStarted;
            throw withRecordedHeader(e, record(trace, e, admitted), admitted.rateLimitHeaders());
        } catch (RuntimeException e) {
            trace.upstreamNanos = System.nanoTime() - callStarted;
            // A port that breaks its contract: a 500 for the caller, the cause for the log (via LambdaHttp).
            GatewayException internal = GatewayException.internal();
            internal = new GatewayException(500, internal.type(), internal.code(), null, internal.getMessage(), Map.of(), e);
            throw withRecordedHeader(internal, record(trace, internal, admitted), admitted.rateLimitHeaders());
        }
        trace.upstreamNanos = System.nanoTime() - callStarted;
        trace.usage = result.usage();
        trace.cost = CostCalculator.cost(request.model(), result.usage());

        long latencyMs = trace.elapsedMs();
        var message = ChatCompletionJson.message(result);
        String finishReason = ChatCompletionJson.finishReason(result);
        // Round two: the completion goes into the cache beside the ledger write.
        CompletableFuture<StoreResult> stored = decision.store()
                ? CompletableFuture.supplyAsync(() -> cache.store(decision, key, new CachedCompletion(message,
                        finishReason, result.usage(), request.model().invokeId(), request.model().provider(), trace.cost,
                        result.stopReason()),
                        trace.time), parallel)
                : CompletableFuture.completedFuture(StoreResult.SKIPPED);
        boolean recorded = record(new Outcome(trace.requestId, trace.time, trace.caller, trace.route, request.model(),
                result.usage(), trace.cost, BigDecimal.ZERO, latencyMs, trace.overheadMs(), 200, null, false, admitted));
        trace.metrics.add(stored.join().metric());

        var body200 = ChatCompletionJson.of(completionId(), trace.time.getEpochSecond(), request.requestedModel(),
                message, finishReason, result.usage(),
                new ChatCompletionJson.Metadata(trace.caller.teamId(), trace.requestId, latencyMs, trace.cost,
                        false, request.model().provider(), request.model().invokeId(), result.stopReason()));
        Map<String, String> headers = new LinkedHashMap<>(admitted.rateLimitHeaders());
        headers.putAll(cached.headers(trace.time));
        headers.put("x-gateway-cost-usd", trace.cost.toPlainString());
        headers.put("x-gateway-overhead-ms", Long.toString(trace.overheadMs()));
        if (!recorded) {
            headers.put("x-gateway-usage-recorded", "false");
        }
        return answer(request, body200, headers);
    }

    /**
     * A cache hit: the stored completion, with its original usage, at no cost. The ledger records
     * it with the cost it saved; admission's token and budget reservations are given back by the
     * recorder (a hit counts toward requests per minute only).
     */
    private ApiResponse serveHit(ChatRequest request, CacheLookup cached, Admission admitted, Trace trace) {
        CachedCompletion c = cached.hit().completion();
        long latencyMs = trace.elapsedMs();
        // The ledger holds what Bedrock billed: nothing for a hit, and the cost it saved.
        boolean recorded = record(new Outcome(trace.requestId, trace.time, trace.caller, trace.route, request.model(),
                TokenUsage.ZERO, BigDecimal.ZERO, c.costUsd(), latencyMs, trace.overheadMs(), 200, null, true, admitted));
        var body = ChatCompletionJson.of(completionId(), trace.time.getEpochSecond(), request.requestedModel(),
                c.message(), c.finishReason(), c.usage(),
                new ChatCompletionJson.Metadata(trace.caller.teamId(), trace.requestId, latencyMs, BigDecimal.ZERO,
                        true, c.provider(), c.modelId(), c.stopReason()));
        Map<String, String> headers = new LinkedHashMap<>(admitted.rateLimitHeaders());
        headers.putAll(cached.headers(trace.time));
        headers.put("x-gateway-cost-usd", "0");
        headers.put("x-gateway-overhead-ms", Long.toString(trace.overheadMs()));
        if (!recorded) {
            headers.put("x-gateway-usage-recorded", "false");
        }
        return answer(request, body, headers);
    }

    /**
     * The 200 answer: the completion as JSON, or for {@code stream: true} the same completion as
     * server-sent events (rendered whole: the call to Bedrock is the same non-streaming Converse,
     * so the ledger record and the cost do not depend on streaming).
     */
    private static ApiResponse answer(ChatRequest request, ObjectNode completion, Map<String, String> headers) {
        if (!request.stream()) {
            return ApiResponse.json(200, completion).withHeaders(headers);
        }
        return ApiResponse.text(200, ChatCompletionStream.CONTENT_TYPE,
                        ChatCompletionStream.render(completion, request.includeUsage()))
                .withHeaders(headers)
                .withHeader("cache-control", "no-cache");
    }

    private static String completionId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void requireAllowed(CallerContext caller, ModelInfo model) {
        ModelPermission.check(caller.team(), model);
    }

    static ModelCall toCall(ChatRequest r) {
        List<String> system = r.system();
        List<ModelMessage> messages = r.messages();
        if (r.tools() == null && messages.stream().anyMatch(ModelMessage::hasToolBlocks)) {
            messages = messages.stream().map(ChatService::toolBlocksAsText).toList();
        }
        if (!system.isEmpty() && !r.model().supportsSystem()) {
            // The model takes no system prompt: it leads the first user turn instead.
            List<ContentBlock> first = new ArrayList<>();
            system.forEach(t -> first.add(new ContentBlock.Text(t)));
            first.addAll(messages.get(0).content());
            messages = new ArrayList<>(messages);
            messages.set(0, new ModelMessage(ModelMessage.Role.USER, first));
            system = List.of();
        }
        return new ModelCall(r.model().name(), r.model().invokeId(), system, messages,
                new InferenceSettings(r.maxTokens(), r.bedrockTemperature(), bedrockTopP(r), r.stop()), r.tools());
    }

    /**
     * Bedrock refuses toolUse and toolResult blocks in a call without a tool configuration. When
     * a conversation carries earlier tool calls but the request offers no tools (none given, or
     * {@code tool_choice: "none"}), the calls and results travel as text instead, so the model
     * still sees them and cannot call a tool.
     */
    static ModelMessage toolBlocksAsText(ModelMessage m) {
        if (!m.hasToolBlocks()) {
            return m;
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (ContentBlock b : m.content()) {
            blocks.add(switch (b) {
                case ContentBlock.Text t -> t;
                case ContentBlock.ToolUse u -> new ContentBlock.Text(
                        "[tool call " + u.id() + ": " + u.name() + " " + Json.write(u.input()) + "]");
                case ContentBlock.ToolResult res -> new ContentBlock.Text(
                        "[tool result " + res.toolUseId() + ": " + String.join("\n", res.texts()) + "]");
            });
        }
        return new ModelMessage(m.role(), blocks);
    }

    /**
     * Claude 4.x on Bedrock refuses temperature and top_p together (a ValidationException), and
     * OpenAI clients often send both. For Anthropic models temperature wins and top_p is dropped,
     * as bedrock-access-gateway does; every other provider gets both.
     */
    static Double bedrockTopP(ChatRequest r) {
        boolean anthropic = "anthropic".equalsIgnoreCase(r.model().provider());
        return anthropic && r.temperature() != null ? null : r.topP();
    }

    private boolean record(Trace trace, GatewayException e, Admission admitted) {
        return record(new Outcome(trace.requestId, trace.time, trace.caller, trace.route, trace.model, TokenUsage.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, trace.elapsedMs(), trace.overheadMs(), e.status(),
                e.code() == null ? e.type() : e.code(), false, admitted));
    }

    /** A recorder that throws is a recorder that failed: the caller is told, the answer still goes out. */
    private boolean record(Outcome outcome) {
        try {
            return usage.record(outcome);
        } catch (RuntimeException e) {
            LOG.error("usage recorder failed", e);
            return false;
        }
    }

    private static GatewayException withRecordedHeader(GatewayException e, boolean recorded, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        if (!recorded) {
            headers.put("x-gateway-usage-recorded", "false");
        }
        return headers.isEmpty() ? e : e.withHeaders(headers);
    }

    /** What one request has gathered so far, for its outcome, log line and metrics. */
    private static final class Trace {
        final String requestId;
        final CallerContext caller;
        final String route;
        final Instant time;
        final long started;
        ModelInfo model;
        TokenUsage usage = TokenUsage.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        long upstreamNanos;
        /** Extra counters for this request's EMF document (cache hits, misses, stores...). */
        final List<String> metrics = new ArrayList<>();

        Trace(String requestId, CallerContext caller, String route, Instant time, long started) {
            this.requestId = requestId;
            this.caller = caller;
            this.route = route;
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
