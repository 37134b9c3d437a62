package com.llmgateway.core.aws;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

import java.time.Duration;

/**
 * The HTTP client under every AWS SDK client the functions build (DynamoDB, Bedrock): the SDK's
 * Apache 5 client, chosen by measurement (issue 15).
 *
 * <ul>
 *   <li>The URL-connection client pays about 1 ms per call on a reused connection: before each
 *       streaming POST the JDK probes the pooled connection with a hard-coded 1 ms read timeout
 *       ({@code sun.net.www.http.HttpClient.available()}), and every SDK request is a streaming
 *       POST. Three sequential SDK calls per model call made that ~3 ms of the gateway's added
 *       latency.</li>
 *   <li>An SdkHttpClient over {@code java.net.http} has no probe, but its HTTP/1.1 pool can drop a
 *       connection after a fast loopback answer (seen in the DynamoDB stand-in's benchmark); the
 *       SDK would retry such an IOException, and a retried non-idempotent write (an admission
 *       counter ADD) could count twice.</li>
 *   <li>The CRT client ships native libraries for every platform (a jar several times the size of
 *       the rest of a function), so it was not taken.</li>
 * </ul>
 * Apache 5 checks a pooled connection only after it has been idle (no per-request probe), costs
 * about 2 MB of jar and a few hundred classes at init. Build one client per SDK client, once per
 * sandbox, with the explicit timeouts given here; acquiring a pooled connection is bounded by the
 * connect timeout.
 */
public final class SdkHttpClients {

    private SdkHttpClients() {
    }

    /**
     * Connections one client may hold. A Lambda sandbox serves one request at a time, at most three
     * calls side by side (a round of admission and the cache lookup); the local runtime serves many
     * at once from one JVM, where the SDK's default of 50 made 16 concurrent requests wait for a
     * connection. Idle connections cost nothing until used.
     */
    static final int MAX_CONNECTIONS = 256;

    public static SdkHttpClient.Builder<?> builder(Duration connectTimeout, Duration socketTimeout) {
        return Apache5HttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(connectTimeout)
                .connectionAcquisitionTimeout(connectTimeout)
                .socketTimeout(socketTimeout);
    }
}
