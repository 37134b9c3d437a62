package com.llmgateway.core.keys;

import java.time.Instant;
import java.util.Set;

/**
 * A key just made: the stored record and, this once, its plaintext. {@link #toString()} leaves the
 * plaintext out so that no log line or exception message can carry it by accident.
 */
public record IssuedKey(String plaintext, ApiKey key) {

    /** Makes a new key for the team (not yet stored). */
    public static IssuedKey issue(String teamId, String name, Set<String> scopes, Instant expiresAt, Instant now) {
        String plaintext = ApiKeys.newPlaintext();
        ApiKey key = new ApiKey(ApiKeys.newKeyId(), ApiKeys.sha256Hex(plaintext), teamId, name, scopes, now,
                expiresAt, null, ApiKeys.hint(plaintext));
        return new IssuedKey(plaintext, key);
    }

    @Override
    public String toString() {
        return "IssuedKey[key_id=" + key.keyId() + ", team_id=" + key.teamId() + ", hint=" + key.hint() + "]";
    }
}
