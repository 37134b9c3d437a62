package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: {@code POST /v1/embeddings} on Bedrock's embedding models (the stand-in's InvokeModel),
 * driven by the unmodified OpenAI SDKs (Python and JS), LangChain.js's OpenAIEmbeddings, raw HTTP
 * and the MCP {@code embed} tool: dimensions and unit length, cost = tokens x the catalog price,
 * exact cache hits at $0 (a batch answered partly from the cache), rate limits and budgets under a
 * burst of batches, the ledger record under route {@code embeddings}, and usage by model.
 */
class EmbeddingsE2ETest extends GatewayE2E {

    private static final ModelCatalog CATALOG = ModelCatalog.load(Map.of());
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private static BigDecimal price(String model) {
        return CATALOG.resolve(model).orElseThrow().inputPricePer1M();
    }

    private static BigDecimal cost(String model, long tokens) {
        return price(model).multiply(BigDecimal.valueOf(tokens)).divide(MILLION);
    }

    private static Http.Res embed(String key, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "x-api-key";
        all[1] = key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.post("/v1/embeddings", body, all);
    }

    private static double norm(JsonNode v) {
        double s = 0;
        for (JsonNode x : v) {
            s += x.asDouble() * x.asDouble();
        }
        return Math.sqrt(s);
    }

