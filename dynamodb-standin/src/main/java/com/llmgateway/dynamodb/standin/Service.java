package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.dynamodb.standin.expr.ValidationError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * The HTTP face of the engine: routes {@code POST /} by {@code X-Amz-Target} to an operation,
 * applies injected faults and the access policy, and writes DynamoDB's JSON answers with
 * {@code x-amzn-RequestId} and {@code x-amz-crc32} (the CRC32 of the exact body bytes, which the
 * SDKs verify). Also serves the {@code /_standin/} control endpoints.
 */
final class Service implements HttpFront.Handler {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** The operations whose ConsumedCapacity is a list, one entry per table. */
    private static final java.util.Set<String> LIST_CAPACITY = java.util.Set.of("BatchGetItem", "BatchWriteItem",
            "TransactGetItems", "TransactWriteItems");

    private final Map<String, Operation> operations;
    private final Faults faults;
    private final Stats stats;
    private final AccessPolicy policy;
    private final Database db;

    Service(Map<String, Operation> operations, Faults faults, Stats stats, AccessPolicy policy, Database db) {
        this.operations = operations;
        this.faults = faults;
        this.stats = stats;
        this.policy = policy;
        this.db = db;
    }

    @Override
    public HttpFront.Response handle(HttpFront.Request req) {
        if (req.path().startsWith("/_standin/")) {
            return control(req);
        }
        String target = req.header("x-amz-target");
        String opName = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        Operation op = opName == null ? null : operations.get(opName);
        if (op == null || !"POST".equals(req.method())) {
            return error(new ApiException(400, "com.amazon.coral.service#UnknownOperationException", null));
        }
        stats.count(opName);
        try {
            ObjectNode request = Json.parseObject(req.body());
            List<Access.Need> needs = Access.needs(opName, request);
            Duration delay = faults.latency();
            if (!delay.isZero()) {
                sleep(delay);
            }
            Fault fault = faults.take(opName, tablesOf(needs));
            if (fault == Fault.OUTAGE) {
                return HttpFront.Response.DROP;
            }
            if (fault != null) {
                throw faultError(fault, opName, request);
            }
            long t0 = System.nanoTime();
            Access.check(policy, Access.Caller.of(req.header("authorization")), needs);
            String capacityMode = Capacity.mode(request);
            Capacity used = new Capacity();
            ObjectNode out;
            try {
                out = op.run(request, used);
            } catch (ApiException e) {
                if (consumesOnFailure(e)) {
                    stats.consumed(opName, used);
                }
                throw e;
            }
            stats.consumed(opName, used);
            if (capacityMode != null && !used.isEmpty()) {
                out.set("ConsumedCapacity", used.response(capacityMode, LIST_CAPACITY.contains(opName)));
            }
            byte[] body = Json.bytes(out);
            HttpFront.Response r = ok(body);
            stats.time(opName, System.nanoTime() - t0);
            return r;
        } catch (ApiException e) {
            return error(e);
        } catch (ValidationError e) {
            return error(ApiException.validation(e.getMessage()));
        } catch (ClassCastException | NullPointerException e) {
            // A member of the wrong JSON type (an object where a list belongs, a number for a map...):
            // DynamoDB's front end refuses such a body before the operation runs.
            return error(new ApiException(400, "com.amazon.coral.service#SerializationException",
                    "The request body does not match the " + opName + " input shape"));
        } catch (RuntimeException e) {
            // Never Java internals in an answer.
            return error(new ApiException(500, ApiException.DYNAMO + "InternalServerError", "Internal server error"));
        }
    }

    /** A failed condition still consumed write units; other refusals consume nothing. */
    private static boolean consumesOnFailure(ApiException e) {
        return e.type().endsWith("#ConditionalCheckFailedException") || e.type().endsWith("#TransactionCanceledException");
    }

