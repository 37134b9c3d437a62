package com.llmgateway.auth;

import com.llmgateway.core.keys.KeyCache;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.keys.ApiKey;
import com.llmgateway.core.keys.ApiKeyStore;
import com.llmgateway.core.keys.ApiKeys;
import com.llmgateway.core.keys.IssuedKey;
import com.llmgateway.core.keys.TeamStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Key management: issue, list, revoke, rotate. Rotation revokes the old key at once (no grace
 * period) in the same transaction that stores the new one. Logs carry key ids, never a key.
 */
final class KeyService {

    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

    private final ApiKeyStore keys;
    private final TeamStore teams;
    private final KeyCache cache;
    private final Clock clock;

    KeyService(ApiKeyStore keys, TeamStore teams, KeyCache cache, Clock clock) {
        this.keys = keys;
        this.teams = teams;
        this.cache = cache;
        this.clock = clock;
    }

    IssuedKey create(KeyRequests.NewKey request) {
        if (teams.get(request.teamId()).isEmpty()) {
            throw TeamService.notFound(request.teamId());
        }
        IssuedKey issued = IssuedKey.issue(request.teamId(), request.name(), request.scopes(), request.expiresAt(), now());
        keys.create(issued.key());
        cache.evict(issued.key().keyHash());
        LOG.info("key created key_id={} team_id={} scopes={}", issued.key().keyId(), request.teamId(), issued.key().scopes());
        return issued;
    }

    List<ApiKey> list(String teamId) {
        if (teamId == null) {
            return keys.listAll();
        }
        TeamRequests.teamId(teamId);
        if (teams.get(teamId).isEmpty()) {
            throw TeamService.notFound(teamId);
        }
        return keys.listByTeam(teamId);
    }

    ApiKey revoke(String keyId) {
        ApiKey revoked = (ApiKeys.isKeyId(keyId) ? keys.revoke(keyId, now()) : Optional.<ApiKey>empty())
                .orElseThrow(() -> notFound(keyId));
        cache.evict(revoked.keyHash());
        LOG.info("key revoked key_id={} team_id={}", keyId, revoked.teamId());
        return revoked;
    }

    IssuedKey rotate(String keyId, KeyRequests.Rotation rotation) {
        ApiKey old = (ApiKeys.isKeyId(keyId) ? keys.findById(keyId) : Optional.<ApiKey>empty())
                .orElseThrow(() -> notFound(keyId));
        Instant now = now();
        if (old.revoked()) {
            throw new GatewayException(409, "invalid_request_error", "key_revoked", null,
                    "Key '" + keyId + "' is revoked; a revoked key cannot be rotated. Create a new key instead.");
        }
        Instant expires = rotation.expiresGiven() ? rotation.expiresAt() : old.expiresAt();
        if (expires != null && !expires.isAfter(now)) {
            throw Fields.bad("expires_at", "Key '" + keyId + "' has expired; give a new 'expires_at' (or null) for its replacement.");
        }
        IssuedKey issued = IssuedKey.issue(old.teamId(), old.name(), old.scopes(), expires, now);
        keys.rotate(old, issued.key(), now);
        cache.evict(old.keyHash());
        cache.evict(issued.key().keyHash());
        LOG.info("key rotated key_id={} new_key_id={} team_id={}", keyId, issued.key().keyId(), old.teamId());
        return issued;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static GatewayException notFound(String keyId) {
        // echo only what has the shape of a key id: a caller who pastes a key here must not see it again
        String shown = ApiKeys.isKeyId(keyId) ? " '" + keyId + "'" : "";
        return GatewayException.notFound("No key" + shown + ".", "key_id", "key_not_found");
    }
}
