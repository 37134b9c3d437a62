package com.llmgateway.auth;

import com.llmgateway.core.config.DemoTeam;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.keys.ApiKeyStore;
import com.llmgateway.core.keys.ApiKeys;
import com.llmgateway.core.keys.DynamoDbApiKeyStore;
import com.llmgateway.core.keys.DynamoDbTeamStore;
import com.llmgateway.core.keys.IssuedKey;
import com.llmgateway.core.keys.Scopes;
import com.llmgateway.core.keys.TeamStore;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.team.Team;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local runtime's bootstrap: a demo team and three keys (invoke, finops, admin), as declared in
 * shared-core's demo-team.json ({@link DemoTeam}), the file Terraform seeds a deployed stack from.
 * Keys from an earlier start are kept while they are all still valid in the store; otherwise three
 * new ones are issued (and any old demo key still active is revoked).
 */
public final class DemoSeed {

    public static final String TEAM_ID = DemoTeam.teamId();

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

    private final ApiKeyStore keys;
    private final TeamStore teams;
    private final Clock clock;

    /** Reads KEYS_TABLE and DYNAMODB_ENDPOINT (and the client settings of {@link DynamoDbClients}). */
    public DemoSeed(Env env) {
        var ddb = DynamoDbClients.create(env);
        var enhanced = DynamoDbClients.enhanced(ddb);
        this.keys = DynamoDbApiKeyStore.fromEnv(ddb, enhanced, env);
        this.teams = DynamoDbTeamStore.fromEnv(enhanced, env);
        this.clock = Clock.systemUTC();
    }

    DemoSeed(ApiKeyStore keys, TeamStore teams, Clock clock) {
        this.keys = keys;
        this.teams = teams;
        this.clock = clock;
    }

    public DemoKeys ensure(Optional<DemoKeys> previous) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (previous.isPresent() && allValid(previous.get(), now)) {
            return previous.get();
        }
        if (teams.get(TEAM_ID).isEmpty()) {
            teams.create(demoTeam(now));
        }
        previous.ifPresent(p -> plaintexts(p).forEach(k -> keys.findByHash(ApiKeys.sha256Hex(k))
                .filter(found -> !found.revoked()).ifPresent(found -> keys.revoke(found.keyId(), now))));
        Map<String, String> issued = new LinkedHashMap<>();
        for (String scope : Scopes.ALL) {
            IssuedKey key = IssuedKey.issue(TEAM_ID, DemoTeam.keyNames().get(scope), Set.of(scope), null, now);
            keys.create(key.key());
            issued.put(scope, key.plaintext());
            LOG.info("demo key created key_id={} scope={}", key.key().keyId(), scope);
        }
        return new DemoKeys(TEAM_ID, issued.get(Scopes.INVOKE), issued.get(Scopes.FINOPS), issued.get(Scopes.ADMIN));
    }

    static Team demoTeam(Instant now) {
        return DemoTeam.team(now);
    }

    private boolean allValid(DemoKeys demo, Instant now) {
        return TEAM_ID.equals(demo.teamId())
                && valid(demo.invokeKey(), Scopes.INVOKE, now)
                && valid(demo.finopsKey(), Scopes.FINOPS, now)
                && valid(demo.adminKey(), Scopes.ADMIN, now);
    }

    /** The key exists, is neither revoked nor expired, belongs to the demo team and holds just this scope. */
    private boolean valid(String plaintext, String scope, Instant now) {
        return ApiKeys.isWellFormed(plaintext) && keys.findByHash(ApiKeys.sha256Hex(plaintext))
                .filter(k -> !k.revoked() && !k.expiredAt(now) && TEAM_ID.equals(k.teamId()) && k.scopes().equals(Set.of(scope)))
                .isPresent();
    }

    private static Stream<String> plaintexts(DemoKeys demo) {
        return Stream.of(demo.invokeKey(), demo.finopsKey(), demo.adminKey()).filter(Objects::nonNull);
    }
}
