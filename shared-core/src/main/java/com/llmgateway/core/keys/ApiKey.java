package com.llmgateway.core.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as stored: never the plaintext, only its SHA-256 hash and a short non-secret hint.
 *
 * @param keyHash   lower-case hex SHA-256 of the plaintext key
 * @param scopes    a non-empty subset of {@link Scopes#ALL}, in canonical order
 * @param expiresAt null when the key does not expire
 * @param revokedAt null while the key is not revoked
 * @param hint      "lgw_…abcd": the prefix and the last four characters, for listings
 */
public record ApiKey(String keyId, String keyHash, String teamId, String name, Set<String> scopes,
                     Instant createdAt, Instant expiresAt, Instant revokedAt, String hint) {

    public ApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = Scopes.canonical(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        if (!ApiKeys.isSha256Hex(keyHash)) {
            throw new IllegalArgumentException("keyHash must be a SHA-256 hex digest");
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** A copy revoked at the given instant; an already revoked key keeps its first revocation time. */
    public ApiKey revoke(Instant at) {
        return revoked() ? this : new ApiKey(keyId, keyHash, teamId, name, scopes, createdAt, expiresAt, at, hint);
    }
}
