package com.llmgateway.dynamodb.standin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llmgateway.dynamodb.standin.DynamoDbStandIn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Latency and throughput of the stand-in over loopback, through the Java SDK. Not a test: run it
 * with {@code java -cp <test classpath> com.llmgateway.dynamodb.standin.bench.StandInBenchmark [calls]}.
 *
 * <p>Four clients: the SDK on Apache5HttpClient (what the functions ship), the SDK on UrlConnectionHttpClient (which pays about 1.1 ms per streaming POST on
 * a reused connection, because the JDK probes the connection with a 1 ms read timeout), the SDK on a
 * small SdkHttpClient over java.net.http (no such probe), and the same JSON sent by java.net.http
 * directly (no SDK at all). Beside each round trip it prints the engine's own time per call, measured
 * inside the server ({@code GET /_standin/stats}).
 */
public final class StandInBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "bench";

    private StandInBenchmark() {
    }

    /** One way of sending the four benchmarked calls. */
    private interface Calls {
        void get(String pk) throws Exception;

        void conditionalAdd(String pk) throws Exception;

        void transact3(String prefix) throws Exception;

        void batch25(String prefix) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int mixedSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (DynamoDbStandIn db = DynamoDbStandIn.builder().start()) {
            System.out.printf(Locale.ROOT, "DynamoDB stand-in benchmark at %s, %d calls per operation, %d cores%n",
                    db.endpoint(), calls, Runtime.getRuntime().availableProcessors());
            DynamoDbClient urlConn = sdk(db.endpoint(), UrlConnectionHttpClient.create());
            DynamoDbClient jdkSdk = sdk(db.endpoint(), new JdkSdkHttpClient());
            DynamoDbClient apache5 = sdk(db.endpoint(), software.amazon.awssdk.http.apache5.Apache5HttpClient.create());
            setUp(urlConn);
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Map<String, Calls> clients = new java.util.LinkedHashMap<>();
            clients.put("SDK + UrlConnectionHttpClient", sdkCalls(urlConn));
            clients.put("SDK + Apache5HttpClient (what the functions ship)", sdkCalls(apache5));
            clients.put("SDK + java.net.http SdkHttpClient", sdkCalls(jdkSdk));
            clients.put("raw JSON over java.net.http", rawCalls(raw, db.endpoint()));
            for (var e : clients.entrySet()) {
                System.out.printf(Locale.ROOT, "%n== %s ==%n", e.getKey());
                System.out.printf(Locale.ROOT, "%-34s %10s %10s %14s %14s%n", "operation", "median ms", "p99 ms",
                        "engine p50 ms", "engine p99 ms");
                Calls c = e.getValue();
                latency(db, "GetItem", "GetItem", calls, i -> c.get("item-" + (i % 100)));
                latency(db, "UpdateItem (conditional ADD)", "UpdateItem", calls, i -> c.conditionalAdd("item-" + (i % 100)));
                latency(db, "TransactWriteItems (3 items)", "TransactWriteItems", calls, i -> c.transact3("tx-" + i));
                latency(db, "BatchWriteItem (25 items)", "BatchWriteItem", Math.max(100, calls / 5),
                        i -> c.batch25("batch-" + i));
                mixed(c, 8, mixedSeconds);
            }
            urlConn.close();
            apache5.close();
            jdkSdk.close();
        }
    }

    private static DynamoDbClient sdk(URI endpoint, SdkHttpClient http) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "secret")))
                .httpClient(http).build();
    }

    private static void setUp(DynamoDbClient c) {
        c.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build()));
        for (int i = 0; i < 100; i++) {
            int id = i;
            c.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("item-" + id),
                    "hits", AttributeValue.fromN("0"), "name", AttributeValue.fromS("an item of the benchmark"))));
        }
    }

    private static Calls sdkCalls(DynamoDbClient c) {
        AttributeValue one = AttributeValue.fromN("1");
        return new Calls() {
            @Override
            public void get(String pk) {
                c.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(pk))));
            }

            @Override
            public void conditionalAdd(String pk) {
                c.updateItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(pk)))
                        .updateExpression("ADD hits :one").conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":one", one)));
            }

            @Override
            public void transact3(String prefix) {
                List<TransactWriteItem> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String pk = prefix + "-" + i;
                    items.add(TransactWriteItem.builder().put(p -> p.tableName(TABLE)
                            .item(Map.of("pk", AttributeValue.fromS(pk), "v", one))
                            .conditionExpression("attribute_not_exists(pk)")).build());
                }
                c.transactWriteItems(r -> r.transactItems(items));
            }

            @Override
            public void batch25(String prefix) {
                List<WriteRequest> puts = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    String pk = prefix + "-" + i;
                    puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS(pk), "v", one)))
                            .build());
                }
                c.batchWriteItem(r -> r.requestItems(Map.of(TABLE, puts)));
            }
        };
    }

    private static Calls rawCalls(HttpClient http, URI endpoint) {
        return new Calls() {
            private void post(String op, String body) throws IOException, InterruptedException {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "DynamoDB_20120810." + op)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(op + " answered " + r.statusCode() + ": " + new String(r.body()));
                }
            }

            @Override
            public void get(String pk) throws Exception {
                post("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"" + pk + "\"}}}");
            }

            @Override
            public void conditionalAdd(String pk) throws Exception {
                post("UpdateItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"" + pk + "\"}},"
                        + "\"UpdateExpression\":\"ADD hits :one\",\"ConditionExpression\":\"attribute_exists(pk)\","
                        + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}");
            }

            @Override
            public void transact3(String prefix) throws Exception {
                StringBuilder b = new StringBuilder("{\"TransactItems\":[");
                for (int i = 0; i < 3; i++) {
                    b.append(i > 0 ? "," : "").append("{\"Put\":{\"TableName\":\"").append(TABLE)
                            .append("\",\"Item\":{\"pk\":{\"S\":\"").append(prefix).append('-').append(i)
                            .append("\"},\"v\":{\"N\":\"1\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}}");
                }
                post("TransactWriteItems", b.append("]}").toString());
            }

            @Override
            public void batch25(String prefix) throws Exception {
                StringBuilder b = new StringBuilder("{\"RequestItems\":{\"" + TABLE + "\":[");
                for (int i = 0; i < 25; i++) {
                    b.append(i > 0 ? "," : "").append("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"").append(prefix)
                            .append('-').append(i).append("\"},\"v\":{\"N\":\"1\"}}}}");
                }
                post("BatchWriteItem", b.append("]}}").toString());
            }
        };
    }

    /** A call numbered i. */
    @FunctionalInterface
    private interface Call {
        void run(int i) throws Exception;
    }

    private static long runId;

    private static void latency(DynamoDbStandIn db, String label, String op, int calls, Call call) throws Exception {
        long id = ++runId;
        for (int i = 0; i < Math.min(500, calls); i++) { // warm-up: JIT, connections, parsed-expression caches
            call.run((int) (id * 10_000_000 + 5_000_000 + i));
        }
        control(db, "POST", "/_standin/stats/reset");
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call.run((int) (id * 10_000_000 + i));
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        JsonNode engine = JSON.readTree(control(db, "GET", "/_standin/stats")).path("engine_micros").path(op);
        System.out.printf(Locale.ROOT, "%-34s %10.3f %10.3f %14.3f %14.3f%n", label, nanos[calls / 2] / 1e6,
                nanos[(int) (calls * 0.99)] / 1e6, engine.path("p50").asDouble() / 1000, engine.path("p99").asDouble() / 1000);
    }

    /** 8 threads: 50% GetItem, 30% conditional ADD, 10% 3-item transaction, 10% 25-item batch. */
    private static void mixed(Calls c, int threads, int seconds) throws Exception {
        AtomicLong ops = new AtomicLong();
        AtomicLong clientErrors = new AtomicLong();
        AtomicLong seq = new AtomicLong(runId++ * 10_000_000L);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    int dice = r.nextInt(100);
                    String pk = "item-" + r.nextInt(100);
                    try {
                        if (dice < 50) {
                            c.get(pk);
                        } else if (dice < 80) {
                            c.conditionalAdd(pk);
                        } else if (dice < 90) {
                            c.transact3("mix-" + seq.incrementAndGet());
                        } else {
                            c.batch25("mixb-" + seq.incrementAndGet());
                        }
                        ops.incrementAndGet();
                    } catch (java.io.IOException | java.io.UncheckedIOException e) {
                        // java.net.http's connection pool can mistake a fast loopback answer for stray
                        // data and drop the connection (a JDK client race, reproduced against the JDK's
                        // own HttpServer too): counted and reported, not a crash of the benchmark.
                        clientErrors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "%-34s %10.0f ops/s (%d threads, %d s)%s%n", "mixed throughput",
                ops.get() / (double) seconds, threads, seconds,
                clientErrors.get() == 0 ? "" : ", " + clientErrors.get() + " calls lost to the java.net.http pool race");
    }

    private static String control(DynamoDbStandIn db, String method, String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(db.endpoint() + path));
        b = "GET".equals(method) ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString("{}"));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * An SdkHttpClient on java.net.http, so the SDK's own cost is visible without
     * UrlConnectionHttpClient's per-request connection probe.
     */
    static final class JdkSdkHttpClient implements SdkHttpClient {
        private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    SdkHttpRequest r = request.httpRequest();
                    byte[] body = new byte[0];
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream in = request.contentStreamProvider().get().newStream()) {
                            body = in.readAllBytes();
                        }
                    }
                    HttpRequest.Builder b = HttpRequest.newBuilder(r.getUri())
                            .method(r.method().name(), HttpRequest.BodyPublishers.ofByteArray(body));
                    r.forEachHeader((name, values) -> {
                        if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                            values.forEach(v -> b.header(name, v));
                        }
                    });
                    HttpResponse<byte[]> resp;
                    try {
                        resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    SdkHttpFullResponse.Builder out = SdkHttpFullResponse.builder().statusCode(resp.statusCode());
                    resp.headers().map().forEach(out::putHeader);
                    return HttpExecuteResponse.builder().response(out.build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(resp.body()))).build();
                }

                @Override
                public void abort() {
                    // calls are short; nothing to abort
                }
            };
        }

        @Override
        public void close() {
            // java.net.http.HttpClient is closed with the JVM
        }
    }
}
