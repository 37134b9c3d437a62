package com.llmgateway.usage;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.snapstart.ParallelInit;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import com.llmgateway.usage.report.UsageService;
import com.llmgateway.usage.store.DynamoDbTeamDirectory;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * What usage-function's routes work with; {@link #create(Env)} builds the sandbox's DynamoDB client once.
 *
 * @param catalog the model catalog (with MODEL_CATALOG_OVERRIDES), for the FOCUS export's prices per token kind
 */
public record UsageWiring(UsageService service, ModelCatalog catalog) {

    /** For AWS: USAGE_TABLE, KEYS_TABLE, DYNAMODB_ENDPOINT, MODEL_CATALOG_OVERRIDES from the environment. */
    public static UsageWiring create(Env env) {
        DynamoDbClient ddb = DynamoDbClients.create(env);
        ParallelInit.awaitWarmup();
        return on(ddb, env, Clock.systemUTC());
    }

    /** On a given client and clock (tests share one client). */
    public static UsageWiring on(DynamoDbClient ddb, Env env, Clock clock) {
        return new UsageWiring(new UsageService(new DynamoDbUsageReader(ddb, env.table(Tables.USAGE)),
                new DynamoDbTeamDirectory(ddb, env.table(Tables.KEYS)), clock), ModelCatalog.load(env.values()));
    }
}
