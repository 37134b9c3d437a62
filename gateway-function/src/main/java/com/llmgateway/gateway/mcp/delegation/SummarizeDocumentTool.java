package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.mcp.ToolInputException;
import com.llmgateway.gateway.model.ModelMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code summarize_document}: one model call for a document that fits one chunk; else map-reduce:
 * each chunk summarised (in parallel, {@link Limits#PARALLELISM} at a time), then the summaries
 * merged, as many per call as fit a chunk, until one is left. The plan (chunks, calls, rounds,
 * expected seconds) is made before the first call and a document whose plan outlasts
 * {@link Limits#TIME_BUDGET_MS} is refused; a call refused on the way (budget, rate limit) or the
 * deadline stops the tool with the chunk summaries so far and a note.
 */
final class SummarizeDocumentTool {

    static final String NAME = "summarize_document";
    static final int DEFAULT_WORDS = 150;
    static final int MIN_WORDS = 20;
    static final int MAX_WORDS = 2000;
    /** Words of each chunk's summary in a map-reduce. */
    static final int MAX_CHUNK_WORDS = 150;
    static final int DEFAULT_CHUNK_TOKENS = 4000;
    static final int MIN_CHUNK_TOKENS = 500;
    static final int MAX_CHUNK_TOKENS = 32_000;
    /** Room for the system prompt and the chat template around a chunk. */
    static final int PROMPT_TOKENS = 200;

    private final ModelCalls calls;
    private final Chunker chunker;

    SummarizeDocumentTool(ModelCalls calls, Chunker chunker) {
        this.calls = calls;
        this.chunker = chunker;
    }

    /** Output tokens allowed for a summary of {@code words} words: English runs about 1.3 tokens a word. */
    static int maxTokens(int words) {
        return Math.max(64, words * 2 + 32);
    }

    static long expectedOutput(int words) {
        return words * 4L / 3;
    }

    /** The plan of a map-reduce over {@code chunks} chunks: model calls and rounds. */
    record Plan(int chunks, int calls, long rounds, long expectedMs) {
    }

    static Plan plan(int chunks, int chunkTokens, int chunkWords) {
        if (chunks <= 1) {
            return new Plan(1, 1, 1, Limits.expectedCallMs(chunkTokens, expectedOutput(chunkWords)));
        }
        int fanIn = fanIn(chunkTokens, chunkWords);
        int total = chunks;
        long rounds = Limits.rounds(chunks);
        for (int level = chunks; level > 1; ) {
            level = (level + fanIn - 1) / fanIn;
            total += level;
            rounds += Limits.rounds(level);
        }
        return new Plan(chunks, total, rounds, rounds * Limits.expectedCallMs(chunkTokens, expectedOutput(chunkWords)));
    }

    /** Summaries merged per call: as many as fit a chunk at their largest. */
    static int fanIn(int chunkTokens, int chunkWords) {
        return Math.max(2, chunkTokens / maxTokens(chunkWords));
    }

    /** The largest document, in estimated tokens, whose plan fits the time budget with these chunks. */
    static long maxDocumentTokens(int chunkTokens, int words) {
        int chunkWords = Math.min(words, MAX_CHUNK_WORDS);
        int n = 1;
        while (plan(n + 1, chunkTokens, chunkWords).expectedMs() <= Limits.TIME_BUDGET_MS) {
            n++;
        }
        return (long) n * chunkTokens;
    }

    ObjectNode call(JsonNode args, ToolContext ctx) {
        long started = System.nanoTime();
        String text = Args.text(args, "text");
        boolean bullets = Args.optionalEnum(args, "format", "paragraph", "paragraph", "bullets").equals("bullets");
        Integer w = Args.optionalInt(args, "target_words", MIN_WORDS, MAX_WORDS);
        int words = w == null ? DEFAULT_WORDS : w;
        Integer ct = Args.optionalInt(args, "chunk_tokens", MIN_CHUNK_TOKENS, MAX_CHUNK_TOKENS);
        long documentTokens = chunker.tokens(text);
        int requestedChunk = ct == null ? DEFAULT_CHUNK_TOKENS : ct;

        ModelInfo model = calls.choose(Args.optionalString(args, "model"), ctx.caller().team(),
                Math.min(documentTokens, requestedChunk) + PROMPT_TOKENS, maxTokens(words));
        int chunkTokens = (int) Math.min(requestedChunk, model.contextWindow() - maxTokens(words) - PROMPT_TOKENS);
        if (chunkTokens < MIN_CHUNK_TOKENS) {
            throw new ToolInputException("model '" + model.name() + "' has too small a context window ("
                    + model.contextWindow() + " tokens) for a summary of " + words + " words.");
        }
        List<Chunker.Chunk> chunks = documentTokens <= chunkTokens
                ? List.of(new Chunker.Chunk(0, text.strip(), 0, text.length(), documentTokens))
                : chunker.byTokens(text, chunkTokens, 0);
        int chunkWords = chunks.size() == 1 ? words : Math.min(words, MAX_CHUNK_WORDS);
        Plan plan = plan(chunks.size(), chunkTokens, chunkWords);
        if (plan.expectedMs() > Limits.TIME_BUDGET_MS) {
            throw new ToolInputException("the document is about " + documentTokens + " tokens: " + chunks.size()
                    + " chunks of up to " + chunkTokens + " tokens, " + plan.calls() + " model calls in " + plan.rounds()
                    + " rounds of " + Limits.PARALLELISM + ", about " + plan.expectedMs() / 1000 + " s, over the "
                    + Limits.TIME_BUDGET_MS / 1000 + " s one tool call may take (API Gateway ends a request at 30 s)."
                    + " This gateway summarises up to about " + maxDocumentTokens(chunkTokens, words)
                    + " tokens in one call: split the text (chunk_document), summarise the parts in separate calls,"
                    + " then summarise their summaries.");
        }
        long deadline = started + Limits.TIME_BUDGET_MS * 1_000_000;
        Meter meter = new Meter();

        ObjectNode out = Json.object();
        List<String> summaries;
        Runner.Stop stop;
        // Map: each chunk on its own (a single-chunk document is summarised at once).
        Runner.Batch<ModelCalls.Step> mapped = Runner.map(chunks.size(), deadline, i -> calls.call(ctx, NAME, model,
                Prompts.summary(chunkWords, bullets,
                        chunks.size() == 1 ? 0 : i + 1, chunks.size(), false),
                List.of(ModelMessage.user(chunks.get(i).text())), maxTokens(chunkWords), null, meter));
        stop = mapped.stop();
        summaries = new ArrayList<>();
        for (ModelCalls.Step s : mapped.results()) {
            summaries.add(s == null ? null : s.text().strip());
        }
        if (stop != null && mapped.completed() == 0) {
            throw stop.error();
        }
        String summary = null;
        int fanIn = fanIn(chunkTokens, chunkWords);
        List<String> level = summaries;
        if (stop == null) {
            if (chunks.size() == 1) {
                summary = level.get(0);
            }
            while (stop == null && level.size() > 1) {
                List<String> current = level;
                int groups = (current.size() + fanIn - 1) / fanIn;
                boolean last = groups == 1;
                Runner.Batch<ModelCalls.Step> merged = Runner.map(groups, deadline, g -> {
                    List<String> group = current.subList(g * fanIn, Math.min(current.size(), (g + 1) * fanIn));
                    return calls.call(ctx, NAME, model, Prompts.summary(last ? words : chunkWords, bullets, 0, 0, true),
                            List.of(ModelMessage.user(String.join("\n\n", group))), maxTokens(last ? words : chunkWords),
                            null, meter);
                });
                stop = merged.stop();
                List<String> next = new ArrayList<>();
                merged.results().forEach(s -> next.add(s == null ? null : s.text().strip()));
                level = next;
                if (stop == null && level.size() == 1) {
                    summary = level.get(0);
                }
            }
        }
        out.put("summary", summary);
        out.put("format", bullets ? "bullets" : "paragraph");
        out.put("target_words", words);
        out.put("model", model.name());
        out.put("model_id", model.invokeId());
        out.put("document_tokens", documentTokens);
        out.put("chunks", chunks.size());
        out.put("chunk_tokens", chunkTokens);
        out.put("map_reduce", chunks.size() > 1);
        ObjectNode p = out.putObject("plan");
        p.put("model_calls", plan.calls()).put("rounds", plan.rounds()).put("parallelism", Limits.PARALLELISM)
                .put("expected_seconds", plan.expectedMs() / 1000.0).put("time_budget_seconds", Limits.TIME_BUDGET_MS / 1000);
        out.put("complete", summary != null);
        if (stop == null) {
            out.putNull("stopped");
        } else {
            out.set("stopped", stop.toJson(meter.completed(), plan.calls(), "planned model calls"));
        }
        if (chunks.size() > 1) {
            ArrayNode list = out.putArray("chunk_summaries");
            for (int i = 0; i < chunks.size(); i++) {
                ObjectNode c = list.addObject().put("index", i).put("start", chunks.get(i).start())
                        .put("end", chunks.get(i).end()).put("tokens", chunks.get(i).tokens());
                c.put("summary", summaries.get(i));
            }
        }
        meter.write(out);
        return out;
    }
}
