package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.mcp.ToolInputException;
import com.llmgateway.gateway.model.ModelMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code extract_entities}: entities of the given types, one model call per chunk (overlapping
 * chunks, in parallel); the answers merged into one list, de-duplicated by type and text (case and
 * spacing ignored), each with its mentions found in the document by the gateway (whole-word,
 * case-insensitive), so the offsets are exact whatever the model wrote. An entity the model named
 * that the text does not contain is dropped and counted.
 */
final class ExtractEntitiesTool {

    static final String NAME = "extract_entities";
    static final List<String> DEFAULT_TYPES = List.of("person", "organization", "location", "date");
    static final int CHUNK_TOKENS = 3000;
    static final int OVERLAP_TOKENS = 100;
    static final int MAX_TOKENS = 1500;
    static final long EXPECTED_OUTPUT_TOKENS = 400;
    static final int MAX_TYPES = 20;
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9 _-]{0,39}");

    private final ModelCalls calls;
    private final Chunker chunker;

    ExtractEntitiesTool(ModelCalls calls, Chunker chunker) {
        this.calls = calls;
        this.chunker = chunker;
    }

    ObjectNode call(JsonNode args, ToolContext ctx) {
        long started = System.nanoTime();
        String text = Args.text(args, "text");
        List<String> types = types(args.get("types"));
        long documentTokens = chunker.tokens(text);
        ModelInfo model = calls.choose(Args.optionalString(args, "model"), ctx.caller().team(),
                Math.min(documentTokens, CHUNK_TOKENS) + 300, MAX_TOKENS);
        List<Chunker.Chunk> chunks = documentTokens <= CHUNK_TOKENS
                ? List.of(new Chunker.Chunk(0, text.strip(), 0, text.length(), documentTokens))
                : chunker.byTokens(text, CHUNK_TOKENS, OVERLAP_TOKENS);
        long expected = Limits.rounds(chunks.size()) * Limits.expectedCallMs(CHUNK_TOKENS, EXPECTED_OUTPUT_TOKENS);
        if (expected > Limits.TIME_BUDGET_MS) {
            long most = Limits.TIME_BUDGET_MS / Limits.expectedCallMs(CHUNK_TOKENS, EXPECTED_OUTPUT_TOKENS)
                    * Limits.PARALLELISM * (CHUNK_TOKENS - OVERLAP_TOKENS);
            throw new ToolInputException("the text is about " + documentTokens + " tokens: " + chunks.size()
                    + " chunks, about " + expected / 1000 + " s of model calls " + Limits.PARALLELISM + " at a time, over the "
                    + Limits.TIME_BUDGET_MS / 1000 + " s one tool call may take (API Gateway ends a request at 30 s)."
                    + " Send up to about " + most + " tokens per call (chunk_document splits a text) and merge the lists.");
        }
        String system = Prompts.entities(types);
        Meter meter = new Meter();
        Runner.Batch<ModelCalls.Step> batch = Runner.map(chunks.size(), started + Limits.TIME_BUDGET_MS * 1_000_000,
                i -> calls.call(ctx, NAME, model, system, List.of(ModelMessage.user(chunks.get(i).text())), MAX_TOKENS,
                        0.0, meter));
        if (batch.stop() != null && batch.completed() == 0) {
            throw batch.stop().error();
        }

        Map<String, String> found = new LinkedHashMap<>(); // key -> type, first spelling kept below
        Map<String, String> spelling = new LinkedHashMap<>();
        int unparsed = 0;
        for (ModelCalls.Step step : batch.results()) {
            if (step == null) {
                continue;
            }
            Optional<JsonNode> answer = JsonAnswer.parse(step.text());
            JsonNode list = answer.map(a -> a.isArray() ? a : a.path("entities")).orElse(null);
            if (list == null || !list.isArray()) {
                unparsed++;
                continue;
            }
            for (JsonNode e : list) {
                String type = e.path("type").asText("").trim().toLowerCase(Locale.ROOT);
                String name = e.path("text").asText(e.path("name").asText("")).strip().replaceAll("\\s+", " ");
                if (!types.contains(type) || name.isEmpty()) {
                    continue;
                }
                String key = type + "\u0000" + name.toLowerCase(Locale.ROOT);
                found.putIfAbsent(key, type);
                spelling.putIfAbsent(key, name);
            }
        }

        record Entity(String type, String text, List<int[]> mentions) {
        }
        List<Entity> entities = new ArrayList<>();
        int dropped = 0;
        for (var e : found.entrySet()) {
            List<int[]> mentions = mentions(text, spelling.get(e.getKey()));
            if (mentions.isEmpty()) {
                dropped++;
            } else {
                entities.add(new Entity(e.getValue(), spelling.get(e.getKey()), mentions));
            }
        }
        entities.sort((a, b) -> a.mentions().get(0)[0] != b.mentions().get(0)[0]
                ? Integer.compare(a.mentions().get(0)[0], b.mentions().get(0)[0])
                : a.type().compareTo(b.type()));

        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("entities");
        for (Entity e : entities) {
            ObjectNode o = list.addObject().put("type", e.type()).put("text", e.text()).put("count", e.mentions().size());
            ArrayNode m = o.putArray("mentions");
            e.mentions().forEach(span -> m.addObject().put("start", span[0]).put("end", span[1]));
        }
        types.forEach(out.putArray("types")::add);
        out.put("model", model.name());
        out.put("model_id", model.invokeId());
        out.put("document_tokens", documentTokens);
        out.put("chunks", chunks.size());
        out.put("dropped_not_in_text", dropped);
        out.put("unparsed_answers", unparsed);
        out.put("complete", batch.stop() == null);
        if (batch.stop() == null) {
            out.putNull("stopped");
        } else {
            out.set("stopped", batch.stop().toJson(batch.completed(), chunks.size(), "chunks"));
        }
        meter.write(out);
        return out;
    }

    private static List<String> types(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_TYPES;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_TYPES) {
            throw new ToolInputException("'types' must be an array of 1 to " + MAX_TYPES + " entity types, such as"
                    + " [\"person\", \"organization\", \"location\", \"date\"].");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode t : node) {
            String type = t.isTextual() ? t.asText().trim().toLowerCase(Locale.ROOT) : "";
            if (!TYPE.matcher(type).matches()) {
                throw new ToolInputException("each of 'types' must be a name of 1 to 40 letters, digits, spaces, '_'"
                        + " or '-', such as \"person\" or \"product\".");
            }
            out.add(type);
        }
        return List.copyOf(out);
    }

    /** Whole-word, case-insensitive occurrences of {@code name} (its spaces matching any whitespace). */
    static List<int[]> mentions(String text, String name) {
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])");
        String[] words = name.split(" ");
        for (int i = 0; i < words.length; i++) {
            regex.append(i == 0 ? "" : "\\s+").append(Pattern.quote(words[i]));
        }
        regex.append("(?![\\p{L}\\p{N}])");
        Matcher m = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
        List<int[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(new int[]{m.start(), m.end()});
        }
        return out;
    }
}
