package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TransactWriteItems' ClientRequestToken: for 10 minutes after a transaction succeeds (by the
 * engine's clock), the same token with the same request answers as the first time without applying
 * anything again; with a different request it is IdempotentParameterMismatchException (API
 * reference, "TransactWriteItems", ClientRequestToken). Only successful transactions are remembered:
 * a cancelled one changed nothing, so its retry is evaluated afresh. Call under the write lock.
 */
final class Idempotency {
    static final Duration WINDOW = Duration.ofMinutes(10);

    private record Entry(ObjectNode request, ObjectNode response, Instant expires) {
    }

    private final Clock clock;
    /** In the order remembered, so in the order they expire: the oldest are at the head. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Idempotency(Clock clock) {
        this.clock = clock;
    }

    /** The earlier answer for this token, or null when the request is to be executed. */
    ObjectNode replay(String token, ObjectNode request) {
        Instant now = clock.instant();
        Entry e = entries.get(token);
        if (e == null) {
            return null;
        }
        if (!now.isBefore(e.expires())) {
            entries.remove(token);
            return null;
        }
        if (!e.request().equals(request)) {
            throw ApiException.dynamo("IdempotentParameterMismatchException",
                    "The request uses the same client token as a previous, but non-identical request. "
                            + "Do not reuse a client token with different requests, unless the requests are identical.");
        }
        return e.response().deepCopy();
    }

    void remember(String token, ObjectNode request, ObjectNode response) {
        Instant now = clock.instant();
        // Expired entries leave from the head, a few at a time: never a walk over the live ones,
        // which would run under the write lock on every transaction of a busy engine.
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            if (now.isBefore(it.next().expires())) {
                break;
            }
            it.remove();
        }
        entries.remove(token); // a token remembered again moves to the tail, with its new expiry
        entries.put(token, new Entry(request.deepCopy(), response.deepCopy(), now.plus(WINDOW)));
    }
}
