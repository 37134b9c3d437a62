package com.llmgateway.gateway.metering;

import com.llmgateway.core.store.StoreCalls;
import com.llmgateway.core.catalog.CostCalculator;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.observability.RequestMetrics;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.usage.UsageKeys;
import com.llmgateway.gateway.metering.AdmissionErrors.Limit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Admission in DynamoDB: one conditional UpdateItem on the rate-limit window and, when the team
 * has a budget, one on the month's budget counter, side by side (one round trip). The check and
 * the increment are the same write, so concurrent requests on any number of sandboxes can never
 * together pass a limit.
 *
 * <p>DynamoDB conditions cannot add two attributes, so the thresholds are computed here:
 * {@code input_tokens <= input_tpm - estimate} and {@code committed_usd <= budget - maxCost}.
 * When one of the two writes succeeds and the other refuses, the successful one is undone, so a
 * refused request consumes neither window nor budget.
 *
 * <p>Low-level client on purpose: every write here is a conditional counter ADD with computed
 * thresholds, which the enhanced client's item mapping cannot express.
 */
public final class DynamoDbAdmissionControl implements AdmissionControl {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbAdmissionControl.class);

    // window item attributes (rate_limits table)
    static final String REQUESTS = "requests";
    static final String INPUT_TOKENS = "input_tokens";
    static final String OUTPUT_TOKENS = "output_tokens";
    static final String PK = "pk";

    private static final String WINDOW_UPDATE =
            "ADD #req :one, #in :est SET #out = if_not_exists(#out, :zero), #exp = if_not_exists(#exp, :exp), "
                    + "#team = :team, #scope = :scope, #start = :start";
    private static final String WINDOW_CONDITION =
            "attribute_not_exists(#req) OR (#req < :rpm AND #in <= :inMax AND #out < :otpm)";
    private static final String BUDGET_UPDATE = "ADD #committed :max SET #team = :team, #month = :month";
    private static final String BUDGET_CONDITION = "attribute_not_exists(#committed) OR #committed <= :limit";

    private final DynamoDbClient ddb;
    private final MeteringConfig config;
    private final Clock clock;

    public DynamoDbAdmissionControl(DynamoDbClient ddb, MeteringConfig config, Clock clock) {
        this.ddb = ddb;
        this.config = config;
        this.clock = clock;
    }

    /** Admission on the sandbox's client, configured from RATE_LIMITS_TABLE, USAGE_TABLE and ADMISSION_FAIL_OPEN. */
    public static DynamoDbAdmissionControl create(DynamoDbClient ddb, Env env) {
        return new DynamoDbAdmissionControl(ddb, MeteringConfig.from(env), Clock.systemUTC());
    }

    @Override
    public Admission admit(AdmissionRequest r) {
        Instant now = r.now() != null ? r.now() : clock.instant();
        Team team = r.caller().team();
        ModelPermission.check(team, r.model());
        RateWindow window = RateWindow.of(team, r.model().name(), now);
        long estimate = Math.max(0, r.estimatedInputTokens());
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        BigDecimal budget = team.monthlyBudgetUsd();
        BigDecimal maxCost = budget == null ? BigDecimal.ZERO
                : r.maxCostUsd() != null ? r.maxCostUsd()
                : CostCalculator.maxCost(r.model(), estimate, Math.max(0, r.maxOutputTokens()));

        if (estimate > window.limits().inputTpm()) {
            long[] used = peekWindow(window);
            throw AdmissionErrors.tooLargeForWindow(window, estimate, window.headers(used[0], used[1], now));
        }
        if (budget != null && maxCost.compareTo(budget) > 0) {
            long[] used = peekWindow(window);
            throw AdmissionErrors.budgetExceeded(team.teamId(), budget, month, peekCommitted(team.teamId(), month),
                    maxCost, window.headers(used[0], used[1], now));
        }

        // Round 1: the window and the budget, side by side. A request that can cost nothing (a
        // cached answer) reserves nothing: the budget is only read, and refuses it when spent.
        boolean checkOnly = budget != null && maxCost.signum() == 0;
        CompletableFuture<Map<String, AttributeValue>> joined;
        CompletableFuture<Boolean> reserved;
        if (budget == null) {
            joined = StoreCalls.here(() -> joinWindow(window, estimate));
            reserved = CompletableFuture.completedFuture(false);
        } else {
            joined = StoreCalls.fork(() -> joinWindow(window, estimate));
            reserved = checkOnly ? StoreCalls.here(() -> checkBudget(team.teamId(), month, budget))
                    : StoreCalls.here(() -> StoreCalls.retryingConflicts(() -> reserveBudget(team.teamId(), month, budget, maxCost)));
        }
        Throwable windowFailure = StoreCalls.failure(joined);
        Throwable budgetFailure = StoreCalls.failure(reserved);
        boolean windowRefused = windowFailure instanceof ConditionalCheckFailedException;
        boolean budgetRefused = budgetFailure instanceof ConditionalCheckFailedException;
        boolean windowJoined = windowFailure == null;
        boolean budgetReserved = budget != null && !checkOnly && budgetFailure == null;

        if (windowRefused || budgetRefused) {
            undo(window, estimate, windowJoined, team.teamId(), month, maxCost, budgetReserved);
            if (budgetRefused) {
                Map<String, AttributeValue> old = oldItem((ConditionalCheckFailedException) budgetFailure);
                BigDecimal committed = old == null ? peekCommitted(team.teamId(), month) : decimal(old, UsageKeys.COMMITTED_USD);
                Map<String, String> headers = windowJoined
                        ? window.headers(number(StoreCalls.join(joined), REQUESTS) - 1,
                        number(StoreCalls.join(joined), INPUT_TOKENS) - estimate, now)
                        : headersFromRefusal(window, windowFailure, now);
                throw AdmissionErrors.budgetExceeded(team.teamId(), budget, month, committed, maxCost, headers);
            }
            throw rateLimited(window, (ConditionalCheckFailedException) windowFailure, estimate, now);
        }
        if (windowFailure != null || budgetFailure != null) {
            Throwable cause = windowFailure != null ? windowFailure : budgetFailure;
            if (!(cause instanceof SdkException)) {
                throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
            }
            RequestMetrics.with(Map.of("Service", "gateway")).count("AdmissionStoreUnavailable", 1).flush();
            if (!config.failOpen()) {
                LOG.error("admission store unreachable; refusing (fail-closed) team_id={} error={}",
                        team.teamId(), cause.getClass().getSimpleName());
                undo(window, estimate, windowJoined, team.teamId(), month, maxCost, budgetReserved);
                throw AdmissionErrors.unavailable(cause);
            }
            LOG.warn("admission store unreachable; admitting (fail-open) team_id={} error={}",
                    team.teamId(), cause.getClass().getSimpleName());
            Map<String, String> headers = new LinkedHashMap<>(windowJoined
                    ? window.headers(number(StoreCalls.join(joined), REQUESTS), number(StoreCalls.join(joined), INPUT_TOKENS), now)
                    : window.headers(0, 0, now));
            headers.put("x-gateway-admission", "fail-open");
            return new Admission(windowJoined ? window.key() : null, windowJoined ? estimate : 0,
                    budgetReserved ? maxCost : BigDecimal.ZERO, month.toString(), headers);
        }
        Map<String, AttributeValue> after = StoreCalls.join(joined);
        return new Admission(window.key(), estimate, budget == null ? BigDecimal.ZERO : maxCost, month.toString(),
                window.headers(number(after, REQUESTS), number(after, INPUT_TOKENS), now));
    }

    private Map<String, AttributeValue> joinWindow(RateWindow w, long estimate) {
        RateLimits l = w.limits();
        Map<String, String> names = Map.of("#req", REQUESTS, "#in", INPUT_TOKENS, "#out", OUTPUT_TOKENS,
                "#exp", UsageKeys.EXPIRES_AT, "#team", UsageKeys.TEAM_ID, "#scope", "scope", "#start", "window_start");
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(":one", n(1));
        values.put(":est", n(estimate));
        values.put(":zero", n(0));
        values.put(":exp", n(w.endEpochSeconds() + config.windowSlackSeconds()));
        values.put(":team", AttributeValue.fromS(w.teamId()));
        values.put(":scope", AttributeValue.fromS(w.scope()));
        values.put(":start", n(w.startEpochSeconds()));
        values.put(":rpm", n(l.rpm()));
        values.put(":inMax", n(l.inputTpm() - estimate));
        values.put(":otpm", n(l.outputTpm()));
        return ddb.updateItem(b -> b.tableName(config.rateLimitsTable())
                .key(Map.of(PK, AttributeValue.fromS(w.key())))
                .updateExpression(WINDOW_UPDATE)
                .conditionExpression(WINDOW_CONDITION)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
    }

    private boolean reserveBudget(String teamId, YearMonth month, BigDecimal budget, BigDecimal maxCost) {
        ddb.updateItem(b -> b.tableName(config.usageTable())
                .key(monthKey(teamId, month))
                .updateExpression(BUDGET_UPDATE)
                .conditionExpression(BUDGET_CONDITION)
                .expressionAttributeNames(Map.of("#committed", UsageKeys.COMMITTED_USD, "#team", UsageKeys.TEAM_ID,
                        "#month", UsageKeys.MONTH))
                .expressionAttributeValues(Map.of(":max", AttributeValue.fromN(maxCost.toPlainString()),
                        ":limit", AttributeValue.fromN(budget.subtract(maxCost).toPlainString()),
                        ":team", AttributeValue.fromS(teamId), ":month", AttributeValue.fromS(month.toString())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return true;
    }

    /**
     * The budget test of a request that reserves nothing, by a strongly consistent read rather than
     * a write: the same test as {@link #reserveBudget}'s condition with nothing to add ({@code
     * committed_usd <= budget}), refused the same way (a {@link ConditionalCheckFailedException}
     * carrying the month item), without writing the month item that every ledger transaction of
     * the team also writes.
     */
    private boolean checkBudget(String teamId, YearMonth month, BigDecimal budget) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(config.usageTable()).consistentRead(true)
                .key(monthKey(teamId, month)).projectionExpression("#c")
                .expressionAttributeNames(Map.of("#c", UsageKeys.COMMITTED_USD))).item();
        if (decimal(item, UsageKeys.COMMITTED_USD).compareTo(budget) > 0) {
            throw ConditionalCheckFailedException.builder().message("the month's budget is spent").item(item).build();
        }
        return false;
    }

    /** Gives back what a refused (or failed-closed) request took: its window slot and its reservation, side by side. */
    private void undo(RateWindow w, long estimate, boolean windowJoined, String teamId, YearMonth month,
                      BigDecimal maxCost, boolean budgetReserved) {
        CompletableFuture<Void> a = windowJoined ? StoreCalls.fork(() -> {
            ddb.updateItem(b -> b.tableName(config.rateLimitsTable())
                    .key(Map.of(PK, AttributeValue.fromS(w.key())))
                    .updateExpression("ADD #req :minusOne, #in :minusEst")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#req", REQUESTS, "#in", INPUT_TOKENS, "#pk", PK))
                    .expressionAttributeValues(Map.of(":minusOne", n(-1), ":minusEst", n(-estimate))));
            return null;
        }) : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> b = budgetReserved ? StoreCalls.here(() -> StoreCalls.retryingConflicts(() -> {
            ddb.updateItem(u -> u.tableName(config.usageTable())
                    .key(monthKey(teamId, month))
                    .updateExpression("ADD #committed :minus")
                    .expressionAttributeNames(Map.of("#committed", UsageKeys.COMMITTED_USD))
                    .expressionAttributeValues(Map.of(":minus", AttributeValue.fromN(maxCost.negate().toPlainString()))));
            return null;
        })) : CompletableFuture.completedFuture(null);
        for (CompletableFuture<Void> f : java.util.List.of(a, b)) {
            Throwable t = StoreCalls.failure(f);
            if (t != null && !(t instanceof ConditionalCheckFailedException)) {
                // Safe direction: a leaked window slot ends with its minute; a leaked reservation only
                // makes the budget refuse sooner, never overspend.
                LOG.error("admission undo failed team_id={} window={} error={}", teamId, w.key(), t.getClass().getSimpleName());
                RequestMetrics.with(Map.of("Service", "gateway")).count("AdmissionUndoFailures", 1).flush();
            }
        }
    }

    private GatewayException rateLimited(RateWindow w, ConditionalCheckFailedException e, long estimate, Instant now) {
        Map<String, AttributeValue> old = oldItem(e);
        if (old == null) {
            old = readWindow(w);
        }
        long requests = number(old, REQUESTS);
        long in = number(old, INPUT_TOKENS);
        long out = number(old, OUTPUT_TOKENS);
        RateLimits l = w.limits();
        Map<String, String> headers = w.headers(requests, in, now);
        Map<String, String> retry = w.retryAfter(now);
        if (requests >= l.rpm()) {
            return AdmissionErrors.rateLimited(w, Limit.REQUESTS, l.rpm(), requests, 1, headers, retry);
        }
        if (in > l.inputTpm() - estimate) {
            return AdmissionErrors.rateLimited(w, Limit.INPUT_TOKENS, l.inputTpm(), in, estimate, headers, retry);
        }
        return AdmissionErrors.rateLimited(w, Limit.OUTPUT_TOKENS, l.outputTpm(), out, 0, headers, retry);
    }

    private Map<String, String> headersFromRefusal(RateWindow w, Throwable windowFailure, Instant now) {
        Map<String, AttributeValue> old = windowFailure instanceof ConditionalCheckFailedException c ? oldItem(c) : null;
        return old == null ? w.headers(0, 0, now) : w.headers(number(old, REQUESTS), number(old, INPUT_TOKENS), now);
    }

    /** Current counters of a window for the headers of an early refusal; zeros when it cannot be read. */
    private long[] peekWindow(RateWindow w) {
        Map<String, AttributeValue> item = readWindow(w);
        return new long[]{number(item, REQUESTS), number(item, INPUT_TOKENS)};
    }

    private Map<String, AttributeValue> readWindow(RateWindow w) {
        try {
            return ddb.getItem(b -> b.tableName(config.rateLimitsTable()).consistentRead(true)
                    .key(Map.of(PK, AttributeValue.fromS(w.key())))).item();
        } catch (SdkException e) {
            return Map.of();
        }
    }

    private BigDecimal peekCommitted(String teamId, YearMonth month) {
        try {
            return decimal(ddb.getItem(b -> b.tableName(config.usageTable()).consistentRead(true)
                    .key(monthKey(teamId, month))).item(), UsageKeys.COMMITTED_USD);
        } catch (SdkException e) {
            return BigDecimal.ZERO;
        }
    }

    private static Map<String, AttributeValue> oldItem(ConditionalCheckFailedException e) {
        return e.hasItem() && !e.item().isEmpty() ? e.item() : null;
    }

    static Map<String, AttributeValue> monthKey(String teamId, YearMonth month) {
        return Map.of(UsageKeys.PK, AttributeValue.fromS(UsageKeys.teamPk(teamId)),
                UsageKeys.SK, AttributeValue.fromS(UsageKeys.monthSk(month)));
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? 0 : new BigDecimal(v.n()).longValue();
    }

    static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? BigDecimal.ZERO : new BigDecimal(v.n());
    }
}
