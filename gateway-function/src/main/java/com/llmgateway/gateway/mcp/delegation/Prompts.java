package com.llmgateway.gateway.mcp.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;

import java.util.List;

/**
 * The system prompts the delegation tools send. They are written for real models on Bedrock
 * (short, one task, the output format spelled out, the answer only); the Bedrock stand-in of the
 * local runtime recognises each by its first sentence and answers it deterministically, so these
 * first sentences and the {@code at most N words}, {@code bulleted list}, {@code Entity types:} and
 * {@code JSON Schema:} phrases are a contract with {@code ConverseReplies} in local-runtime.
 */
final class Prompts {

    static final String SUMMARY = "You summarise documents.";
    static final String EXTRACT_JSON = "You extract structured data from text.";
    static final String ENTITIES = "You extract named entities from text.";

    private Prompts() {
    }

    /**
     * @param part  1-based part number, or 0 for a whole document
     * @param parts the document's parts
     * @param merge whether the user's message holds summaries of parts to merge
     */
    static String summary(int words, boolean bullets, int part, int parts, boolean merge) {
        String shape = bullets
                ? "as a bulleted list: one point per line, each line starting with \"- \""
                : "as one paragraph of plain prose";
        String task = merge
                ? " The user's message holds summaries of consecutive parts of one document, in order; merge them"
                        + " into one summary of the whole document, in at most " + words + " words, " + shape + "."
                : part > 0
                        ? " The user's message is part " + part + " of " + parts + " of a longer document; summarise"
                                + " this part on its own in at most " + words + " words, " + shape + "."
                        : " Summarise the text in the user's message in at most " + words + " words, " + shape + ".";
        return SUMMARY + task + " Keep names, numbers and dates exactly as the text gives them and add nothing the"
                + " text does not say. Reply with the summary only, without a title or a preamble.";
    }

    /** The schema comes last: the whole rest of the prompt after {@code JSON Schema:} is the schema. */
    static String extractJson(JsonNode schema) {
        return EXTRACT_JSON + " Reply with one JSON value that conforms to the JSON Schema below and nothing else:"
                + " no prose and no Markdown code fences. Take every value from the text; leave out a property the"
                + " schema does not require when the text gives no value for it.\n\nJSON Schema:\n" + Json.write(schema);
    }

    static String retryJson(String problems) {
        return "That answer does not conform to the JSON Schema: " + problems
                + " Reply again with only the corrected JSON value.";
    }

    static String entities(List<String> types) {
        return ENTITIES + " Entity types: " + String.join(", ", types) + "."
                + " Reply with only a JSON object of the form {\"entities\": [{\"type\": \"" + types.get(0)
                + "\", \"text\": \"...\"}]}: one entry per distinct entity, \"type\" one of the entity types above,"
                + " \"text\" the entity exactly as it is written in the text. List an entity once even when it occurs"
                + " several times. No prose and no Markdown code fences; {\"entities\": []} when there are none.";
    }
}
