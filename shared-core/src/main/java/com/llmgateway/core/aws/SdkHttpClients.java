package com.llmgateway.core.aws;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.time.Duration;

/**
 * The one HTTP client builder of every AWS SDK client in the functions (DynamoDB, Bedrock).
 */
public final class SdkHttpClients {

    private SdkHttpClients() {
    }

    public static SdkHttpClient.Builder<?> builder(Duration connectTimeout, Duration socketTimeout) {
        // TEMPORARY measurement switch
        if ("url".equals(System.getProperty("llmgateway.sdkHttpClient"))) {
            return UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(socketTimeout);
        }
        return Apache5HttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(socketTimeout);
    }
}
