package com.llmgateway.gateway;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.snapstart.ParallelInit;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.gateway.bedrock.BedrockConfig;
import com.llmgateway.gateway.bedrock.BedrockEmbeddingClient;
import com.llmgateway.gateway.embeddings.DynamoDbEmbeddingCache;
import com.llmgateway.gateway.embeddings.EmbeddingClient;
import com.llmgateway.gateway.embeddings.EmbeddingService;
import com.llmgateway.gateway.bedrock.BedrockModelClient;
import com.llmgateway.gateway.cache.CacheConfig;
import com.llmgateway.gateway.cache.DynamoDbResponseCache;
import com.llmgateway.gateway.cache.ResponseCache;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.chat.TokenEstimator;
import com.llmgateway.core.usage.DynamoDbUsageReader;
import com.llmgateway.core.usage.UsageReader;
import com.llmgateway.gateway.metering.DynamoDbAdmissionControl;
import com.llmgateway.gateway.metering.DynamoDbUsageRecorder;
import com.llmgateway.gateway.metering.MeteringConfig;
import com.llmgateway.gateway.models.ModelsService;
import com.llmgateway.gateway.model.ModelClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * What gateway-function's routes work with. {@link #create(Env)} builds the sandbox's clients
 * (one DynamoDB client, one Bedrock client) and reads each setting once; tests build the record
 * from fakes of the ports.
 *
 * @param usage      the MCP get_usage tool's reader of the team's usage
 * @param embeddings the embeddings pipeline; null where a test wires none ({@code /v1/embeddings} then answers 503)
 */
public record GatewayWiring(GatewayConfig config, ModelsService models, ChatService chat, UsageReader usage,
                            Clock clock, EmbeddingService embeddings) {

    /** Without an embeddings pipeline: tests of the other routes. */
    public GatewayWiring(GatewayConfig config, ModelsService models, ChatService chat, UsageReader usage, Clock clock) {
        this(config, models, chat, usage, clock, null);
    }

    /** The collaborators for real AWS (or the local runtime's stand-ins) from one environment. */
    public static GatewayWiring create(Env env) {
        BedrockModelClient bedrock = BedrockModelClient.create(BedrockConfig.from(env));
        DynamoDbClient ddb = DynamoDbClients.create(env);
        ParallelInit.awaitWarmup();
        return create(env, ddb, bedrock, BedrockEmbeddingClient.on(bedrock));
    }

    /**
     * The same collaborators on throwaway SDK clients over one given HTTP client (SnapStart
     * priming's {@link com.llmgateway.core.snapstart.CannedHttpClient}: nothing leaves the JVM).
     */
    public static GatewayWiring onHttpClient(Env env, SdkHttpClient http) {
        BedrockModelClient bedrock = BedrockModelClient.onHttpClient(BedrockConfig.from(env), http);
        return create(env, DynamoDbClients.onHttpClient(env, http), bedrock, BedrockEmbeddingClient.on(bedrock));
    }

    private static GatewayWiring create(Env env, DynamoDbClient ddb, ModelClient model, EmbeddingClient embedder) {
        GatewayConfig config = GatewayConfig.from(env);
        ModelCatalog catalog = ModelCatalog.load(env.values());
        CacheConfig cache = CacheConfig.from(env);
        MeteringConfig metering = MeteringConfig.from(env);
        Clock clock = Clock.systemUTC();
        DynamoDbAdmissionControl admission = new DynamoDbAdmissionControl(ddb, metering, clock);
        DynamoDbUsageRecorder recorder = new DynamoDbUsageRecorder(ddb, metering, clock);
        ChatService chat = new ChatService(model, admission, recorder,
                new ResponseCache(new DynamoDbResponseCache(ddb, cache.tableName()), cache.memoryBytes()),
                new TokenEstimator(), config.maxBodyBytes(), cache.defaultTtlSeconds(), clock);
        EmbeddingService embeddings = new EmbeddingService(embedder, admission, recorder,
                new DynamoDbEmbeddingCache(ddb, cache.tableName()), config.maxBodyBytes(), cache.defaultTtlSeconds(), clock);
        return new GatewayWiring(config, new ModelsService(catalog), chat,
                new DynamoDbUsageReader(ddb, metering.usageTable()), clock, embeddings);
    }

    /** For tests without a usage store: MCP's get_usage answers 503. */
    public static UsageReader noUsageStore() {
        return UsageReader.unavailable();
    }
}
