package com.llmgateway.core.keys;

import com.llmgateway.core.team.Team;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The sandbox's memory of key lookups: SHA-256 hash to the key and its team (or to "no such key"),
 * each kept for at most the TTL from the moment its read began. So a key revoked or a team changed
 * in another sandbox takes effect here within the TTL; the sandbox that makes the change evicts at
 * once. API Gateway's own authorizer cache stays off: a key may come in either of two headers.
 * The authorizer and the gateway's streaming entry point (which no authorizer fronts) each keep one.
 */
public final class KeyCache {

    /** A key and its team as read together; team is null when the key's team item is missing. */
    public record Lookup(ApiKey key, Team team) {
        @Override
        public String toString() {
            return "Lookup[key_id=" + key.keyId() + "]";
        }
    }

    private record Entry(Optional<Lookup> value, Instant loadedAt) {
    }

    /** Bounds memory when someone sprays random keys; the cache simply starts over. */
    public static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public static final String TTL_SECONDS = "KEY_CACHE_TTL_SECONDS";

    /** {@code KEY_CACHE_TTL_SECONDS} of {@code env}, within its declared range (settings.json). */
    public static Duration ttl(com.llmgateway.core.config.Env env) {
        return Duration.ofSeconds(com.llmgateway.core.config.Settings.get(TTL_SECONDS).checkInteger(env.integer(TTL_SECONDS)));
    }

    public KeyCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public Optional<Lookup> get(String keyHash, Supplier<Optional<Lookup>> loader) {
        if (ttl.isZero()) {
            return loader.get();
        }
        Instant now = clock.instant();
        Entry e = entries.get(keyHash);
        if (e != null && now.isBefore(e.loadedAt().plus(ttl))) {
            return e.value();
        }
        Optional<Lookup> value = loader.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(keyHash, new Entry(value, now));
        return value;
    }

    public void evict(String keyHash) {
        entries.remove(keyHash);
    }

    /** Drops every entry of the team (its limits or enabled flag changed). */
    public void evictTeam(String teamId) {
        entries.values().removeIf(e -> e.value().map(l -> l.key().teamId().equals(teamId)).orElse(false));
    }

    public Duration ttl() {
        return ttl;
    }
}
