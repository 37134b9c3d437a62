package com.llmgateway.core.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API keys live. Implementations translate storage failures into
 * {@link com.llmgateway.core.error.GatewayException} (503) and never swallow a failed write.
 */
public interface ApiKeyStore {

    /** Stores a new key; never overwrites an existing one (a clash is an error). */
    void create(ApiKey key);

    /** The key with this SHA-256 hash, read strongly consistent (the authorizer's lookup). */
    Optional<ApiKey> findByHash(String keyHash);

    Optional<ApiKey> findById(String keyId);

    /** The team's keys, revoked ones included, oldest first. */
    List<ApiKey> listByTeam(String teamId);

    /** Every key, oldest first. */
    List<ApiKey> listAll();

    /** Revokes the key (idempotent: a revoked key keeps its first revocation time) and returns it. */
    Optional<ApiKey> revoke(String keyId, Instant at);

    /**
     * Atomically stores {@code replacement} and revokes {@code old} at {@code at}; fails (409) if the old
     * key was revoked meanwhile.
     */
    ApiKey rotate(ApiKey old, ApiKey replacement, Instant at);
}