    private static List<String> tablesOf(List<Access.Need> needs) {
        return needs.stream().map(Access.Need::table).filter(t -> t != null).distinct().toList();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ApiException faultError(Fault fault, String op, ObjectNode request) {
        return switch (fault) {
            case THROTTLE -> ApiException.dynamo("ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded. "
                            + "Consider increasing your provisioning level with the UpdateTable API.");
            case INTERNAL -> new ApiException(500, ApiException.DYNAMO + "InternalServerError", "Internal server error");
            case UNAVAILABLE -> new ApiException(503, "com.amazon.coral.availability#ServiceUnavailableException",
                    "Service Unavailable");
            case TRANSACTION_CONFLICT -> {
                if ("TransactWriteItems".equals(op) || "TransactGetItems".equals(op)) {
                    JsonNode items = request.get("TransactItems");
                    int n = items != null && items.isArray() ? Math.max(1, items.size()) : 1;
                    ObjectNode[] reasons = new ObjectNode[n];
                    reasons[0] = Json.object().put("Code", "TransactionConflict")
                            .put("Message", "Transaction is ongoing for the item");
                    for (int i = 1; i < n; i++) {
                        reasons[i] = Json.object().put("Code", "None");
                    }
                    yield Transactions.cancelled(reasons);
                }
                yield ApiException.dynamo("TransactionConflictException", "Transaction is ongoing for the item");
            }
            case OUTAGE -> throw new IllegalStateException("handled by the caller");
        };
    }

    private HttpFront.Response control(HttpFront.Request req) {
        try {
            ObjectNode out;
            switch (req.method() + " " + req.path()) {
                case "POST /_standin/faults" -> out = applyFaults(Json.parseObject(req.body()));
                case "GET /_standin/stats" -> out = stats.toJson();
                case "POST /_standin/stats/reset" -> {
                    stats.resetTimings();
                    stats.resetCapacity();
                    out = Json.object().put("reset", true);
                }
                case "POST /_standin/expire" -> out = Json.object().put("deleted", db.expireNow());
                default -> {
                    return new HttpFront.Response(404, "{\"message\":\"no such endpoint\"}".getBytes(StandardCharsets.UTF_8),
                            new String[] {"Content-Type", "application/json"});
                }
            }
            return new HttpFront.Response(200, Json.bytes(out), new String[] {"Content-Type", "application/json"});
        } catch (ApiException | IllegalArgumentException e) {
            return new HttpFront.Response(400, Json.bytes(Json.object().put("message", String.valueOf(e.getMessage()))),
                    new String[] {"Content-Type", "application/json"});
        }
    }

    private ObjectNode applyFaults(ObjectNode spec) {
        if (spec.path("clear").asBoolean(false)) {
            faults.clear();
        }
        if (spec.has("latency_ms")) {
            if (!spec.get("latency_ms").canConvertToLong() || spec.get("latency_ms").asLong() < 0) {
                throw new IllegalArgumentException("latency_ms must be a whole number of milliseconds, 0 or more");
            }
            faults.latency(Duration.ofMillis(spec.get("latency_ms").asLong()));
        }
        if (spec.hasNonNull("fault")) {
            Fault f = Fault.valueOf(spec.get("fault").asText());
            if (spec.has("times") && (!spec.get("times").canConvertToInt() || spec.get("times").asInt() < 1)) {
                throw new IllegalArgumentException("times must be a whole number, 1 or more (omit it for an outage until cleared)");
            }
            int times = spec.has("times") ? spec.get("times").asInt() : (f == Fault.OUTAGE ? -1 : 1);
            String op = spec.hasNonNull("operation") ? spec.get("operation").asText() : null;
            String table = spec.hasNonNull("table") ? spec.get("table").asText() : null;
            faults.inject(f, times, op, table);
        }
        return Json.object().put("ok", true);
    }

    private static HttpFront.Response ok(byte[] body) {
        return new HttpFront.Response(200, body, headers(body));
    }

    private static HttpFront.Response error(ApiException e) {
        byte[] body = Json.bytes(e.body());
        return new HttpFront.Response(e.status(), body, headers(body));
    }

    private static String[] headers(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return new String[] {"Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId(),
            "x-amz-crc32", Long.toString(crc.getValue())};
    }

    private static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] id = new char[52];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < id.length; i++) {
            id[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(id);
    }
}
