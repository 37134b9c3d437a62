package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * TransactWriteItems' ClientRequestToken: for 10 minutes after a transaction succeeds (by the
 * engine's clock), the same token with the same request answers as the first time without applying
 * anything again; with a different request it is IdempotentParameterMismatchException (API
 * reference, "TransactWriteItems", ClientRequestToken). Only successful transactions are remembered:
 * a cancelled one changed nothing, so its retry is evaluated afresh. Call under the write lock.
 *
 * <p>A request is remembered by the SHA-256 of a canonical form (object members sorted by name),
 * not as a copy: a busy engine remembers every ledger transaction of the last 10 minutes, and a
 * copied request tree was about two thirds of the in-memory engine's heap.
 */
final class Idempotency {
    static final Duration WINDOW = Duration.ofMinutes(10);

    private record Entry(byte[] requestDigest, ObjectNode response, Instant expires) {
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
        if (!MessageDigest.isEqual(e.requestDigest(), digest(request))) {
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
        entries.put(token, new Entry(digest(request), response.deepCopy(), now.plus(WINDOW)));
    }

    /** SHA-256 of the request's canonical form: equal for requests equal as JSON trees, whatever their member order. */
    static byte[] digest(JsonNode request) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        feed(md, request);
        return md.digest();
    }

    private static void feed(MessageDigest md, JsonNode n) {
        if (n.isObject()) {
            md.update((byte) '{');
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            n.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            md.update(length(sorted.size()));
            sorted.forEach((name, value) -> {
                feed(md, name);
                feed(md, value);
            });
        } else if (n.isArray()) {
            md.update((byte) '[');
            md.update(length(n.size()));
            n.forEach(element -> feed(md, element));
        } else if (n.isTextual()) {
            md.update((byte) 's');
            feed(md, n.textValue());
        } else {
            md.update((byte) 'v'); // numbers, booleans, null, binary: their JSON text
            feed(md, n.toString());
        }
    }

    private static void feed(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(length(b.length));
        md.update(b);
    }

    private static byte[] length(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }
}
