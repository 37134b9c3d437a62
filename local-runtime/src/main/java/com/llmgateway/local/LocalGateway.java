package com.llmgateway.local;

import com.llmgateway.auth.AuthHandler;
import com.llmgateway.auth.AuthWiring;
import com.llmgateway.auth.DemoKeys;
import com.llmgateway.auth.DemoSeed;
import com.llmgateway.core.config.Env;
import com.llmgateway.core.config.Settings;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.store.DynamoDbClients;
import com.llmgateway.core.store.Tables;
import com.llmgateway.gateway.GatewayHandler;
import com.llmgateway.gateway.GatewayWiring;
import com.llmgateway.dynamodb.standin.DynamoDbStandIn;
import com.llmgateway.local.bedrock.BedrockStandIn;
import com.llmgateway.usage.UsageHandler;
import com.llmgateway.usage.UsageWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.cloudwatchlogs.emf.config.Configuration;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The whole gateway on one machine, all on 127.0.0.1: the DynamoDB stand-in in this JVM with the tables
 * of {@code tables.json}, the Bedrock stand-in (unless real Bedrock is asked for), the three
 * function handlers built once as Lambda builds them, and the HTTP API stand-in in front.
 * {@link LocalRuntime} runs it for people; end-to-end tests start it with {@link #start()}:
 * <pre>{@code
 * try (LocalGateway gw = LocalGateway.start()) {
 *     HttpRequest.newBuilder(gw.endpoint().resolve("/health"))...
 * }
 * }</pre>
 */
public final class LocalGateway implements AutoCloseable {

    /** As Terraform names them by default (name_prefix "llmgw"): llmgw-keys, llmgw-usage... */
    public static final String TABLE_PREFIX = "llmgw-";
    /** The declared default of POWERTOOLS_METRICS_NAMESPACE (Terraform's metrics_namespace). */
    public static final String METRICS_NAMESPACE = com.llmgateway.core.observability.RequestMetrics.DEFAULT_NAMESPACE;
    public static final String DYNAMODB_DIR = "dynamodb";

    private static final Logger LOG = LoggerFactory.getLogger(LocalGateway.class);

    /**
     * How to start.
     *
     * @param port        the HTTP API stand-in's port; 0 picks a free one
     * @param dataDir     the data folder (DynamoDB files under {@code dynamodb/}, and {@code local.json});
     *                    null keeps nothing on disk
     * @param inMemory    DynamoDB in memory; local.json is still written (it holds only the demo keys
     *                    and the endpoint, which clients and the demo script read), never read back
     * @param awsBedrock  call real Bedrock (default AWS credential chain) instead of the stand-in
     * @param env         extra environment for the functions (e.g. MODEL_CATALOG_OVERRIDES); the
     *                    runtime's own entries (tables, endpoints) win over these
     * @param seeder      creates the demo team and keys once the tables exist; null: none
     * @param authorizer  the Lambda authorizer; null: the auth function, as in AWS
     * @param functions   route-table function name to handler; null: the three real handlers
     * @param progress    receives one line per startup step
     */
    public record Options(int port, Path dataDir, boolean inMemory, boolean awsBedrock, Map<String, String> env,
                          Function<Env, DemoSeeder> seeder, Function<Env, ?> authorizer,
                          Function<Env, Map<String, ?>> functions, Consumer<String> progress) {

        public Options {
            env = env == null ? Map.of() : Map.copyOf(env);
            progress = progress == null ? line -> { } : progress;
            if (dataDir == null) {
                inMemory = true;
            }
        }

        /**
         * In memory, free ports, the Bedrock stand-in, the default seeder: what tests want. With
         * {@code DYNAMODB_ENDPOINT} in the process environment, the DynamoDB at that endpoint (with
         * tables of this runtime's own) instead of an in-process stand-in, so that
         * {@code DYNAMODB_ENDPOINT=… scripts/test.sh} runs the end-to-end tests against another engine.
         */
        public static Options inMemoryDefaults() {
            String external = System.getenv(DynamoDbClients.ENDPOINT);
            Map<String, String> env = external == null || external.isBlank() ? Map.of() : Map.of(DynamoDbClients.ENDPOINT, external);
            return new Options(0, null, true, false, env, defaultSeeder(), null, null, null);
        }

        public Options withPort(int p) {
            return new Options(p, dataDir, inMemory, awsBedrock, env, seeder, authorizer, functions, progress);
        }

        /** Keeps DynamoDB data and local.json in this folder. */
        public Options withDataDir(Path dir) {
            return new Options(port, dir, dir == null, awsBedrock, env, seeder, authorizer, functions, progress);
        }

        /** In memory: DynamoDB keeps nothing on disk; local.json is written but not read back. */
        public Options withInMemory(boolean memory) {
            return new Options(port, dataDir, memory, awsBedrock, env, seeder, authorizer, functions, progress);
        }

        public Options withAwsBedrock(boolean aws) {
            return new Options(port, dataDir, inMemory, aws, env, seeder, authorizer, functions, progress);
        }

        public Options withEnv(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(env);
            all.putAll(more);
            return new Options(port, dataDir, inMemory, awsBedrock, all, seeder, authorizer, functions, progress);
        }

        public Options withSeeder(Function<Env, DemoSeeder> s) {
            return new Options(port, dataDir, inMemory, awsBedrock, env, s, authorizer, functions, progress);
        }

        public Options withAuthorizer(Function<Env, ?> a) {
            return new Options(port, dataDir, inMemory, awsBedrock, env, seeder, a, functions, progress);
        }

        public Options withFunctions(Function<Env, Map<String, ?>> f) {
            return new Options(port, dataDir, inMemory, awsBedrock, env, seeder, authorizer, f, progress);
        }

        public Options withProgress(Consumer<String> p) {
            return new Options(port, dataDir, inMemory, awsBedrock, env, seeder, authorizer, functions, p);
        }
    }

    /** The demo bootstrap: the auth function's {@link DemoSeed} (demo team, three keys, kept across restarts). */
    public static Function<Env, DemoSeeder> defaultSeeder() {
        return env -> new DemoSeed(env)::ensure;
    }

    private final Deque<AutoCloseable> resources;
    private final URI endpoint;
    private final DynamoDbClient dynamoDb;
    private final BedrockStandIn bedrock;
    private final Map<String, String> env;
    private final DemoKeys keys;
    private final Path localJson;
    private final HttpApiStandIn api;
    private final DynamoDbStandIn dynamoDbServer;
    private URI functionUrl;

    private LocalGateway(Deque<AutoCloseable> resources, HttpApiStandIn api, DynamoDbStandIn dynamoDbServer,
                         DynamoDbClient dynamoDb, BedrockStandIn bedrock, Map<String, String> env, DemoKeys keys,
                         Path localJson) {
        this.resources = resources;
        this.dynamoDbServer = dynamoDbServer;
        this.api = api;
        this.endpoint = api.endpoint();
        this.dynamoDb = dynamoDb;
        this.bedrock = bedrock;
        this.env = Map.copyOf(env);
        this.keys = keys;
        this.localJson = localJson;
    }

    /** Everything in memory on free ports. */
    public static LocalGateway start() {
        return start(Options.inMemoryDefaults());
    }

    public static LocalGateway start(Options options) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            return boot(options, started);
        } catch (RuntimeException | Error e) {
            closeAll(started);
            throw e;
        }
    }

    private static LocalGateway boot(Options o, Deque<AutoCloseable> started) {
        long t0 = System.nanoTime();
        LocalIam iam = LocalIam.load(o.env());
        String external = o.env().get(DynamoDbClients.ENDPOINT);
        DynamoDbStandIn ddbServer = null;
        String ddbEndpoint;
        if (external != null && !external.isBlank()) {
            // Another DynamoDB-compatible engine (or a standalone stand-in): used as it is; its
            // own access rules apply, not iam.json's.
            ddbEndpoint = external.trim();
            o.progress().accept("DynamoDB at " + ddbEndpoint + " (DYNAMODB_ENDPOINT)");
        } else {
            Path dbDir = o.inMemory() ? null : o.dataDir().resolve(DYNAMODB_DIR);
            ddbServer = DynamoDbStandIn.builder().dataDir(dbDir).accessPolicy(iam.dynamoDbPolicy()).start();
            started.push(ddbServer);
            ddbEndpoint = ddbServer.endpoint().toString();
            o.progress().accept("DynamoDB stand-in on " + ddbEndpoint + (dbDir == null ? " (in memory)" : " (data in " + dbDir + ")")
                    + ", enforcing each function's grants of iam.json " + ms(t0));
        }

        Map<String, String> env = new LinkedHashMap<>(o.env());
        env.put(DynamoDbClients.ENDPOINT, ddbEndpoint);
        env.putIfAbsent("AWS_REGION", Settings.get("AWS_REGION").defaultValue());
        // The runtime's own key (tables, and clients built from env()); each function gets its own below.
        env.put("AWS_ACCESS_KEY_ID", LocalIam.RUNTIME_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        DynamoDbClient ddb = DynamoDbClients.create(new Env(env));
        started.push(ddb);
        // On an external engine an in-memory runtime (a test) gets tables of its own, removed at close.
        boolean ownTables = ddbServer == null && o.inMemory();
        String prefix = ownTables ? TABLE_PREFIX + java.util.UUID.randomUUID().toString().substring(0, 8) + "-" : TABLE_PREFIX;
        Map<String, String> tableNames = createTables(ddb, prefix);
        env.putAll(tableNames);
        if (ownTables) {
            started.push(() -> tableNames.values().forEach(t -> ddb.deleteTable(b -> b.tableName(t))));
        }
        iam.tables(env);
        o.progress().accept("tables " + String.join(", ", Tables.all().keySet()) + " ready " + ms(t0));

        BedrockStandIn bedrock = null;
        if (o.awsBedrock()) {
            env.remove("BEDROCK_ENDPOINT");
            o.progress().accept("Bedrock: real AWS in " + env.get("AWS_REGION") + " (default credential chain)");
        } else {
            bedrock = startBedrockStandIn();
            started.push(bedrock);
            bedrock.setInvokePolicy(iam::mayInvoke);
            env.put("BEDROCK_ENDPOINT", bedrock.endpoint().toString());
            o.progress().accept("Bedrock stand-in on " + bedrock.endpoint() + " " + ms(t0));
        }

        env.putIfAbsent("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        configureMetrics(env.get("POWERTOOLS_METRICS_NAMESPACE"));
        // Each function signs its calls with its own key, so the stand-ins apply its grants.
        Env gatewayEnv = functionEnv(env, "gateway");
        Env authEnv = functionEnv(env, "auth");
        Map<String, ?> functions = o.functions() != null
                ? o.functions().apply(gatewayEnv)
                : Map.of("gateway", new GatewayHandler(GatewayWiring.create(gatewayEnv)),
                         "auth", new AuthHandler(AuthWiring.create(authEnv)),
                         "usage", new UsageHandler(UsageWiring.create(functionEnv(env, "usage"))));
        Object authorizer = o.authorizer() != null
                ? o.authorizer().apply(authEnv)
                : Objects.requireNonNull(functions.get("auth"), "no auth function");
        o.progress().accept("functions ready " + ms(t0));

        DemoKeys keys = null;
        boolean keepFiles = !o.inMemory() && o.dataDir() != null;
        if (o.seeder() != null) {
            Optional<DemoKeys> previous = keepFiles ? LocalJson.read(o.dataDir()) : Optional.empty();
            keys = o.seeder().apply(authEnv).ensure(previous);
            o.progress().accept((previous.isPresent() && previous.get().equals(keys) ? "demo keys kept" : "demo team and keys created")
                    + " " + ms(t0));
        } else {
            o.progress().accept("no demo keys seeded (no seeder)");
        }

        // The gateway's streaming entry point, on the same routes object: what a function URL runs.
        Map<String, com.amazonaws.services.lambda.runtime.RequestStreamHandler> streamers =
                functions.get("gateway") instanceof GatewayHandler gateway
                        ? Map.of("gateway", new com.llmgateway.gateway.GatewayStreamHandler(gateway, null)) : Map.of();
        HttpApiStandIn api = HttpApiStandIn.start(o.port(), RouteTable.load(), functions, authorizer, streamers);
        started.push(api);
        FunctionUrlStandIn functionUrl = null;
        if (functions.get("gateway") instanceof GatewayHandler gateway) {
            // The deployed streaming path: the gateway's function URL, which checks keys itself.
            DynamoDbClient gatewayDdb = com.llmgateway.core.store.DynamoDbClients.create(gatewayEnv);
            started.push(gatewayDdb);
            functionUrl = FunctionUrlStandIn.start(0, "gateway", new com.llmgateway.gateway.GatewayStreamHandler(gateway,
                    com.llmgateway.gateway.GatewayStreamHandler.keyCheck(gatewayEnv, gatewayDdb)));
            started.push(functionUrl);
            o.progress().accept("gateway function URL stand-in (streaming) on " + functionUrl.endpoint() + " " + ms(t0));
        }
        Path localJson = null;
        if (keys != null && o.dataDir() != null) {
            // Written in memory mode too: the demo script and clients find the keys either way.
            localJson = LocalJson.write(o.dataDir(), api.endpoint(), keys);
        }
        o.progress().accept("HTTP API stand-in on " + api.endpoint() + " " + ms(t0));
        LocalGateway local = new LocalGateway(started, api, ddbServer, ddb, bedrock, env, keys, localJson);
        local.functionUrl = functionUrl == null ? null : functionUrl.endpoint();
        return local;
    }

    /**
     * Creates the tables of tables.json, unless they all exist (a restart with a data folder).
     */
    private static Map<String, String> createTables(DynamoDbClient ddb, String prefix) {
        Set<String> existing = new HashSet<>(ddb.listTablesPaginator().tableNames().stream().toList());
        Map<String, String> names = new LinkedHashMap<>();
        Tables.all().values().forEach(s -> names.put(s.envVar(), prefix + s.logicalName().replace('_', '-')));
        return existing.containsAll(names.values()) ? names : Tables.createAll(ddb, prefix);
    }

    /**
     * Metrics as in Lambda: EMF documents on stdout. Powertools reads its namespace from the
     * process environment, which Terraform sets per function, and the EMF library, finding no
     * Lambda environment, would send to a CloudWatch agent socket (retrying on a non-daemon
     * thread). One JVM cannot set its own environment, so the runtime configures the process-wide
     * instances instead, unless the environment already does.
     */
    private static void configureMetrics(String namespace) {
        Configuration emf = EnvironmentConfigurationProvider.getConfig();
        if (System.getenv("AWS_EMF_ENVIRONMENT") == null) {
            emf.setEnvironmentOverride(Environments.Local);
        }
        if (System.getenv("AWS_EMF_SERVICE_NAME") == null) {
            emf.setServiceName(HttpApiStandIn.FUNCTION_NAME_PREFIX + "local");
        }
        if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) {
            MetricsFactory.getMetricsInstance().setNamespace(namespace);
        }
    }

    private static Env functionEnv(Map<String, String> env, String function) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("AWS_ACCESS_KEY_ID", LocalIam.accessKeyOf(function));
        e.put("AWS_SECRET_ACCESS_KEY", "local");
        return new Env(e);
    }

    private static BedrockStandIn startBedrockStandIn() {
        return BedrockStandIn.start(0);
    }

    /** Stops the DynamoDB stand-in while the gateway keeps running: how tests see the store fail. */
    public void stopDynamoDb() {
        dynamoDbStandIn().close();
    }

    /** Whether the runtime runs its own DynamoDB stand-in (not the one at DYNAMODB_ENDPOINT). */
    public boolean ownsDynamoDb() {
        return dynamoDbServer != null;
    }

    /** The in-process DynamoDB stand-in (fault injection, expiry); fails with DYNAMODB_ENDPOINT. */
    public DynamoDbStandIn dynamoDbStandIn() {
        if (dynamoDbServer == null) {
            throw new IllegalStateException("this runtime uses the DynamoDB at DYNAMODB_ENDPOINT, not a stand-in of its own");
        }
        return dynamoDbServer;
    }

    /** The HTTP API stand-in's base URL, e.g. http://127.0.0.1:8080. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The gateway function's URL stand-in (RESPONSE_STREAM, no authorizer: the function checks the
     * key): the deployed streaming path; null when the runtime runs other functions than its own.
     */
    public URI functionUrl() {
        return functionUrl;
    }

    /** A client of the DynamoDB behind the functions (with the runtime's own, unrestricted key). */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The Bedrock stand-in the gateway calls; fails when the runtime calls real Bedrock. */
    public BedrockStandIn bedrock() {
        if (bedrock == null) {
            throw new IllegalStateException("this runtime calls real Bedrock (BEDROCK_MODE=aws)");
        }
        return bedrock;
    }

    /** The environment the functions were built with (table names, endpoints, region...). */
    public Map<String, String> env() {
        return env;
    }

    /** The demo team and its keys, when a seeder is wired. */
    public Optional<DemoKeys> keys() {
        return Optional.ofNullable(keys);
    }

    /** Where local.json was written, when it was. */
    public Optional<Path> localJson() {
        return Optional.ofNullable(localJson);
    }

    public HttpApiStandIn api() {
        return api;
    }

    private static String ms(long t0) {
        return "(" + (System.nanoTime() - t0) / 1_000_000 + " ms)";
    }

    @Override
    public synchronized void close() {
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("{} did not close cleanly: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
