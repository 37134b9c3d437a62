package com.llmgateway.core.testing;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import com.llmgateway.dynamodb.standin.DynamoDbStandIn;
import com.llmgateway.dynamodb.standin.Faults;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local DynamoDB the modules' adapter tests share: the project's own DynamoDB stand-in in this
 * JVM, on a free loopback port, reached over HTTP by the real SDK client that the functions build
 * ({@link DynamoDbClients#create}).
 *
 * <p>With {@code DYNAMODB_ENDPOINT} set in the environment, the tests use that endpoint instead
 * (another DynamoDB-compatible engine, a standalone stand-in, or real DynamoDB): every table gets a
 * prefix unique to this fixture and is deleted at close. Fault injection and deterministic expiry
 * are then available only when the endpoint is a stand-in ({@link #faults()} is empty otherwise).
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** The environment variable that points the tests at another DynamoDB-compatible endpoint. */
    public static final String EXTERNAL_ENDPOINT = "DYNAMODB_ENDPOINT";

    private static final HttpClient CONTROL = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String endpoint;
    public final DynamoDbClient client;
    /** The endpoint, region and client timeouts, plus the table variables when the tables were created with the server. */
    public final Map<String, String> env;
    private final DynamoDbStandIn standIn;
    private final String runPrefix;
    private final List<String> createdTables = new ArrayList<>();

    /**
     * Client timeouts for a slow or loaded machine, where the local DynamoDB may take seconds to answer (the
     * first CreateTable of a JVM above all). The functions' defaults (1 s connect, 4 s per call) are for
     * DynamoDB; the tests of those timeouts build their own clients against a port where nothing listens.
     */
    public static final Map<String, String> GENEROUS_TIMEOUTS = Map.of("DYNAMODB_CONNECT_TIMEOUT_MS", "10000",
            "DYNAMODB_SOCKET_TIMEOUT_MS", "60000", "DYNAMODB_CALL_TIMEOUT_MS", "60000");

    /** A server without tables; {@link #createTables(String)} adds them. */
    public LocalDynamoDb() {
        this(null);
    }

    /** A server with every table of tables.json under this prefix (null: none). */
    public LocalDynamoDb(String tablePrefix) {
        String external = System.getenv(EXTERNAL_ENDPOINT);
        if (external != null && !external.isBlank()) {
            standIn = null;
            endpoint = external.trim();
            // Tables outlive the run on an external engine: a fresh prefix keeps runs apart.
            runPrefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        } else {
            standIn = DynamoDbStandIn.builder().start();
            endpoint = standIn.endpoint().toString();
            runPrefix = "";
        }
        Map<String, String> e = new LinkedHashMap<>();
        e.put(DynamoDbClients.ENDPOINT, endpoint);
        e.put("AWS_REGION", "us-east-1");
        e.putAll(GENEROUS_TIMEOUTS);
        client = DynamoDbClients.create(new Env(e));
        if (tablePrefix != null) {
            e.putAll(create(tablePrefix));
        }
        env = Map.copyOf(e);
    }

    /** Creates every table with this prefix; returns the env (table variables, the endpoint and the client timeouts). */
    public Map<String, String> createTables(String prefix) {
        Map<String, String> e = new LinkedHashMap<>(create(prefix));
        e.put(DynamoDbClients.ENDPOINT, endpoint);
        e.putAll(GENEROUS_TIMEOUTS);
        return e;
    }

    private Map<String, String> create(String prefix) {
        Map<String, String> names = Tables.createAll(client, runPrefix + prefix);
        createdTables.addAll(names.values());
        return names;
    }

    public URI endpointUri() {
        return URI.create(endpoint);
    }

    /** The in-process stand-in, when the tests run on one (not with an external endpoint). */
    public Optional<DynamoDbStandIn> standIn() {
        return Optional.ofNullable(standIn);
    }

    /** Fault injection, when the tests run on the in-process stand-in. */
    public Optional<Faults> faults() {
        return standIn().map(DynamoDbStandIn::faults);
    }

    /**
     * Whether the endpoint is a DynamoDB stand-in (in this JVM or standalone), which offers fault
     * injection and expiry over the wire. Tests that need them assume it.
     */
    public boolean isStandIn() {
        try {
            return control("GET", "/_standin/stats", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Injects a fault over the stand-in's wire, e.g.
     * {@code {"fault":"TRANSACTION_CONFLICT","times":2,"operation":"UpdateItem","table":"t"}}.
     */
    public void injectFault(String json) {
        try {
            HttpResponse<String> r = control("POST", "/_standin/faults", json);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the stand-in refused the fault " + json + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no DynamoDB stand-in at " + endpoint + " to inject a fault", e);
        }
    }

    private HttpResponse<String> control(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return CONTROL.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (standIn == null) {
                for (String t : createdTables) {
                    try {
                        client.deleteTable(b -> b.tableName(t));
                    } catch (RuntimeException ignored) {
                        // best effort: a table another test already removed
                    }
                }
            }
            client.close();
        } finally {
            if (standIn != null) {
                standIn.close();
            }
        }
    }
}
