package com.llmgateway.core.config;

import com.llmgateway.core.config.Settings.Setting;
import com.llmgateway.core.store.Tables;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every environment variable that the main code of any module reads (through {@link Env}, a map of
 * the environment or {@code System.getenv}) is declared in settings.json, and every setting the
 * declaration says code reads is read somewhere. (Env also refuses an undeclared name when it is
 * read; this finds the read before anything runs it. scripts/verify-terraform checks the same per
 * function, against Terraform.)
 */
class EverySettingReadIsDeclaredTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    // receiver.method("NAME" | NAME | Owner.NAME), on an environment-like receiver
    private static final Pattern READ = Pattern.compile(
            "(\\w*[eE]nv\\w*|getenv\\(\\))\\s*\\.\\s*(require|get|getLong|getBoolean|getOrDefault|integer|flag|text|table)\\(\\s*"
                    + "(?:\"([A-Z][A-Z0-9_]*)\"|([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)?))");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\\s*(?:\"([A-Z][A-Z0-9_]*)\"|([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)?))\\s*\\)");
    private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    record Source(Path path, String simpleName, String text) {
    }

    private static List<Source> mainSources() {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPO)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
                Path src = module.resolve("src/main/java");
                if (!Files.isDirectory(src)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        out.add(new Source(f, f.getFileName().toString().replace(".java", ""), Files.readString(f)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** name -> where it is read ("module/.../File.java"). */
    static Map<String, Set<String>> reads() {
        List<Source> sources = mainSources();
        Map<String, String> qualified = new HashMap<>();
        Map<String, Map<String, String>> own = new HashMap<>();
        for (Source s : sources) {
            Matcher c = CONSTANT.matcher(s.text());
            while (c.find()) {
                qualified.put(s.simpleName() + "." + c.group(1), c.group(2));
                own.computeIfAbsent(s.path().toString(), k -> new HashMap<>()).put(c.group(1), c.group(2));
            }
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (Source s : sources) {
            if (s.simpleName().equals("Env") && s.text().contains("package com.llmgateway.core.config;")) {
                continue; // the reader itself
            }
            String where = REPO.relativize(s.path()).toString();
            Map<String, String> local = own.getOrDefault(s.path().toString(), Map.of());
            Matcher m = READ.matcher(s.text());
            while (m.find()) {
                String name;
                if (m.group(2).equals("table")) {
                    String ident = m.group(4) == null ? "" : m.group(4).replaceFirst("^Tables\\.", "");
                    String logical = qualified.get("Tables." + ident);
                    name = logical == null || !Tables.all().containsKey(logical) ? null : Tables.spec(logical).envVar();
                } else {
                    name = m.group(3) != null ? m.group(3) : resolve(m.group(4), local, qualified);
                }
                if (name != null && name.matches("[A-Z][A-Z0-9_]*")) {
                    out.computeIfAbsent(name, k -> new TreeSet<>()).add(where);
                }
            }
            Matcher g = GETENV.matcher(s.text());
            while (g.find()) {
                String name = g.group(1) != null ? g.group(1) : resolve(g.group(2), local, qualified);
                if (name != null && name.matches("[A-Z][A-Z0-9_]*")) {
                    out.computeIfAbsent(name, k -> new TreeSet<>()).add(where);
                }
            }
        }
        return out;
    }

    private static String resolve(String ident, Map<String, String> local, Map<String, String> qualified) {
        if (ident == null) {
            return null;
        }
        return ident.contains(".") ? qualified.get(ident) : local.get(ident);
    }

    @Test
    void every_variable_the_code_reads_is_declared() {
        Map<String, Set<String>> reads = reads();
        assertTrue(reads.containsKey("KEY_CACHE_TTL_SECONDS") && reads.containsKey("USAGE_TABLE") && reads.containsKey("PORT"),
                "the scan finds the reads: " + reads.keySet());
        Map<String, Set<String>> undeclared = new TreeMap<>();
        reads.forEach((name, where) -> {
            if (!Settings.all().containsKey(name)) {
                undeclared.put(name, where);
            }
        });
        assertEquals(Map.of(), undeclared, "read but not declared in shared-core/src/main/resources/settings.json");
    }

    @Test
    void every_setting_declared_as_read_by_code_is_read() {
        Map<String, Set<String>> reads = reads();
        Set<String> unread = new TreeSet<>();
        for (Setting s : Settings.all().values()) {
            if (s.readBy().equals("code") && !reads.containsKey(s.name())) {
                unread.add(s.name());
            }
        }
        assertEquals(Set.of(), unread, "declared in settings.json as read by code, but no main source reads it");
    }
}
