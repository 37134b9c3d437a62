package com.llmgateway.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's deterministic answers to the prompts of the gateway's MCP delegation tools,
 * recognised by the first sentence of the system prompt (the gateway's {@code mcp.delegation.Prompts}):
 * <ul>
 *   <li>{@code You summarise documents.}: the first sentence of each paragraph (or {@code - } line) of
 *   the user's text, as many as fit {@code at most N words}, as one paragraph or, when the prompt asks
 *   for a {@code bulleted list}, one {@code - } line each;</li>
 *   <li>{@code You extract structured data from text.}: a value built from the JSON Schema that follows
 *   {@code JSON Schema:} ({@link ConverseReplies#example}), as compact JSON;</li>
 *   <li>{@code You extract named entities from text.}: {@code {"entities": [...]}} of the types listed
 *   after {@code Entity types:}, found by rule: dates (ISO, "5 June 1833", "June 5, 1833"), runs of
 *   capitalised words ending in an organisation word (Inc, Corp, Society, University...) as
 *   organizations, a capitalised run after "in", "at", "from" or "to" as a location, other runs of
 *   two or more capitalised words as persons; each distinct text once, in order of appearance.</li>
 * </ul>
 * Anything else is not a delegation prompt (null).
 */
final class DelegationReplies {

    static final String SUMMARY = "You summarise documents.";
    static final String EXTRACT_JSON = "You extract structured data from text.";
    static final String ENTITIES = "You extract named entities from text.";

    private static final Pattern WORDS = Pattern.compile("at most (\\d+) words");
    private static final Pattern TYPES = Pattern.compile("Entity types: ([^.]+)\\.");
    private static final String MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
    private static final Pattern DATE = Pattern.compile("\\b(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2} " + MONTH + " \\d{4}|"
            + MONTH + " \\d{1,2}, \\d{4})\\b");
    private static final Pattern CAPITALISED = Pattern.compile("\\b[A-Z][a-zA-Z]+(?:\\s+[A-Z][a-zA-Z]+)*\\b");
    private static final Set<String> ORGANIZATION_WORDS = Set.of("Inc", "Corp", "Corporation", "Ltd", "LLC", "Bank",
            "University", "Institute", "Agency", "Company", "Group", "Foundation", "Association", "Society", "Council",
            "Ministry", "Department", "Labs", "Systems");
    private static final Set<String> PLACE_WORDS = Set.of("in", "at", "from", "to");

    private DelegationReplies() {
    }

    /** The answer to a delegation prompt, or null when the system prompt is none of them. */
    static String reply(JsonNode system, String userText) {
        String prompt = system.isArray() && !system.isEmpty() ? system.get(0).path("text").asText("") : "";
        if (prompt.startsWith(SUMMARY)) {
            Matcher m = WORDS.matcher(prompt);
            return summary(userText, m.find() ? Integer.parseInt(m.group(1)) : 100, prompt.contains("bulleted list"));
        }
        if (prompt.startsWith(EXTRACT_JSON)) {
            int at = prompt.indexOf("JSON Schema:\n");
            JsonNode schema = at < 0 ? Json.object() : Json.parse(prompt.substring(at + "JSON Schema:\n".length()));
            return Json.write(ConverseReplies.example(schema));
        }
        if (prompt.startsWith(ENTITIES)) {
            Matcher m = TYPES.matcher(prompt);
            List<String> types = m.find() ? Arrays.stream(m.group(1).split(",")).map(String::trim).toList() : List.of();
            return entities(userText, types);
        }
        return null;
    }

    static String summary(String text, int maxWords, boolean bullets) {
        List<String> sentences = new ArrayList<>();
        for (String unit : text.split("\\n\\s*\\n|\\n(?=- )")) {
            String u = unit.strip().replaceFirst("^- ", "").replaceAll("\\s+", " ");
            if (u.isEmpty()) {
                continue;
            }
            Matcher end = Pattern.compile("[.!?](?=\\s|$)").matcher(u);
            sentences.add(end.find() ? u.substring(0, end.end()) : u);
        }
        List<String> kept = new ArrayList<>();
        int words = 0;
        for (String s : sentences) {
            int n = s.split(" ").length;
            if (words + n > maxWords) {
                if (kept.isEmpty()) {
                    kept.add(String.join(" ", Arrays.asList(s.split(" ")).subList(0, maxWords)));
                }
                break;
            }
            kept.add(s);
            words += n;
        }
        return bullets ? "- " + String.join("\n- ", kept) : String.join(" ", kept);
    }

    static String entities(String text, List<String> types) {
        Set<String> seen = new LinkedHashSet<>();
        List<int[]> spans = new ArrayList<>();
        List<String[]> found = new ArrayList<>();
        Matcher d = DATE.matcher(text);
        while (d.find()) {
            if (types.contains("date") && seen.add("date:" + d.group())) {
                found.add(new String[]{"date", d.group()});
                spans.add(new int[]{d.start()});
            }
        }
        Matcher c = CAPITALISED.matcher(text);
        while (c.find()) {
            String run = c.group();
            if (run.matches(MONTH + "|" + MONTH + " .*") || overlapsDate(text, c.start(), c.end())) {
                continue;
            }
            String[] words = run.split("\\s+");
            String before = previousWord(text, c.start());
            String type;
            if (ORGANIZATION_WORDS.contains(words[words.length - 1])) {
                type = "organization";
            } else if (before != null && PLACE_WORDS.contains(before)) {
                type = "location";
            } else if (words.length >= 2) {
                type = "person";
            } else {
                continue;
            }
            if (types.contains(type) && seen.add(type + ":" + run)) {
                found.add(new String[]{type, run});
                spans.add(new int[]{c.start()});
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(spans.get(a)[0], spans.get(b)[0]));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("entities");
        for (int i : order) {
            list.addObject().put("type", found.get(i)[0]).put("text", found.get(i)[1]);
        }
        return Json.write(out);
    }

    private static boolean overlapsDate(String text, int start, int end) {
        Matcher d = DATE.matcher(text);
        while (d.find()) {
            if (d.start() < end && start < d.end()) {
                return true;
            }
        }
        return false;
    }

    /** The word before {@code at} (lower case), or null at the start of the text or of a sentence. */
    private static String previousWord(String text, int at) {
        int i = at - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        int end = i + 1;
        while (i >= 0 && Character.isLetter(text.charAt(i))) {
            i--;
        }
        return end > i + 1 ? text.substring(i + 1, end).toLowerCase(Locale.ROOT) : null;
    }
}
