package com.llmgateway.local;

import com.llmgateway.dynamodb.standin.DynamoDbStandIn;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployable jars as Lambda will load them: each alone on a fresh class loader. They must
 * hold their handler, no Netty or Apache HTTP client, one merged Log4j plugin cache (the JSON
 * layout), and stay small. Runs after the function modules are packaged (reactor order).
 */
class LambdaJarTest {

    private static final Map<String, String> HANDLERS = Map.of(
            "gateway-function", "com.llmgateway.gateway.GatewayHandler",
            "auth-function", "com.llmgateway.auth.AuthHandler",
            "usage-function", "com.llmgateway.usage.UsageHandler");

    private static Path jar(String module) {
        Path p = Path.of("..", module, "target", module + ".jar");
        assertTrue(Files.exists(p), p + " missing: run the build through `package` (scripts/test.sh does)");
        return p;
    }

    @Test
    void each_jar_holds_its_handler_and_one_http_client_apache5() throws IOException {
        for (var e : HANDLERS.entrySet()) {
            try (JarFile jf = new JarFile(jar(e.getKey()).toFile())) {
                List<String> names = jf.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toList());
                assertTrue(names.contains(e.getValue().replace('.', '/') + ".class"), e.getKey());
                assertFalse(names.stream().anyMatch(n -> n.startsWith("io/netty/")), e.getKey() + " bundles Netty");
                // The SDK clients run on Apache 5 (chosen by measurement, issue 15: see SdkHttpClients);
                // no Apache 4, no URL-connection client, no CRT natives beside it.
                assertTrue(names.contains("software/amazon/awssdk/http/apache5/Apache5HttpClient.class"), e.getKey() + " lacks Apache 5");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("org/apache/http/")), e.getKey() + " bundles Apache 4");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("software/amazon/awssdk/http/urlconnection/")),
                        e.getKey() + " bundles a second HTTP client");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("software/amazon/awssdk/crt/")), e.getKey() + " bundles CRT");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("ch/qos/logback/")), e.getKey() + " bundles a second logging framework");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("com/llmgateway/dynamodb/standin/")),
                        e.getKey() + " bundles the DynamoDB stand-in");
                var plugins = jf.getEntry("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat");
                try (InputStream in = jf.getInputStream(plugins)) {
                    String cache = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertTrue(cache.contains("JsonTemplateLayout"), e.getKey() + ": Log4j plugin caches not merged");
                }
            }
            long size = Files.size(jar(e.getKey()));
            assertTrue(size < 20L * 1024 * 1024, e.getKey() + " is " + size + " bytes");
        }
    }

    @Test
    void the_gateway_jar_answers_health_on_its_own_class_loader() throws Exception {
        String event = "{\"version\":\"2.0\",\"routeKey\":\"GET /health\",\"rawPath\":\"/health\",\"headers\":{},"
                + "\"requestContext\":{\"requestId\":\"r1\",\"http\":{\"method\":\"GET\",\"path\":\"/health\"}}}";
        String response = invokeJar("gateway-function", Map.of(
                "AWS_REGION", "us-east-1",
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:9",
                "BEDROCK_ENDPOINT", "http://127.0.0.1:9",
                "RATE_LIMITS_TABLE", "t-rate-limits", "CACHE_TABLE", "t-cache", "USAGE_TABLE", "t-usage",
                "KEYS_TABLE", "t-keys"), event);
        assertTrue(response.contains("\"statusCode\":200"), response);
        assertTrue(response.contains("healthy"), response);
    }

    @Test
    void the_gateway_jar_completes_a_chat_against_the_dynamodb_and_bedrock_stand_ins() throws Exception {
        try (DynamoDbStandIn dynamo = DynamoDbStandIn.builder().start();
             com.llmgateway.local.bedrock.BedrockStandIn bedrock = com.llmgateway.local.bedrock.BedrockStandIn.start(0);
             software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb = com.llmgateway.core.store.DynamoDbClients.create(
                     new com.llmgateway.core.config.Env(Map.of("DYNAMODB_ENDPOINT", dynamo.endpoint().toString())))) {
            Map<String, String> env = new java.util.HashMap<>(com.llmgateway.core.store.Tables.createAll(ddb, "jar-"));
            env.putAll(Map.of("AWS_REGION", "us-east-1", "DYNAMODB_ENDPOINT", dynamo.endpoint().toString(),
                    "BEDROCK_ENDPOINT", bedrock.endpoint().toString()));
            var team = new com.llmgateway.core.team.Team("jar", "Jar", "CC-1",
                    new com.llmgateway.core.team.RateLimits(60, 100_000, 100_000), Map.of(), List.of("*"),
                    new java.math.BigDecimal("10.00"), new com.llmgateway.core.team.CachePolicy(true, 3600, false), true, null, null);
            var context = new com.llmgateway.core.http.CallerContext("jar", "key_jar", java.util.Set.of("invoke"), team)
                    .toAuthorizerContext();
            var event = com.llmgateway.core.json.Json.object();
            event.put("version", "2.0").put("routeKey", "POST /v1/chat/completions").put("rawPath", "/v1/chat/completions")
                    .put("body", "{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"from the jar\"}]}")
                    .put("isBase64Encoded", false);
            event.putObject("headers").put("content-type", "application/json");
            var rc = event.putObject("requestContext");
            rc.put("requestId", "jar-chat-1");
            rc.putObject("http").put("method", "POST").put("path", "/v1/chat/completions");
            context.forEach(rc.putObject("authorizer").putObject("lambda")::put);
            String response = invokeJar("gateway-function", env, com.llmgateway.core.json.Json.write(event));
            assertTrue(response.contains("\"statusCode\":200"), response);
            assertTrue(response.contains("chat.completion"), response);
            assertTrue(response.contains("x-gateway-cost-usd"), response);
        }
    }

    private static final Map<String, String> WIRINGS = Map.of(
            "gateway-function", "com.llmgateway.gateway.GatewayWiring",
            "auth-function", "com.llmgateway.auth.AuthWiring",
            "usage-function", "com.llmgateway.usage.UsageWiring");

    /**
     * Runs a function's handler from its shaded jar alone, with Lambda's context class loader, and
     * returns its output: the event's bytes through the handler's stream entry, as the managed
     * runtime passes them (the handler reads them into its own, jar-loaded event type).
     */
    private static String invokeJar(String module, Map<String, String> env, String event) throws Exception {
        URL url = jar(module).toUri().toURL();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader cl = new URLClassLoader(new URL[]{url}, ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(cl);
            Class<?> envClass = cl.loadClass("com.llmgateway.core.config.Env");
            Object jarEnv = envClass.getConstructor(Map.class).newInstance(env);
            Class<?> wiringClass = cl.loadClass(WIRINGS.get(module));
            Object wiring = wiringClass.getMethod("create", envClass).invoke(null, jarEnv);
            Object handler = cl.loadClass(HANDLERS.get(module)).getConstructor(wiringClass).newInstance(wiring);
            Class<?> ctxClass = cl.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Object ctx = Proxy.newProxyInstance(cl, new Class<?>[]{ctxClass}, (p, m, a) -> switch (m.getName()) {
                case "getAwsRequestId" -> "jar-test";
                case "getFunctionName" -> module;
                case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> 1000;
                default -> null;
            });
            // Every function's entry is a RequestStreamHandler: the runtime passes the event's bytes.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class, ctxClass)
                    .invoke(handler, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, ctx);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