    /**
     * tiktoken downloads cl100k_base on first use, and this machine has no network: jtokkit ships
     * the same file (the SHA-256 tiktoken checks is the same), so it goes where tiktoken's cache
     * looks for it (the SHA-1 of the download URL).
     */
    private static Path tiktokenCache() throws Exception {
        Path dir = Path.of("target/tiktoken-cache").toAbsolutePath();
        Files.createDirectories(dir);
        String url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken";
        String name = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(url.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (var in = EmbeddingsE2ETest.class.getClassLoader().getResourceAsStream("com/knuddels/jtokkit/cl100k_base.tiktoken")) {
            assertNotNull(in, "jtokkit's cl100k_base vocabulary on the classpath");
            Files.copy(in, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    @Test
    void the_python_openai_sdk_embeds_a_string_a_batch_base64_dimensions_and_token_ids() throws Exception {
        admin.team("{\"team_id\":\"emb-py\"}");
        String key = admin.invokeKey("emb-py");
        Sdks.Run r = Sdks.python("embeddings.py", Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(), "GATEWAY_KEY", key,
                "TIKTOKEN_CACHE_DIR", tiktokenCache().toString()), 180);
        assertEquals(0, r.exit(), r.toString());
        JsonNode result = r.json();
        String out = r.toString();

        JsonNode one = result.path("one");
        assertEquals(1024, one.path("dims").asInt(), out);
        assertEquals(1.0, one.path("norm").asDouble(), 1e-4, out);
        assertEquals("list", one.path("object").asText(), out);
        long tokens = one.path("prompt_tokens").asLong();
        assertTrue(tokens > 0, out);
        assertEquals(tokens, one.path("total_tokens").asLong(), out);
        JsonNode gm = one.path("gateway_metadata");
        assertEquals(0, cost("titan-embed-text-v2", tokens).compareTo(new BigDecimal(gm.path("cost_usd").asText())), out);
        assertEquals("amazon.titan-embed-text-v2:0", gm.path("model_id").asText(), out);
        assertEquals(gm.path("request_id").asText(), one.path("request_id").asText(), out);
        Map<String, AttributeValue> ledger = ledger(one.path("request_id").asText());
        assertEquals("embeddings", ledger.get("route").s());
        assertEquals("titan-embed-text-v2", ledger.get("model").s());
        assertEquals(tokens, Long.parseLong(ledger.get("input_tokens").n()));
        assertEquals(0, new BigDecimal(ledger.get("cost_usd").n()).compareTo(new BigDecimal(gm.path("cost_usd").asText())));
        assertNull(ledger.get("tokens_estimated"), "Bedrock's count was billed, not the estimate");

        assertTrue(result.path("default_equals_float").asBoolean(), "the SDK's default base64 decodes to the same floats: " + out);
        JsonNode batch = result.path("batch");
        assertEquals(3, batch.path("count").asInt(), out);
        assertEquals("[0,1,2]", batch.path("indexes").toString(), out);
        for (JsonNode n : batch.path("norms")) {
            assertEquals(1.0, n.asDouble(), 1e-4, out);
        }
        assertEquals("[1024,1024,1024]", batch.path("dims").toString(), out);
        assertEquals(0, cost("cohere-embed-english-v3", batch.path("prompt_tokens").asLong())
                .compareTo(new BigDecimal(batch.path("gateway_metadata").path("cost_usd").asText())), out);
        assertTrue(result.path("base64").path("is_string").asBoolean(), out);
        assertEquals(1024, result.path("base64").path("dims").asInt(), out);
        assertTrue(result.path("base64").path("equals_float").asBoolean(), out);
        assertEquals(256, result.path("dimensions").path("dims").asInt(), out);
        assertEquals(1.0, result.path("dimensions").path("norm").asDouble(), 1e-4, out);
        // LangChain's default input, cl100k_base token ids, decodes to the very texts: the same vectors, from the cache.
        assertTrue(result.path("token_ids").path("equals_strings").asBoolean(), out);
        assertTrue(result.path("token_ids").path("cached").asBoolean(), out);
    }

    @Test
    void the_js_openai_sdk_and_langchain_js_embeddings_work_unmodified() throws Exception {
        Sdks.npmCi();
        admin.team("{\"team_id\":\"emb-js\"}");
        String key = admin.invokeKey("emb-js");
        Sdks.Run r = Sdks.node("embeddings.mjs", Map.of("GATEWAY_ENDPOINT", gateway.endpoint().toString(), "GATEWAY_KEY", key), 180);
        assertEquals(0, r.exit(), r.toString());
        JsonNode result = r.json();
        String out = r.toString();
        assertEquals(1024, result.path("one").path("dims").asInt(), out);
        assertEquals(1.0, result.path("one").path("norm").asDouble(), 1e-4, out);
        assertEquals(0, cost("titan-embed-text-v2", result.path("one").path("prompt_tokens").asLong())
                .compareTo(new BigDecimal(result.path("one").path("gateway_metadata").path("cost_usd").asText())), out);
        assertTrue(result.path("default_equals_float").asBoolean(), out);
        assertEquals(3, result.path("batch").path("count").asInt(), out);
        assertTrue(result.path("base64").path("is_string").asBoolean(), out);
        assertTrue(result.path("base64").path("equals_float").asBoolean(), out);
        assertEquals(256, result.path("dimensions").path("dims").asInt(), out);
        JsonNode lc = result.path("langchain");
        assertEquals(3, lc.path("count").asInt(), out);
        assertEquals("[1024,1024,1024]", lc.path("dims").toString(), out);
        assertTrue(lc.path("equals_sdk").asBoolean(), out);
        assertTrue(lc.path("query_equals_first").asBoolean(), out);
    }

    @Test
    void a_repeated_request_is_an_exact_cache_hit_at_no_cost_and_a_batch_can_hit_in_part() {
        admin.team("{\"team_id\":\"emb-cache\"}");
        String key = admin.invokeKey("emb-cache");
        String body = "{\"model\":\"titan-embed-text-v2\",\"input\":[\"alpha\",\"beta\"],\"dimensions\":512}";
        Http.Res first = embed(key, body);
        assertEquals(200, first.status(), first.body());
        assertEquals("MISS", first.header("x-gateway-cache"));
        Http.Res second = embed(key, body);
        assertEquals(200, second.status(), second.body());
        assertEquals("HIT", second.header("x-gateway-cache"));
        assertEquals(first.json().path("data").toString(), second.json().path("data").toString(), "a hit is exact");
        assertEquals(first.json().path("usage").toString(), second.json().path("usage").toString());
        JsonNode gm = second.json().path("gateway_metadata");
        assertTrue(gm.path("cached").asBoolean());
        assertEquals("0.00", gm.path("cost_usd").asText());
        assertEquals("0", second.header("x-gateway-cost-usd"));
        Map<String, AttributeValue> hit = ledger(second.header("x-request-id"));
        assertTrue(hit.get("cached").bool());
        assertEquals(0, new BigDecimal(hit.get("cost_usd").n()).signum());
        BigDecimal firstCost = new BigDecimal(first.json().path("gateway_metadata").path("cost_usd").asText());
        assertEquals(0, firstCost.compareTo(new BigDecimal(hit.get("cost_saved_usd").n())));

        // beta from the cache, gamma from Bedrock: only gamma is billed.
        Http.Res partial = embed(key, "{\"model\":\"titan-embed-text-v2\",\"input\":[\"beta\",\"gamma\"],\"dimensions\":512}");
        assertEquals(200, partial.status(), partial.body());
        assertEquals("1/2", partial.header("x-gateway-cache-hits"));
        JsonNode p = partial.json();
        assertEquals(first.json().path("data").get(1).path("embedding").toString(), p.path("data").get(0).path("embedding").toString());
        long billed = p.path("gateway_metadata").path("billed_tokens").asLong();
        assertTrue(billed > 0 && billed < p.path("usage").path("prompt_tokens").asLong(), p.toString());
        assertEquals(0, cost("titan-embed-text-v2", billed).compareTo(new BigDecimal(p.path("gateway_metadata").path("cost_usd").asText())));
        assertFalse(p.path("gateway_metadata").path("cached").asBoolean());
        assertEquals(billed, Long.parseLong(ledger(partial.header("x-request-id")).get("input_tokens").n()));

        // Cache-Control: no-cache skips the lookup, and the answer is the same vectors.
        Http.Res fresh = embed(key, body, "cache-control", "no-cache");
        assertEquals("BYPASS", fresh.header("x-gateway-cache"));
        assertEquals(first.json().path("data").toString(), fresh.json().path("data").toString());
    }

    @Test
    void dimensions_normalisation_and_wrong_routes_are_answered_as_openai_errors() {
        admin.team("{\"team_id\":\"emb-errors\"}");
        String key = admin.invokeKey("emb-errors");
        Http.Res raw = embed(key, "{\"model\":\"titan-embed-text-v2\",\"input\":\"scaled\",\"normalize\":false,\"dimensions\":256}");
        assertEquals(200, raw.status(), raw.body());
        assertTrue(norm(raw.json().path("data").get(0).path("embedding")) > 1.01, "not normalised on request");
        Http.Res nova = embed(key, "{\"model\":\"nova-2-multimodal-embeddings\",\"input\":\"nova\",\"dimensions\":384}");
        assertEquals(200, nova.status(), nova.body());
        assertEquals(384, nova.json().path("data").get(0).path("embedding").size());
        Http.Res v4 = embed(key, "{\"model\":\"cohere-embed-v4\",\"input\":[\"a\",\"b\"]}");
        assertEquals(200, v4.status(), v4.body());
        assertEquals(1536, v4.json().path("data").get(1).path("embedding").size());

        Http.Res badDims = embed(key, "{\"model\":\"titan-embed-text-v2\",\"input\":\"x\",\"dimensions\":300}");
        assertEquals(400, badDims.status());
        assertEquals("dimensions", badDims.error().path("param").asText());
        assertTrue(badDims.error().path("message").asText().contains("[256, 512, 1024]"), badDims.body());
        Http.Res chatModel = embed(key, "{\"model\":\"nova-micro\",\"input\":\"x\"}");
        assertEquals(400, chatModel.status());
        assertTrue(chatModel.error().path("message").asText().contains("/v1/chat/completions"), chatModel.body());
        Http.Res onChat = http.post("/v1/chat/completions", "{\"model\":\"titan-embed-text-v2\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "x-api-key", key);
        assertEquals(400, onChat.status());
        assertEquals("wrong_model_kind", onChat.error().path("code").asText());
        assertTrue(onChat.error().path("message").asText().contains("/v1/embeddings"), onChat.body());
        assertEquals("embeddings", ledger(chatModel.header("x-request-id")).get("route").s(), "a refusal is recorded too");
        Http.Res empty = embed(key, "{\"model\":\"titan-embed-text-v2\",\"input\":[]}");
        assertEquals(400, empty.status());
        assertEquals("input", empty.error().path("param").asText());
        Http.Res tooMany = embed(key, "{\"model\":\"cohere-embed-english-v3\",\"input\":" + texts(97, "t") + "}");
        assertEquals(400, tooMany.status());
        assertEquals("too_many_inputs", tooMany.error().path("code").asText());
        Http.Res badIds = embed(key, "{\"model\":\"titan-embed-text-v2\",\"input\":[999999999]}");
        assertEquals(400, badIds.status());

        JsonNode models = http.get("/v1/models", "x-api-key", key).json();
        boolean sawEmbedding = false;
        for (JsonNode m : models.path("data")) {
            if (m.path("id").asText().equals("titan-embed-text-v2")) {
                sawEmbedding = true;
                assertEquals("embedding", m.path("kind").asText());
                assertEquals("[256,512,1024]", m.path("embedding").path("dimensions").toString());
                assertEquals("0.02", m.path("pricing").path("input_per_1m_tokens").asText());
            }
            if (m.path("id").asText().equals("nova-micro")) {
                assertEquals("chat", m.path("kind").asText());
            }
        }
        assertTrue(sawEmbedding);
    }

    private static String texts(int n, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("\"" + prefix + i + "\"");
        }
        return "[" + String.join(",", out) + "]";
    }

    private static List<Http.Res> burst(int n, String key, java.util.function.IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Http.Res>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> embed(key, body.apply(k), "cache-control", "no-store")));
            }
            List<Http.Res> out = new ArrayList<>();
            for (Future<Http.Res> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bursts must not straddle a minute boundary: a new window would rightly admit more. */
    private static void awaitRoomInThisMinute() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000);
        }
    }

    @Test
    void a_burst_of_batches_holds_the_request_and_token_limits() throws Exception {
        // 10 texts of 2 characters: each request's estimate is 10 tokens, and the stand-in bills 10 too.
        admin.team("{\"team_id\":\"emb-burst\",\"limits\":{\"rpm\":1000,\"input_tpm\":100,\"output_tpm\":1000}}");
        String key = admin.invokeKey("emb-burst");
        awaitRoomInThisMinute();
        List<Http.Res> results = burst(30, key, k -> "{\"model\":\"cohere-embed-english-v3\",\"input\":" + texts(10, "x") + "}");
        List<Http.Res> ok = results.stream().filter(r -> r.status() == 200).toList();
        List<Http.Res> limited = results.stream().filter(r -> r.status() == 429).toList();
        assertEquals(30, ok.size() + limited.size(), "only 200s and 429s");
        assertEquals(10, ok.size(), "100 tokens per minute / 10 tokens a batch");
        long billed = ok.stream().mapToLong(r -> r.json().path("usage").path("prompt_tokens").asLong()).sum();
        assertEquals(100, billed);
        for (Http.Res r : limited) {
            assertEquals("rate_limit_exceeded", r.error().path("code").asText());
            assertTrue(r.error().path("message").asText().contains("input tokens per minute"), r.body());
            assertNotNull(r.header("retry-after"));
        }
        for (Http.Res r : results) {
            assertEquals("embeddings", ledger(r.header("x-request-id")).get("route").s());
        }

        admin.team("{\"team_id\":\"emb-rpm\",\"limits\":{\"rpm\":5,\"input_tpm\":1000000,\"output_tpm\":1000}}");
        String rpmKey = admin.invokeKey("emb-rpm");
        awaitRoomInThisMinute();
        List<Http.Res> rpm = burst(20, rpmKey, k -> "{\"model\":\"titan-embed-text-v2\",\"input\":" + texts(8, "r" + k + "-") + "}");
        assertEquals(5, rpm.stream().filter(r -> r.status() == 200).count());
        assertEquals(15, rpm.stream().filter(r -> r.status() == 429).count());
    }

    @Test
    void a_burst_of_batches_never_spends_past_the_budget() throws Exception {
        // Cohere v4 at $0.12/1M: 96 texts of 396 characters reserve at most 96 x 398 tokens, $0.00458 a batch.
        admin.team("{\"team_id\":\"emb-budget\",\"limits\":{\"rpm\":1000,\"input_tpm\":10000000,\"output_tpm\":1000},"
                + "\"monthly_budget_usd\":\"0.01\"}");
        String key = admin.invokeKey("emb-budget");
        gateway.bedrock().setLatencyMillis(200);
        List<Http.Res> results;
        try {
            results = burst(16, key, k -> "{\"model\":\"cohere-embed-v4\",\"input\":"
                    + texts(96, ("b" + k + "-").repeat(200).substring(0, 396)) + "}");
        } finally {
            gateway.bedrock().setLatencyMillis(0);
        }
        List<Http.Res> refused = results.stream().filter(r -> r.status() == 429).toList();
        assertFalse(refused.isEmpty(), "some batches must find the budget reserved");
        for (Http.Res r : refused) {
            assertEquals("insufficient_quota", r.error().path("type").asText());
            assertEquals("false", r.header("x-should-retry"));
        }
        BigDecimal spent = results.stream().filter(r -> r.status() == 200)
                .map(r -> new BigDecimal(r.json().path("gateway_metadata").path("cost_usd").asText()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertTrue(spent.compareTo(new BigDecimal("0.01")) <= 0, "spent " + spent);
        assertTrue(spent.signum() > 0);
    }

    @Test
    void usage_reports_and_the_mcp_embed_tool_include_embeddings_by_model() {
        admin.team("{\"team_id\":\"emb-usage\"}");
        String key = admin.invokeKey("emb-usage");
        Http.Res a = embed(key, "{\"model\":\"titan-embed-text-v2\",\"input\":\"usage one\"}");
        Http.Res b = embed(key, "{\"model\":\"cohere-embed-multilingual-v3\",\"input\":[\"uno\",\"dos\"]}");
        assertEquals(200, a.status(), a.body());
        assertEquals(200, b.status(), b.body());
        McpSchema.CallToolResult tool;
        try (McpSyncClient client = mcpClient(key)) {
            assertTrue(client.listTools().tools().stream().anyMatch(t -> t.name().equals("embed")));
            tool = client.callTool(new McpSchema.CallToolRequest("embed",
                    Map.of("model", "titan-embed-text-v2", "input", List.of("from mcp", "usage one"), "dimensions", 256)));
        }
        assertFalse(Boolean.TRUE.equals(tool.isError()), String.valueOf(tool));
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) tool.structuredContent();
        assertEquals(256, ((Number) s.get("dimensions")).intValue());
        assertEquals(2, ((List<?>) s.get("embeddings")).size());
        assertEquals("mcp", ledger((String) s.get("request_id")).get("route").s());
        assertEquals("embed", ledger((String) s.get("request_id")).get("tool").s(), "the ledger names the MCP tool");

        JsonNode usage = http.get("/v1/usage?days=2", "x-api-key", key).json();
        BigDecimal titan = null;
        BigDecimal cohere = null;
        for (JsonNode m : usage.path("by_model")) {
            if (m.path("model").asText().equals("titan-embed-text-v2")) {
                titan = new BigDecimal(m.path("cost_usd").asText());
                assertEquals(2, m.path("requests").asLong(), m.toString());
            }
            if (m.path("model").asText().equals("cohere-embed-multilingual-v3")) {
                cohere = new BigDecimal(m.path("cost_usd").asText());
                assertEquals(b.json().path("usage").path("prompt_tokens").asLong(), m.path("input_tokens").asLong());
            }
        }
        assertNotNull(titan, usage.toString());
        assertNotNull(cohere, usage.toString());
        BigDecimal mcpCost = new BigDecimal((String) s.get("cost_usd"));
        assertEquals(0, titan.compareTo(new BigDecimal(a.json().path("gateway_metadata").path("cost_usd").asText()).add(mcpCost)));
        assertEquals(0, cohere.compareTo(new BigDecimal(b.json().path("gateway_metadata").path("cost_usd").asText())));
        ModelInfo m = CATALOG.resolve("cohere-embed-multilingual-v3").orElseThrow();
        assertEquals(0, cohere.compareTo(cost(m.name(), b.json().path("usage").path("prompt_tokens").asLong())));
    }
}
