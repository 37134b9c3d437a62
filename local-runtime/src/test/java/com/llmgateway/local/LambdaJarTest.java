package com.llmgateway.local;

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
    void each_jar_holds_its_handler_and_no_heavy_http_client() throws IOException {
        for (var e : HANDLERS.entrySet()) {
            try (JarFile jf = new JarFile(jar(e.getKey()).toFile())) {
                List<String> names = jf.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toList());
                assertTrue(names.contains(e.getValue().replace('.', '/') + ".class"), e.getKey());
                assertFalse(names.stream().anyMatch(n -> n.startsWith("io/netty/")), e.getKey() + " bundles Netty");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("org/apache/http/") || n.startsWith("org/apache/hc/")),
                        e.getKey() + " bundles an Apache HTTP client");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("ch/qos/logback/")), e.getKey() + " bundles a second logging framework");
                assertFalse(names.stream().anyMatch(n -> n.startsWith("com/amazonaws/services/dynamodbv2/local/")),
                        e.getKey() + " bundles DynamoDB Local");
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
        URL url = jar("gateway-function").toUri().toURL();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader cl = new URLClassLoader(new URL[]{url}, ClassLoader.getPlatformClassLoader())) {
            // Lambda's runtime makes the function's loader the context loader (ServiceLoader uses it).
            Thread.currentThread().setContextClassLoader(cl);
            Class<?> envClass = cl.loadClass("com.llmgateway.core.config.Env");
            Object env = envClass.getConstructor(Map.class).newInstance(Map.of(
                    "AWS_REGION", "us-east-1",
                    "DYNAMODB_ENDPOINT", "http://127.0.0.1:9",
                    "BEDROCK_ENDPOINT", "http://127.0.0.1:9",
                    "RATE_LIMITS_TABLE", "t-rate-limits", "CACHE_TABLE", "t-cache", "USAGE_TABLE", "t-usage",
                    "KEYS_TABLE", "t-keys"));
            Object handler = cl.loadClass(HANDLERS.get("gateway-function")).getConstructor(envClass).newInstance(env);
            Class<?> ctxClass = cl.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Object ctx = Proxy.newProxyInstance(cl, new Class<?>[]{ctxClass}, (p, m, a) -> switch (m.getName()) {
                case "getAwsRequestId" -> "jar-test";
                case "getFunctionName" -> "gateway-function";
                case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> 1000;
                default -> null;
            });
            String event = "{\"version\":\"2.0\",\"routeKey\":\"GET /health\",\"rawPath\":\"/health\",\"headers\":{},"
                    + "\"requestContext\":{\"requestId\":\"r1\",\"http\":{\"method\":\"GET\",\"path\":\"/health\"}}}";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class, ctxClass)
                    .invoke(handler, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, ctx);
            String response = out.toString(StandardCharsets.UTF_8);
            assertTrue(response.contains("\"statusCode\":200"), response);
            assertTrue(response.contains("healthy"), response);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
