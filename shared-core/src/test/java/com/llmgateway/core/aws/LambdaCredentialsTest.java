package com.llmgateway.core.aws;

import com.llmgateway.core.config.Env;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class LambdaCredentialsTest {

    @Test
    void takes_the_access_key_variables_when_lambda_sets_them() {
        Env env = new Env(Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "s", "AWS_REGION", "eu-west-1"));
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class, LambdaCredentials.provider(env));
    }

    @Test
    void takes_the_container_endpoint_under_snapstart() {
        // SnapStart: no access-key variables, the container endpoint and its token instead.
        Env env = new Env(Map.of(LambdaCredentials.CONTAINER_URI, "http://127.0.0.1:9001/2021-04-23/credentials",
                "AWS_REGION", "eu-west-1"));
        assertInstanceOf(ContainerCredentialsProvider.class, LambdaCredentials.provider(env));
    }
}
