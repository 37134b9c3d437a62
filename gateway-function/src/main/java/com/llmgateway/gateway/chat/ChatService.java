package com.llmgateway.gateway.chat;

import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.gateway.metering.Admission;
import com.llmgateway.gateway.metering.AdmissionControl;
import com.llmgateway.gateway.metering.AdmissionRequest;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.metering.UsageRecorder;
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

/**
 * {@code POST /v1/chat/completions}: validate, check the team may use the model, admit, call the
 * model, record the outcome, answer in OpenAI's shape. Every request that reaches admission gets
 * exactly one {@link Outcome} recorded, whatever happens after.
 */
public final class ChatService {

    public static final String ROUTE = "chat";
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final ChatRequestParser parser;
    private final ModelClient models;
    private final AdmissionControl admission;
    private final UsageRecorder usage;
    private final TokenEstimator estimator;
    private final long maxBodyBytes;
    private final Clock clock;

    public ChatService(ModelCatalog catalog, ModelClient models, AdmissionControl admission, UsageRecorder usage,
                       TokenEstimator estimator, long maxBodyBytes, Clock clock) {
        this.parser = new ChatRequestParser(catalog);
        this.models = models;
        this.admission = admission;
        this.usage = usage;
        this.estimator = estimator;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** One chat completion; failures leave as {@link GatewayException}s (OpenAI-shaped by LambdaHttp). */
    public ApiResponse complete(String body, CallerContext caller, String requestId) {
        Trace trace = new Trace(requestId, caller, clock.instant(), System.nanoTime());
        boolean ownsRequestId = MDC.get("request_id") == null; // LambdaHttp normally put it there
        if (ownsRequestId) {
            MDC.put("request_id", requestId);
        }
        MDC.put("team_id", caller.teamId());
        if (caller.keyId() != null) {
            MDC.put("key_id", caller.keyId());
        }
        try {
            ApiResponse response = run(body, trace);
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

    private ApiResponse run(String body, Trace trace) {
        if (body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
            throw GatewayException.payloadTooLarge(maxBodyBytes);
        }
        ChatRequest request = parser.parse(body);
        trace.model = request.model();
        MDC.put("model", request.model().name());
        requireAllowed(trace.caller, request.model());

        Admission admitted;
        try {
            admitted = admission.admit(new AdmissionRequest(trace.requestId, trace.caller, request.model(), ROUTE,
                    estimator.estimateInputTokens(request), request.effectiveMaxTokens(), trace.time));
        } catch (GatewayException e) {
            throw withRecordedHeader(e, record(trace, e, null), Map.of());
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
        boolean recorded = record(new Outcome(trace.requestId, trace.time, trace.caller, ROUTE, request.model(),
                result.usage(), trace.cost, BigDecimal.ZERO, latencyMs, trace.overheadMs(), 200, null, false, admitted));

        var body200 = ChatCompletionJson.of("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                trace.time.getEpochSecond(), request, result,
                new ChatCompletionJson.Metadata(trace.caller.teamId(), trace.requestId, latencyMs, trace.cost,
                        request.model().provider(), request.model().invokeId()));
        Map<String, String> headers = new LinkedHashMap<>(admitted.rateLimitHeaders());
        headers.put("x-gateway-cache", "BYPASS");
        headers.put("x-gateway-cost-usd", trace.cost.toPlainString());
        headers.put("x-gateway-overhead-ms", Long.toString(trace.overheadMs()));
        if (!recorded) {
            headers.put("x-gateway-usage-recorded", "false");
        }
        return ApiResponse.json(200, body200).withHeaders(headers);
    }

    private static void requireAllowed(CallerContext caller, ModelInfo model) {
        boolean allowed = caller.team().allowedModels().stream().anyMatch(p -> ModelCatalog.matches(p, model));
        if (!allowed) {
            throw new GatewayException(403, "permission_denied", "model_not_allowed", "model",
                    "Team '" + caller.teamId() + "' is not allowed to use model '" + model.name() + "'.");
        }
    }

    static ModelCall toCall(ChatRequest r) {
        List<String> system = r.system();
        List<ModelMessage> messages = r.messages();
        if (!system.isEmpty() && !r.model().supportsSystem()) {
            // The model takes no system prompt: it leads the first user turn instead.
            List<String> first = new ArrayList<>(system);
            first.addAll(messages.get(0).texts());
            messages = new ArrayList<>(messages);
            messages.set(0, new ModelMessage(ModelMessage.Role.USER, first));
            system = List.of();
        }
        return new ModelCall(r.model().name(), r.model().invokeId(), system, messages,
                new InferenceSettings(r.maxTokens(), r.bedrockTemperature(), bedrockTopP(r), r.stop()));
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
        return record(new Outcome(trace.requestId, trace.time, trace.caller, ROUTE, trace.model, TokenUsage.ZERO,
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
        final Instant time;
        final long started;
        ModelInfo model;
        TokenUsage usage = TokenUsage.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        long upstreamNanos;

        Trace(String requestId, CallerContext caller, Instant time, long started) {
            this.requestId = requestId;
            this.caller = caller;
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
            ChatTelemetry.emit(model, status, errorCode, usage, cost, elapsedMs(), overheadMs());
        }
    }
}
