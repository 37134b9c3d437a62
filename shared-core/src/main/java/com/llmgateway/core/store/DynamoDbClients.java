package com.llmgateway.core.store;

import com.llmgateway.core.aws.LambdaCredentials;
import com.llmgateway.core.aws.SdkHttpClients;
import com.llmgateway.core.config.Env;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the one DynamoDB client of a sandbox: the Apache 5 HTTP client ({@link SdkHttpClients}), explicit region,
 * short timeouts (a model call must not hang on a stalled table; the DYNAMODB_*_TIMEOUT_MS settings,
 * declared with their defaults and ranges in settings.json). {@code DYNAMODB_ENDPOINT}
 * points it at a local DynamoDB (the project's stand-in, or any DynamoDB-compatible endpoint);
 * there it signs with {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when set (the
 * local runtime gives each function its own key, by which the stand-in applies that function's
 * IAM grants), else with a dummy key. On Lambda (no endpoint) the role's credentials are used, from the
 * environment or, under SnapStart, from the container endpoint ({@link LambdaCredentials}).
 */
public final class DynamoDbClients {

    public static final String ENDPOINT = "DYNAMODB_ENDPOINT";

    private DynamoDbClients() {
    }

    public static DynamoDbClient create(Env env) {
        String endpoint = env.text(ENDPOINT);
        AwsCredentialsProvider creds = endpoint != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.text("AWS_ACCESS_KEY_ID"), env.text("AWS_SECRET_ACCESS_KEY")))
                : LambdaCredentials.provider(env);
        return builder(env, creds)
                .httpClientBuilder(SdkHttpClients.builder(Duration.ofMillis(env.integer("DYNAMODB_CONNECT_TIMEOUT_MS")),
                        Duration.ofMillis(env.integer("DYNAMODB_SOCKET_TIMEOUT_MS"))))
                .build();
    }

    /**
     * A client configured as {@link #create} but on the given HTTP client and with dummy
     * credentials, for SnapStart priming over a {@link com.llmgateway.core.snapstart.CannedHttpClient}:
     * the same marshallers, signer and endpoint rules, no credential lookup, no socket.
     */
    public static DynamoDbClient onHttpClient(Env env, SdkHttpClient http) {
        return builder(env, StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .httpClient(http)
                .build();
    }

    private static DynamoDbClientBuilder builder(Env env, AwsCredentialsProvider creds) {
        String endpoint = env.text(ENDPOINT);
        var builder = DynamoDbClient.builder()
                .region(Region.of(env.text("AWS_REGION")))
                .credentialsProvider(creds)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofMillis(env.integer("DYNAMODB_CALL_TIMEOUT_MS")))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    /**
     * The sandbox's enhanced client (item mapping through static table schemas) over its one
     * {@code DynamoDbClient}; build it once, next to that client. No extensions: no item here carries
     * a version or an atomic counter, so the default chain would only walk every write for nothing.
     */
    public static DynamoDbEnhancedClient enhanced(DynamoDbClient ddb) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions().build();
    }
}
