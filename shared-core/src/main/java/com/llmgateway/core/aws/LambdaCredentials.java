package com.llmgateway.core.aws;

import com.llmgateway.core.config.Env;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * The credentials of the function's execution role on Lambda, named explicitly rather than found by
 * the SDK's default chain (which would build and probe system properties, the environment, web
 * identity, the profile files, the container endpoint and IMDS in turn; AWS's Java cold-start
 * guidance names the provider).
 *
 * <ul>
 *   <li>Without SnapStart, Lambda puts the role's session in {@code AWS_ACCESS_KEY_ID},
 *       {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}: the environment provider.</li>
 *   <li>With SnapStart, the Java runtime gives no access-key variables; it sets
 *       {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 *       instead (Lambda's "SnapStart credentials" guidance): the container provider, which fetches
 *       the credentials when a request first needs them and refreshes them before they expire. Both
 *       read nothing at build time, and priming signs with dummy keys on throwaway clients, so no
 *       credential is resolved before the snapshot and none is carried across a restore.</li>
 * </ul>
 */
public final class LambdaCredentials {

    /** Set by Lambda for SnapStart functions (and by ECS/EKS); its presence selects the container provider. */
    public static final String CONTAINER_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private LambdaCredentials() {
    }

    /** The role's credentials as this sandbox offers them. */
    public static AwsCredentialsProvider provider(Env env) {
        return env.text(CONTAINER_URI) != null
                ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
    }
}
