package com.llmgateway.auth;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.keys.ApiKeyStore;
import com.llmgateway.core.keys.DynamoDbApiKeyStore;
import com.llmgateway.core.keys.DynamoDbTeamStore;
import com.llmgateway.core.keys.TeamStore;
import com.llmgateway.core.snapstart.ParallelInit;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import com.llmgateway.core.usage.UsageReader;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * What auth-function's authorizer and routes work with. {@link #create(Env)} builds the
 * sandbox's DynamoDB client and reads the settings once; tests give their own stores or clock.
 */
public record AuthWiring(ApiKeyStore keys, TeamStore teams, UsageReader spend, ModelCatalog catalog, AuthConfig config,
                         Clock clock) {

    /** For AWS: KEYS_TABLE, USAGE_TABLE, DYNAMODB_ENDPOINT, KEY_CACHE_TTL_SECONDS, MODEL_CATALOG_OVERRIDES. */
    public static AuthWiring create(Env env) {
        DynamoDbClient ddb = DynamoDbClients.create(env);
        ParallelInit.awaitWarmup();
        return on(ddb, env, Clock.systemUTC());
    }

    /** On a given client and clock (tests, several "sandboxes" on one client). */
    public static AuthWiring on(DynamoDbClient ddb, Env env, Clock clock) {
        AuthConfig config = AuthConfig.from(env);
        // The key and team stores share the sandbox's one enhanced client.
        DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(ddb);
        return new AuthWiring(new DynamoDbApiKeyStore(ddb, enhanced, config.keysTable()),
                new DynamoDbTeamStore(enhanced, config.keysTable()),
                new DynamoDbUsageReader(ddb, config.usageTable()), ModelCatalog.load(env.values()), config, clock);
    }
}
