package com.llmgateway.core.keys;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.team.Team;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The key check of a function that no Lambda authorizer fronts (the gateway function's URL, which
 * streams): the authorizer's rules (key from {@code x-api-key} or {@code Authorization: Bearer},
 * lookup by SHA-256 hash, revoked, expired, team disabled) and its context shape
 * ({@link CallerContext#toAuthorizerContext()}, or {@link CallerContext#denial} for a refusal), so
 * routes and their scope checks see the caller exactly as behind HTTP API. Lookups go through
 * the sandbox's {@link KeyCache} with the authorizer's TTL ({@code KEY_CACHE_TTL_SECONDS}), so a
 * warm sandbox reads nothing before the model call's two store rounds, and a revoked key stops
 * working here within the same bound as behind the authorizer.
 */
public final class KeyCheck {

    private final Function<String, Optional<KeyCache.Lookup>> loader;
    private final KeyCache cache;
    private final Clock clock;

    /**
     * The rules over any store: {@code loader} reads the key by its SHA-256 hash and then its team
     * (empty when there is no such key; a null team when the key's team item is missing).
     */
    public KeyCheck(Function<String, Optional<KeyCache.Lookup>> loader, KeyCache cache, Clock clock) {
        this.loader = loader;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * Over the keys table with {@code GetItem} only (the key by hash, then its team, both consistent
     * reads as the authorizer's stores do), so a function needs no other grant on it.
     */
    public static KeyCheck onTable(DynamoDbEnhancedClient enhanced, String keysTable, KeyCache cache, Clock clock) {
        DynamoDbTable<ApiKey> keys = enhanced.table(keysTable, ApiKeyItem.SCHEMA);
        DynamoDbTable<Team> teams = enhanced.table(keysTable, TeamItem.SCHEMA);
        return new KeyCheck(hash -> {
            ApiKey key = DynamoDbErrors.call(() -> keys.getItem(b -> b.key(ApiKeyItem.key(hash)).consistentRead(true)));
            if (key == null) {
                return Optional.empty();
            }
            Team team = DynamoDbErrors.call(() -> teams.getItem(b -> b.key(TeamItem.key(key.teamId())).consistentRead(true)));
            return Optional.of(new KeyCache.Lookup(key, team));
        }, cache, clock);
    }

    /** The authorizer context for the request: the caller's, or a denial (401/403, 503 when the store fails). */
    public Map<String, String> context(ApiRequest request) {
        try {
            return authenticate(request).toAuthorizerContext();
        } catch (GatewayException e) {
            return CallerContext.denial(e);
        } catch (RuntimeException e) {
            return CallerContext.denial(new GatewayException(503, "api_error", "service_unavailable", null,
                    "The key could not be checked right now; retry shortly."));
        }
    }

    /** The caller of a key-bearing request; throws 401 (no, unknown, revoked or expired key) or 403 (team disabled). */
    public CallerContext authenticate(ApiRequest request) {
        String presented = presentedKey(request);
        if (presented == null) {
            throw new GatewayException(401, "invalid_request_error", "missing_api_key", null,
                    "No API key was provided. Send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'.");
        }
        if (!ApiKeys.isWellFormed(presented)) {
            throw invalidKey();
        }
        String hash = ApiKeys.sha256Hex(presented);
        KeyCache.Lookup found = cache.get(hash, () -> loader.apply(hash)).orElseThrow(KeyCheck::invalidKey);
        ApiKey key = found.key();
        Instant now = clock.instant();
        if (key.revoked()) {
            throw new GatewayException(401, "invalid_request_error", "api_key_revoked", null,
                    "This API key (" + key.hint() + ") was revoked.");
        }
        if (key.expiredAt(now)) {
            throw new GatewayException(401, "invalid_request_error", "api_key_expired", null,
                    "This API key (" + key.hint() + ") expired at " + key.expiresAt() + ".");
        }
        Team team = found.team();
        if (team == null) {
            throw invalidKey();
        }
        if (!team.enabled()) {
            throw GatewayException.forbidden("Team '" + team.teamId() + "' is disabled.", "team_disabled");
        }
        return new CallerContext(team.teamId(), key.keyId(), key.scopes(), team);
    }

    /** {@code x-api-key} first, else {@code Authorization: Bearer}; any other scheme is not a key. */
    public static String presentedKey(ApiRequest request) {
        String xApiKey = request.header("x-api-key");
        if (xApiKey != null && !xApiKey.isBlank()) {
            return xApiKey.trim();
        }
        String authorization = request.header("authorization");
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static GatewayException invalidKey() {
        return GatewayException.unauthorized("Incorrect API key provided.");
    }
}
