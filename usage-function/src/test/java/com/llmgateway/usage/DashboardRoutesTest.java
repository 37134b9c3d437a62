package com.llmgateway.usage;

import com.llmgateway.core.config.Env;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.team.CachePolicy;
import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.testing.LocalDynamoDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's page and files: served from the jar, no key, a strict CSP, nothing inline. */
class DashboardRoutesTest {

    /**
     * SHA-256 of {@code dashboard/chart.umd.min.js}: Chart.js 4.6.1's {@code dist/chart.umd.min.js} as
     * npm ships it (the browser test checks the bundled copy against the pinned package too).
     */
    static final String CHART_JS_SHA256 = "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2";

    private static LocalDynamoDb db;
    private static UsageHandler handler;

    @BeforeAll
    static void start() throws Exception {
        db = new LocalDynamoDb("dashboard-test-");
        handler = new UsageHandler(UsageWiring.on(db.client, new Env(db.env), Clock.systemUTC()));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static ApiResponse get(String routeKey, String path) {
        Team t = new Team("any", null, null, new RateLimits(60, 1000, 1000), Map.of(), List.of("*"), null,
                new CachePolicy(true, 60, false), true, null, null);
        var event = UsageEvents.get(path, "", Map.of(), new CallerContext("any", "k", Set.of("invoke"), t));
        event.setRouteKey(routeKey);
        event.getRequestContext().setRouteKey(routeKey);
        if (routeKey.contains("{asset}")) {
            event.setPathParameters(Map.of("asset", path.substring(path.lastIndexOf('/') + 1)));
        }
        event.getRequestContext().setAuthorizer(null);
        return UsageEvents.response(handler.handle(event, null));
    }

    @Test
    void the_page_needs_no_key_and_carries_a_strict_content_security_policy() {
        ApiResponse page = get("GET /dashboard", "/dashboard");
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("text/html; charset=utf-8", page.headers().get("content-type"));
        String csp = page.headers().get("content-security-policy");
        assertTrue(csp.startsWith("default-src 'none'"), csp);
        assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe") || csp.contains("http"), "no inline code, no other origin: " + csp);
        assertEquals("nosniff", page.headers().get("x-content-type-options"));
        assertEquals("no-referrer", page.headers().get("referrer-policy"));

        String html = page.body();
        Matcher script = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int scripts = 0;
        while (script.find()) {
            scripts++;
            assertTrue(script.group(1).contains("src=\"dashboard/"), "every script is a bundled file: " + script.group());
            assertTrue(script.group(2).isBlank(), "no inline script: " + script.group());
        }
        assertEquals(2, scripts);
        assertFalse(html.contains("style=\"") || html.contains("<style") || Pattern.compile("\\son[a-z]+=").matcher(html).find(),
                "no inline style or event handler");
        assertFalse(html.contains("//cdn") || html.contains("https://"), "nothing from another origin at run time");
    }

    @Test
    void the_pages_files_are_served_and_nothing_else_is() {
        ApiResponse js = get("GET /dashboard/{asset}", "/dashboard/app.js");
        assertEquals(200, js.statusCode());
        assertEquals("text/javascript; charset=utf-8", js.headers().get("content-type"));
        assertTrue(js.headers().containsKey("content-security-policy"));
        assertTrue(js.body().contains("x-api-key"));
        assertEquals(200, get("GET /dashboard/{asset}", "/dashboard/chart.umd.min.js").statusCode());
        assertEquals(200, get("GET /dashboard/{asset}", "/dashboard/app.css").statusCode());
        for (String name : List.of("index.html", "..%2Froutes.json", "UsageHandler.class", "nothing.js")) {
            ApiResponse r = get("GET /dashboard/{asset}", "/dashboard/" + name);
            assertEquals(404, r.statusCode(), name);
            assertTrue(r.body().contains("\"error\""), r.body());
        }
    }

    @Test
    void every_bundled_file_is_served_by_name() throws Exception {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/dashboard"))) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        Set<String> served = new TreeSet<>(DashboardRoutes.ASSETS.keySet());
        served.add(DashboardRoutes.INDEX);
        assertEquals(files, served);
    }

    @Test
    void the_bundled_chart_library_is_chart_js_4_6_1_unmodified() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("src/main/resources/dashboard/chart.umd.min.js"));
        assertEquals(CHART_JS_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertTrue(new String(bytes, 0, 200, java.nio.charset.StandardCharsets.UTF_8).contains("Chart.js v4.6.1"));
    }
}
