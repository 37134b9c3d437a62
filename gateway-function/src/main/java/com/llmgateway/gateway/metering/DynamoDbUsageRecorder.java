package com.llmgateway.gateway.metering;

import com.llmgateway.core.store.StoreCalls;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.observability.RequestMetrics;
import com.llmgateway.core.usage.UsageKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The usage ledger in DynamoDB. One {@code TransactWriteItems} writes the request's ledger item
 * (conditional on its absence: idempotent on the request id), adds it to the team's day-and-model
 * and month rollups, and moves the month's budget counter from the reservation to the real cost.
 * Because the rollups change in the same transaction as the ledger, they always equal the
 * ledger's sum; a duplicate cancels the whole transaction, so it is never counted twice.
 *
 * <p>Side by side with the transaction (the same round trip), the rate-limit window is reconciled
 * with Bedrock's real token counts.
 */
public final class DynamoDbUsageRecorder implements UsageRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbUsageRecorder.class);
    private static final Set<String> RETRYABLE_REASONS = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded", "InternalServerError");

    private final DynamoDbClient ddb;
    private final MeteringConfig config;
    private final Clock clock;
    private final int maxAttempts;
    private final long maxMillis;

    public DynamoDbUsageRecorder(DynamoDbClient ddb, MeteringConfig config, Clock clock) {
        this(ddb, config, clock, 8, 5000);
    }

    /**
     * @param maxAttempts transaction attempts before giving up
     * @param maxMillis   no new attempt starts after this long, so a stalled table cannot hold the response
     */
    DynamoDbUsageRecorder(DynamoDbClient ddb, MeteringConfig config, Clock clock, int maxAttempts, long maxMillis) {
        this.ddb = ddb;
        this.config = config;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.maxMillis = maxMillis;
    }

    /** The ledger on the sandbox's client, configured from RATE_LIMITS_TABLE, USAGE_TABLE and USAGE_RETENTION_DAYS. */
    public static DynamoDbUsageRecorder create(DynamoDbClient ddb, Env env) {
        return new DynamoDbUsageRecorder(ddb, MeteringConfig.from(env), Clock.systemUTC());
    }

    @Override
    public boolean record(Outcome o) {
        Instant time = o.time() != null ? o.time() : clock.instant();
        String teamId = o.caller() == null ? null : o.caller().teamId();
        List<TransactWriteItem> items = transaction(o, time, teamId);

        // Same round: reconcile the window while the transaction runs.
        long[] delta = windowDelta(o);
        CompletableFuture<Boolean> reconciled = delta == null ? CompletableFuture.completedFuture(false)
                : StoreCalls.fork(() -> adjustWindow(o.admission().windowKey(), delta[0], delta[1]));

        boolean ambiguous = false;
        Throwable last = null;
        long started = System.nanoTime();
        int attempt = 0;
        while (++attempt <= maxAttempts && (attempt == 1 || (System.nanoTime() - started) / 1_000_000 < maxMillis)) {
            try {
                ddb.transactWriteItems(b -> b.transactItems(items));
                settle(reconciled, o);
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    // Already recorded. Unless an earlier attempt of this call may have committed, the
                    // record that exists also reconciled the window: undo this call's reconciliation.
                    if (!ambiguous && StoreCalls.failure(reconciled) == null && Boolean.TRUE.equals(reconciled.join())) {
                        tryAdjustWindow(o.admission().windowKey(), -delta[0], -delta[1], o);
                    }
                    return true;
                }
                last = e;
                LOG.debug("ledger write retry request_id={} reasons={}", o.requestId(),
                        reasons.stream().map(CancellationReason::code).toList());
                if (reasons.stream().noneMatch(r -> RETRYABLE_REASONS.contains(r.code()))) {
                    break;
                }
            } catch (TransactionInProgressException e) {
                last = e;
            } catch (SdkClientException e) {
                ambiguous = true; // the transaction may have committed before the connection failed
                last = e;
            } catch (DynamoDbException e) {
                last = e;
                if (e.statusCode() < 500 && !e.isThrottlingException()) {
                    break;
                }
            }
            sleep(attempt);
        }
        settle(reconciled, o);
        LOG.error("ledger write failed request_id={} team_id={} model={} error={} attempts={}", o.requestId(), teamId,
                o.model() == null ? null : o.model().name(), last == null ? null : last.getClass().getSimpleName(),
                Math.min(attempt, maxAttempts));
        RequestMetrics.with(Map.of("Service", "gateway")).count("LedgerWriteFailures", 1).flush();
        return false;
    }

    private List<TransactWriteItem> transaction(Outcome o, Instant time, String teamId) {
        TokenUsage u = o.usage() == null ? TokenUsage.ZERO : o.usage();
        BigDecimal cost = o.costUsd() == null ? BigDecimal.ZERO : o.costUsd();
        BigDecimal saved = o.costSavedUsd() == null ? BigDecimal.ZERO : o.costSavedUsd();
        String model = o.model() == null ? UsageKeys.NO_MODEL : o.model().name();
        LocalDate day = LocalDate.ofInstant(time, ZoneOffset.UTC);
        YearMonth month = YearMonth.from(day);

        List<TransactWriteItem> items = new ArrayList<>();
        // One transaction for the ledger put (its item mapped by the ledger's static schema) and the
        // rollup ADDs below, so they stay equal by construction.
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(config.usageTable())
                .item(LedgerItem.SCHEMA.itemToMap(ledgerItem(o, time, teamId, model, u, cost, saved, day), true))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", UsageKeys.PK)).build()).build());
        if (teamId == null) {
            return items; // no team to charge (the caller was refused before authentication): ledger only
        }
        Map<String, AttributeValue> counters = new LinkedHashMap<>();
        counters.put(UsageKeys.REQUESTS, n(1));
        counters.put(UsageKeys.INPUT_TOKENS, n(u.inputTokens()));
        counters.put(UsageKeys.OUTPUT_TOKENS, n(u.outputTokens()));
        counters.put(UsageKeys.CACHE_READ_TOKENS, n(u.cacheReadTokens()));
        counters.put(UsageKeys.CACHE_WRITE_TOKENS, n(u.cacheWriteTokens()));
        counters.put(UsageKeys.COST_USD, usd(cost));
        counters.put(UsageKeys.COST_SAVED_USD, usd(saved));
        counters.put(UsageKeys.CACHE_HITS, n(o.cached() ? 1 : 0));
        counters.put(UsageKeys.ERRORS, n(o.statusCode() >= 400 ? 1 : 0));

        Map<String, AttributeValue> daySets = new LinkedHashMap<>();
        daySets.put(UsageKeys.TEAM_ID, AttributeValue.fromS(teamId));
        daySets.put(UsageKeys.MODEL, AttributeValue.fromS(model));
        daySets.put(UsageKeys.DAY, AttributeValue.fromS(day.toString()));
        daySets.put(UsageKeys.GSI1_PK, AttributeValue.fromS(UsageKeys.monthGsiPk(month)));
        daySets.put(UsageKeys.GSI1_SK, AttributeValue.fromS(UsageKeys.dayGsiSk(day, teamId, model)));
        items.add(update(UsageKeys.teamPk(teamId), UsageKeys.daySk(day, model), counters, daySets));

        // committed_usd = cost_usd + reservations in flight: swap this request's reservation for its cost.
        Admission a = o.admission();
        BigDecimal reserved = a == null || a.reservedUsd() == null ? BigDecimal.ZERO : a.reservedUsd();
        YearMonth reservedMonth = a == null || a.month() == null ? month : YearMonth.parse(a.month());
        Map<String, AttributeValue> monthCounters = new LinkedHashMap<>(counters);
        boolean sameMonth = reservedMonth.equals(month);
        monthCounters.put(UsageKeys.COMMITTED_USD, usd(sameMonth ? cost.subtract(reserved) : cost));
        Map<String, AttributeValue> monthSets = Map.of(UsageKeys.TEAM_ID, AttributeValue.fromS(teamId),
                UsageKeys.MONTH, AttributeValue.fromS(month.toString()));
        items.add(update(UsageKeys.teamPk(teamId), UsageKeys.monthSk(month), monthCounters, monthSets));
        if (!sameMonth && reserved.signum() != 0) {
            items.add(update(UsageKeys.teamPk(teamId), UsageKeys.monthSk(reservedMonth),
                    Map.of(UsageKeys.COMMITTED_USD, usd(reserved.negate())), Map.of()));
        }
        return items;
    }

    private LedgerItem ledgerItem(Outcome o, Instant time, String teamId, String model, TokenUsage u,
                                  BigDecimal cost, BigDecimal saved, LocalDate day) {
        return new LedgerItem(o.requestId(), time, day, teamId, o.caller() == null ? null : o.caller().keyId(), o.route(),
                model, o.model() == null ? null : o.model().invokeId(), u.inputTokens(), u.outputTokens(),
                u.cacheReadTokens(), u.cacheWriteTokens(), cost, saved, o.latencyMs(), o.overheadMs(), o.statusCode(),
                o.errorType(), o.cached(), o.admission() == null ? null : o.admission().reservedUsd(),
                time.plus(config.retentionDays(), ChronoUnit.DAYS).getEpochSecond(), o.usageEstimated() ? Boolean.TRUE : null);
    }

    // Rollups stay on the low-level client: ADD to counters, in the ledger's own transaction, which
    // the enhanced client's updates (SET of whole items) cannot express.
    private TransactWriteItem update(String pk, String sk, Map<String, AttributeValue> adds, Map<String, AttributeValue> sets) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        StringBuilder expr = new StringBuilder("ADD ");
        int i = 0;
        for (var e : adds.entrySet()) {
            expr.append(i == 0 ? "" : ", ").append("#a").append(i).append(" :a").append(i);
            names.put("#a" + i, e.getKey());
            values.put(":a" + i, e.getValue());
            i++;
        }
        int j = 0;
        for (var e : sets.entrySet()) {
            expr.append(j == 0 ? " SET " : ", ").append("#s").append(j).append(" = :s").append(j);
            names.put("#s" + j, e.getKey());
            values.put(":s" + j, e.getValue());
            j++;
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(config.usageTable())
                .key(Map.of(UsageKeys.PK, AttributeValue.fromS(pk), UsageKeys.SK, AttributeValue.fromS(sk)))
                .updateExpression(expr.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values).build()).build();
    }

    /**
     * How the window's counters change now that the real counts are known: input by (prompt tokens
     * - estimate), output by the real output. A cache hit or a failed call gives its estimate back.
     * Null when there is nothing to change.
     */
    private static long[] windowDelta(Outcome o) {
        Admission a = o.admission();
        if (a == null || a.windowKey() == null) {
            return null;
        }
        TokenUsage u = o.usage() == null ? TokenUsage.ZERO : o.usage();
        long prompt = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
        long in = prompt - a.reservedTokens();
        long out = u.outputTokens();
        return in == 0 && out == 0 ? null : new long[]{in, out};
    }

    // A conditional counter ADD on the window: clearer on the low-level client than through item mapping.
    private boolean adjustWindow(String windowKey, long in, long out) {
        try {
            ddb.updateItem(b -> b.tableName(config.rateLimitsTable())
                    .key(Map.of(DynamoDbAdmissionControl.PK, AttributeValue.fromS(windowKey)))
                    .updateExpression("ADD #in :in, #out :out")
                    .conditionExpression("attribute_exists(#pk)") // never resurrect a window TTL deleted
                    .expressionAttributeNames(Map.of("#in", DynamoDbAdmissionControl.INPUT_TOKENS,
                            "#out", DynamoDbAdmissionControl.OUTPUT_TOKENS, "#pk", DynamoDbAdmissionControl.PK))
                    .expressionAttributeValues(Map.of(":in", n(in), ":out", n(out))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    private void tryAdjustWindow(String windowKey, long in, long out, Outcome o) {
        try {
            adjustWindow(windowKey, in, out);
        } catch (SdkException e) {
            LOG.warn("window reconciliation undo failed request_id={} error={}", o.requestId(), e.getClass().getSimpleName());
        }
    }

    /** Waits for the reconciliation; a failure there drifts one window by one request's tokens, so it is logged, not fatal. */
    private static void settle(CompletableFuture<Boolean> reconciled, Outcome o) {
        Throwable t = StoreCalls.failure(reconciled);
        if (t != null) {
            LOG.warn("window reconciliation failed request_id={} error={}", o.requestId(), t.getClass().getSimpleName());
            RequestMetrics.with(Map.of("Service", "gateway")).count("WindowReconcileFailures", 1).flush();
        }
    }

    private static void sleep(int attempt) {
        long cap = Math.min(1000, 25L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 4, cap + 1)); // jittered: burst writers spread out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static AttributeValue usd(BigDecimal v) {
        return AttributeValue.fromN(v.toPlainString());
    }
}
