package com.llmgateway.core.config;

import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Log4j plugin cache the deployable jars carry ({@code src/main/resources/META-INF/.../Log4j2Plugins.dat}):
 * the entries of log4j-core's, the JSON template layout's and Powertools' caches that {@code log4j2.xml}
 * and Log4j's own start-up use, and no other. Log4j loads the class of every entry in every cache on the
 * classpath when it starts, and asks each configuration factory whether it is active (the JSON one probes
 * for Jackson): with the full caches that is ~460 classes and ~100 ms more of a cold start (issue 15). The
 * shade plugin leaves the three libraries' caches out of the jars (root pom), so this one is the jars' only one.
 *
 * <p>This test rebuilds the curated cache from the libraries' caches on the test classpath and the keep list
 * below, and compares it byte for byte with the committed file, so that a Log4j or Powertools upgrade that
 * renames or moves a kept plugin fails here. After changing the list or upgrading, regenerate it with
 * {@code scripts/mvn.sh -o -pl shared-core test -Dtest=LogPluginCacheTest -Dlog4j.plugins.regenerate=true}.
 * {@code LambdaJarLoggingTest} (local-runtime) runs each shaded jar in a fresh JVM and checks that its log
 * lines still come out as Powertools JSON with no complaint from Log4j's status logger.
 */
class LogPluginCacheTest {

    static final String CACHE = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    /** The libraries whose caches are curated; a cache from anywhere else on the classpath is not an input. */
    private static final List<String> SOURCES = List.of("log4j-core", "log4j-layout-template-json", "powertools-logging-log4j");

    /** Category → the plugin keys kept (lower case, as the cache stores them); "*" keeps the whole category. */
    static final Map<String, Set<String>> KEEP = Map.of(
            // log4j2.xml is XML: the other factories (JSON, YAML, properties) are never chosen, but each is
            // instantiated to ask whether it is active, and the JSON one loads Jackson's ObjectMapper to answer.
            "configurationfactory", Set.of("xmlconfigurationfactory"),
            // What log4j2.xml names, and the plugin elements of those plugins' builders.
            "core", Set.of("appenders", "console", "jsontemplatelayout", "eventtemplateadditionalfield",
                    "loggers", "logger", "root", "appenderref", "appender-ref", "properties", "property", "patternlayout"),
            // The pattern of the DefaultConfiguration that every LoggerContext starts with before it reads
            // log4j2.xml ("%d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n"), plus the throwable
            // converter the pattern parser appends to a pattern that has none.
            "converter", Set.of("datepatternconverter", "threadpatternconverter", "levelpatternconverter",
                    "loggerpatternconverter", "messagepatternconverter", "lineseparatorpatternconverter",
                    "extendedthrowablepatternconverter", "throwablepatternconverter", "rootthrowablepatternconverter"),
            // ${env:...} and ${sys:...} in log4j2.xml.
            "lookup", Set.of("env", "sys"),
            // Attribute conversion of every plugin above.
            "typeconverter", Set.of("*"),
            // LambdaJsonLayout.json's resolvers: Log4j's own (level, message, exception, timestamp...) and Powertools'.
            "jsontemplateresolverfactory", Set.of("*"),
            "jsontemplateresolverinterceptor", Set.of("*"));

    @Test
    void the_committed_cache_is_the_libraries_caches_cut_to_the_keep_list() throws IOException {
        byte[] expected = curated();
        Path committed = Path.of("src", "main", "resources").resolve(CACHE);
        if (Boolean.getBoolean("log4j.plugins.regenerate")) {
            Files.createDirectories(committed.getParent());
            Files.write(committed, expected);
        }
        assertTrue(Files.exists(committed), committed + " missing: regenerate it (see this test's comment)");
        assertArrayEquals(expected, Files.readAllBytes(committed),
                "the curated Log4j plugin cache is stale: regenerate it (see this test's comment)");
    }

    @Test
    void every_kept_plugin_exists_in_the_libraries_caches_and_loads(@TempDir Path dir) throws IOException, ClassNotFoundException {
        PluginCache upstream = upstream();
        for (var e : KEEP.entrySet()) {
            Map<String, PluginEntry> category = upstream.getAllCategories().get(e.getKey());
            assertNotNull(category, "no plugin category " + e.getKey());
            for (String key : e.getValue()) {
                if (!key.equals("*")) {
                    assertTrue(category.containsKey(key), e.getKey() + "/" + key + " is no longer a plugin");
                }
            }
        }
        Path file = Files.write(dir.resolve("Log4j2Plugins.dat"), curated());
        PluginCache curated = new PluginCache();
        curated.loadCacheFiles(Collections.enumeration(List.of(file.toUri().toURL())));
        int count = 0;
        for (Map<String, PluginEntry> category : curated.getAllCategories().values()) {
            for (PluginEntry entry : category.values()) {
                Class.forName(entry.getClassName(), false, getClass().getClassLoader());
                count++;
            }
        }
        // A sanity bound, not a figure: the libraries' caches hold ~290 entries.
        assertTrue(count > 40 && count < 120, count + " plugins kept");
    }

    /** The libraries' caches merged (as the shade plugin's transformer did), then cut to {@link #KEEP}. */
    static byte[] curated() throws IOException {
        PluginCache cache = upstream();
        for (var it = cache.getAllCategories().entrySet().iterator(); it.hasNext(); ) {
            var category = it.next();
            Set<String> keep = KEEP.get(category.getKey());
            if (keep == null) {
                it.remove();
            } else if (!keep.contains("*")) {
                category.getValue().keySet().retainAll(keep);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.writeCache(out);
        return out.toByteArray();
    }

    private static PluginCache upstream() throws IOException {
        List<URL> urls = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (URL url : Collections.list(LogPluginCacheTest.class.getClassLoader().getResources(CACHE))) {
            for (String source : SOURCES) {
                if (url.toString().contains("/" + source + "-")) {
                    urls.add(url);
                    found.add(source);
                }
            }
        }
        assertEquals(new TreeSet<>(SOURCES), found, "the libraries' plugin caches on the test classpath");
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(urls));
        return cache;
    }
}
