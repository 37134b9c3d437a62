package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.llmgateway.core.json.Json;

import java.util.Optional;

/**
 * A model's answer read as JSON: the whole answer, else the answer inside a Markdown code fence,
 * else the text from its first {@code {} or {@code [} to the last matching bracket (models that
 * were told "JSON only" still add a sentence now and then).
 */
final class JsonAnswer {

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonAnswer() {
    }

    static Optional<JsonNode> parse(String answer) {
        String t = answer == null ? "" : answer.strip();
        Optional<JsonNode> whole = tryParse(t);
        if (whole.isPresent()) {
            return whole;
        }
        int fence = t.indexOf("```");
        if (fence >= 0) {
            int body = t.indexOf('\n', fence);
            int close = body < 0 ? -1 : t.indexOf("```", body);
            if (close > body) {
                Optional<JsonNode> fenced = tryParse(t.substring(body + 1, close).strip());
                if (fenced.isPresent()) {
                    return fenced;
                }
            }
        }
        int object = t.indexOf('{');
        int array = t.indexOf('[');
        int start = object < 0 ? array : array < 0 ? object : Math.min(object, array);
        if (start >= 0) {
            char close = t.charAt(start) == '{' ? '}' : ']';
            int end = t.lastIndexOf(close);
            if (end > start) {
                return tryParse(t.substring(start, end + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> tryParse(String s) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = READER.readTree(s);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
