package com.llmgateway.dynamodb.standin.conformance;

import com.llmgateway.dynamodb.standin.DynamoDbStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one fixture of the conformance suite: starts one stand-in engine per test class (in memory
 * unless the class customises the builder) on a free loopback port, hands out AWS SDK v2 clients
 * pointed at it, and names tables uniquely so that tests never see each other's data.
 *
 * <p>Used as {@code @RegisterExtension static final StandInExtension ddb = new StandInExtension();}.
 */
public final class StandInExtension implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final Consumer<DynamoDbStandIn.Builder> customizer;
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private DynamoDbStandIn standIn;
    private DynamoDbClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public StandInExtension() {
        this(b -> { });
    }

    /** @param customizer adjusts the builder (clock, data dir, access policy) before start. */
    public StandInExtension(Consumer<DynamoDbStandIn.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts (or, after {@link #stop()}, restarts) the engine with this fixture's builder settings. */
    public void start() {
        DynamoDbStandIn.Builder builder = DynamoDbStandIn.builder();
        customizer.accept(builder);
        standIn = builder.start();
        client = newClient("AKIDCONFORMANCE", false);
    }

    public void stop() {
        clients.forEach(DynamoDbClient::close);
        clients.clear();
        if (standIn != null) {
            standIn.close();
            standIn = null;
        }
    }

    public DynamoDbStandIn standIn() {
        return standIn;
    }

    public URI endpoint() {
        return standIn.endpoint();
    }

    /** A client with retries off, so each call is exactly one request. */
    public DynamoDbClient client() {
        return client;
    }

    /** A client with retries off that signs with the given access key id. */
    public DynamoDbClient client(String accessKeyId) {
        return newClient(accessKeyId, false);
    }

    /** A client with the SDK's default retry strategy (for the tests whose subject is retries). */
    public DynamoDbClient retryingClient() {
        return newClient("AKIDCONFORMANCE", true);
    }

    /** A builder preconfigured for the stand-in; the caller builds (and the fixture does not close) it. */
    public DynamoDbClientBuilder clientBuilder(String accessKeyId) {
        return DynamoDbClient.builder()
                .endpointOverride(standIn.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, "dummy-secret-key")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build());
    }

    private DynamoDbClient newClient(String accessKeyId, boolean retries) {
        DynamoDbClientBuilder b = clientBuilder(accessKeyId);
        if (!retries) {
            b.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        DynamoDbClient c = b.build();
        clients.add(c);
        return c;
    }

    /** A table name no other test uses (valid characters only, well under 255). */
    public static String uniqueName(String hint) {
        String clean = hint.replaceAll("[^A-Za-z0-9_.-]", "_");
        return "t" + TABLES.incrementAndGet() + "_" + clean.toLowerCase(Locale.ROOT);
    }

    /** Creates an on-demand table with a String partition key {@code pk} and returns its name. */
    public String hashTable(String hint) {
        return createTable(hint, "pk", ScalarAttributeType.S, null, null);
    }

    /** Creates an on-demand table with String {@code pk} and the given sort key {@code sk} type. */
    public String rangeTable(String hint, ScalarAttributeType sortType) {
        return createTable(hint, "pk", ScalarAttributeType.S, "sk", sortType);
    }

    public String createTable(String hint, String hash, ScalarAttributeType hashType,
                              String range, ScalarAttributeType rangeType) {
        String name = uniqueName(hint);
        CreateTableRequest.Builder req = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> defs = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build());
        defs.add(AttributeDefinition.builder().attributeName(hash).attributeType(hashType).build());
        if (range != null) {
            keys.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
            defs.add(AttributeDefinition.builder().attributeName(range).attributeType(rangeType).build());
        }
        client.createTable(req.keySchema(keys).attributeDefinitions(defs).build());
        return name;
    }

    /** One raw DynamoDB JSON call over java.net.http (no SDK), for wire-level checks. */
    public HttpResponse<byte[]> rawCall(String target, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(standIn.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            r.header("X-Amz-Target", target);
        }
        return send(r.build());
    }

    /** A request to the stand-in's control paths, e.g. {@code /_standin/faults}. */
    public HttpResponse<byte[]> control(String method, String path, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(standIn.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if ("GET".equals(method)) {
            r.GET();
        } else {
            r.method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        }
        return send(r.build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("request to the stand-in failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
