package com.llmgateway.gateway.embeddings;

import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.cache.CacheControl;
import com.llmgateway.gateway.cache.StoreResult;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.testing.Callers;
import com.llmgateway.gateway.testing.RecordingMetering;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingServiceTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load(Map.of());

    /** A model that answers each text with a vector of its length, and a count of its own or none. */
    private static final class FakeEmbedder implements EmbeddingClient {
        final List<EmbeddingCall> calls = new ArrayList<>();
        boolean reportsTokens = true;

        @Override
        public Embeddings embed(EmbeddingCall call) {
            calls.add(call);
            List<float[]> vectors = new ArrayList<>();
            List<Long> tokens = new ArrayList<>();
            for (String t : call.texts()) {
                float[] v = new float[call.dimensions()];
                v[0] = t.length();
                vectors.add(v);
                tokens.add(reportsTokens ? 10L * t.length() : 1L);
            }
            return new Embeddings(vectors, tokens, !reportsTokens);
        }
    }

    /** The port's contract in memory: entries by scope and key, expiry honoured. */
    private static final class MemoryCache implements EmbeddingCache {
        final Map<String, Entry> entries = new HashMap<>();

        @Override
        public Map<String, Entry> lookup(String scope, List<String> keys, long maxAgeSeconds, Instant now) {
            Map<String, Entry> out = new HashMap<>();
            for (String k : keys) {
                Entry e = entries.get(scope + "/" + k);
                if (e != null) {
                    out.put(k, e);
                }
            }
            return out;
        }

        @Override
        public StoreResult store(String scope, Map<String, Entry> stored, long ttlSeconds, Instant now) {
            stored.forEach((k, e) -> entries.put(scope + "/" + k, new Entry(e.vector(), e.tokens(), e.estimated(), now)));
            return StoreResult.STORED;
        }
    }

    private final FakeEmbedder embedder = new FakeEmbedder();
    private final MemoryCache cache = new MemoryCache();
    private final RecordingMetering metering = new RecordingMetering();
    private final EmbeddingService service = new EmbeddingService(embedder, metering, metering, cache, 1 << 20, 3600,
            Clock.systemUTC());
    private final EmbeddingRequestParser parser = new EmbeddingRequestParser(CATALOG);
    private int ids;

    private EmbeddingResult embed(String body) {
        return service.embed(new ChatCall(Callers.invoker(), "req-" + (++ids), EmbeddingService.ROUTE, null, body.length()),
                () -> parser.parse(body));
    }

    @Test
    void a_request_costs_its_tokens_at_the_catalog_price_and_is_recorded_once_under_embeddings() {
        EmbeddingResult r = embed("{\"model\":\"titan-embed-text-v2\",\"input\":[\"abc\",\"defgh\"],\"dimensions\":256}");
        assertEquals(80, r.promptTokens());
        assertEquals(0, new BigDecimal("0.0000016").compareTo(r.costUsd()), "80 tokens x $0.02/1M");
        assertEquals(256, r.vectors().get(0).length);
        assertEquals(1, metering.outcomes.size());
        Outcome o = metering.outcomes.get(0);
        assertEquals("embeddings", o.route());
        assertEquals(80, o.usage().inputTokens());
        assertEquals(0, o.usage().outputTokens());
        assertFalse(o.tokensEstimated());
        assertEquals(0, r.costUsd().compareTo(o.costUsd()));
        // The window holds the estimate (ceil(3/4) + ceil(5/4)); the budget the bound (bytes + 2 each).
        assertEquals(3, metering.admitted.get(0).estimatedInputTokens());
        assertEquals(0, new BigDecimal("0.00000024").compareTo(metering.admitted.get(0).maxCostUsd()));
    }

    @Test
    void a_batch_is_answered_partly_from_the_cache_and_only_the_new_texts_are_billed() {
        EmbeddingResult first = embed("{\"model\":\"cohere-embed-english-v3\",\"input\":[\"one\",\"three\"]}");
        EmbeddingResult second = embed("{\"model\":\"cohere-embed-english-v3\",\"input\":[\"three\",\"fours\",\"three\"]}");
        assertEquals(List.of("fours"), embedder.calls.get(1).texts(), "each missing text once, the cached one not at all");
        assertEquals(2, second.cachedInputs());
        assertFalse(second.cached());
        assertEquals(150, second.promptTokens());
        assertEquals(50, second.billedTokens());
        assertArrayEquals(first.vectors().get(1), second.vectors().get(0));
        Outcome o = metering.outcomes.get(1);
        assertEquals(50, o.usage().inputTokens());
        assertEquals(0, new BigDecimal("0.000005").compareTo(o.costUsd()), "50 tokens x $0.10/1M");
        assertEquals(0, new BigDecimal("0.00001").compareTo(o.costSavedUsd()), "100 cached tokens");

        EmbeddingResult third = embed("{\"model\":\"cohere-embed-english-v3\",\"input\":\"fours\"}");
        assertTrue(third.cached());
        assertEquals(0, third.costUsd().signum());
        assertTrue(metering.outcomes.get(2).cached());
        assertEquals(2, embedder.calls.size());
    }

    @Test
    void an_estimated_count_is_marked_in_the_ledger() {
        embedder.reportsTokens = false;
        EmbeddingResult r = embed("{\"model\":\"cohere-embed-v4\",\"input\":\"no count\"}");
        assertTrue(r.estimated());
        assertTrue(metering.outcomes.get(0).tokensEstimated());
    }

    @Test
    void a_refused_body_is_recorded_and_answered_in_openai_shape() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> embed("{\"model\":\"titan-embed-text-v2\",\"input\":\"x\",\"dimensions\":7}"));
        assertEquals(400, e.status());
        assertEquals("dimensions", e.param());
        GatewayException chat = assertThrows(GatewayException.class, () -> embed("{\"model\":\"nova-micro\",\"input\":\"x\"}"));
        assertEquals("wrong_model_kind", chat.code());
        assertTrue(chat.getMessage().contains("/v1/chat/completions"));
        assertEquals(2, metering.outcomes.size());
        assertEquals(400, metering.outcomes.get(0).statusCode());
        assertTrue(embedder.calls.isEmpty());
    }

    @Test
    void token_ids_are_decoded_with_cl100k_base() {
        // tiktoken: cl100k_base.encode("hello world") == [15339, 1917]
        EmbeddingRequest r = parser.parse("{\"model\":\"titan-embed-text-v2\",\"input\":[[15339,1917],[15339]]}");
        assertEquals(List.of("hello world", "hello"), r.texts());
        assertEquals(List.of("hello world"), parser.parse("{\"model\":\"titan-embed-text-v2\",\"input\":[15339,1917]}").texts());
        assertThrows(GatewayException.class, () -> parser.parse("{\"model\":\"titan-embed-text-v2\",\"input\":[[-1]]}"));
        assertThrows(GatewayException.class, () -> parser.parse("{\"model\":\"titan-embed-text-v2\",\"input\":[\"a\",1]}"));
        assertThrows(GatewayException.class, () -> parser.parse("{\"model\":\"titan-embed-text-v2\",\"input\":[1,\"a\"]}"));
    }

    @Test
    void a_batch_total_is_shared_out_exactly() {
        List<Long> parts = com.llmgateway.gateway.bedrock.BedrockEmbeddingClientShare.share(101, List.of(1L, 2L, 3L));
        assertEquals(101, parts.stream().mapToLong(Long::longValue).sum());
        assertEquals(List.of(17L, 34L, 50L), parts);
        assertEquals(CacheControl.NO_MAX_AGE, Long.MAX_VALUE);
    }
}
