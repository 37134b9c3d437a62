package com.llmgateway.gateway.converse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Bedrock Converse request body as an OpenAI chat completion body, for the chat pipeline.
 *
 * <p>Mapped: {@code messages} (roles user and assistant, {@code text} content blocks),
 * {@code system} ({@code text} blocks), {@code inferenceConfig} ({@code maxTokens},
 * {@code temperature}, {@code topP}, {@code stopSequences}). Ignored, as they change nothing
 * the caller sees: {@code cachePoint} blocks, {@code requestMetadata}, {@code performanceConfig}.
 * Refused with a 400 naming the field: every other content block (image, document, video,
 * toolUse, toolResult, guardContent, reasoningContent...), {@code toolConfig},
 * {@code guardrailConfig}, {@code additionalModelRequestFields},
 * {@code additionalModelResponseFieldPaths} and {@code promptVariables}. Field errors name the
 * Converse field (e.g. {@code messages[1].content[0]}).
 */
final class ConverseRequests {

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> UNSUPPORTED_FIELDS = List.of("toolConfig", "guardrailConfig",
            "additionalModelRequestFields", "additionalModelResponseFieldPaths", "promptVariables");
    private static final Set<String> INFERENCE_FIELDS = Set.of("maxTokens", "temperature", "topP", "stopSequences");

    private ConverseRequests() {
    }

    /** The OpenAI chat body for {@code modelName}; throws a 400 naming the Converse field. */
    static ObjectNode toChatBody(String body, String modelName) {
        JsonNode root = read(body);
        for (String field : UNSUPPORTED_FIELDS) {
            JsonNode v = root.get(field);
            if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                throw invalid("'" + field + "' is not supported by this gateway yet.", field);
            }
        }
        ObjectNode chat = Json.object();
        chat.put("model", modelName);
        ArrayNode messages = chat.putArray("messages");
        JsonNode system = root.get("system");
        if (system != null && !system.isNull()) {
            List<String> texts = texts(system, "system", false);
            if (!texts.isEmpty()) {
                messages.addObject().put("role", "system").put("content", String.join("\n\n", texts));
            }
        }
        JsonNode turns = root.get("messages");
        if (turns == null || turns.isNull()) {
            throw invalid("Missing required field 'messages'.", "messages");
        }
        if (!turns.isArray() || turns.isEmpty()) {
            throw invalid("'messages' must be a non-empty array of {role, content} messages.", "messages");
        }
        for (int i = 0; i < turns.size(); i++) {
            String where = "messages[" + i + "]";
            JsonNode m = turns.get(i);
            if (!m.isObject()) {
                throw invalid("'" + where + "' must be an object with 'role' and 'content'.", where);
            }
            String role = m.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw invalid("'" + where + ".role' must be 'user' or 'assistant'.", where + ".role");
            }
            List<String> texts = texts(m.get("content"), where + ".content", true);
            ArrayNode parts = messages.addObject().put("role", role).putArray("content");
            texts.forEach(t -> parts.addObject().put("type", "text").put("text", t));
        }
        inference(root.get("inferenceConfig"), chat);
        return chat;
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("The request body is empty; send a Converse request with 'messages'.", null);
        }
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON.", null);
        } catch (IOException e) {
            throw invalid("The request body could not be read.", null);
        }
        if (root == null || !root.isObject()) {
            throw invalid("The request body must be a JSON object.", null);
        }
        return root;
    }

    /** The text of a content (or system) block list; other blocks are refused by name. */
    private static List<String> texts(JsonNode blocks, String where, boolean required) {
        if (blocks == null || blocks.isNull()) {
            if (required) {
                throw invalid("Missing required field '" + where + "'.", where);
            }
            return List.of();
        }
        if (!blocks.isArray()) {
            throw invalid("'" + where + "' must be an array of content blocks such as {\"text\": \"...\"}.", where);
        }
        List<String> texts = new ArrayList<>();
        for (int j = 0; j < blocks.size(); j++) {
            String at = where + "[" + j + "]";
            JsonNode block = blocks.get(j);
            if (!block.isObject() || block.isEmpty()) {
                throw invalid("'" + at + "' must be a content block such as {\"text\": \"...\"}.", at);
            }
            if (block.has("cachePoint") && block.size() == 1) {
                continue; // a prompt-caching hint: the answer is the same without it
            }
            JsonNode text = block.get("text");
            if (text == null) {
                String kind = block.fieldNames().next();
                throw invalid("Content block '" + kind + "' at '" + at + "' is not supported by this gateway yet;"
                        + " send text blocks.", at + "." + kind);
            }
            if (!text.isTextual()) {
                throw invalid("'" + at + ".text' must be a string.", at + ".text");
            }
            if (!text.asText().isBlank()) {
                texts.add(text.asText());
            }
        }
        if (required && texts.isEmpty()) {
            throw invalid("'" + where + "' must hold at least one non-empty text block.", where);
        }
        return texts;
    }

    private static void inference(JsonNode config, ObjectNode chat) {
        if (config == null || config.isNull()) {
            return;
        }
        if (!config.isObject()) {
            throw invalid("'inferenceConfig' must be an object.", "inferenceConfig");
        }
        config.fieldNames().forEachRemaining(f -> {
            if (!INFERENCE_FIELDS.contains(f)) {
                throw invalid("'inferenceConfig." + f + "' is not a Converse inference parameter;"
                        + " use maxTokens, temperature, topP, stopSequences.", "inferenceConfig." + f);
            }
        });
        copyNumber(config, "maxTokens", chat, "max_tokens", true);
        copyNumber(config, "temperature", chat, "temperature", false);
        copyNumber(config, "topP", chat, "top_p", false);
        JsonNode stops = config.get("stopSequences");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray()) {
                throw invalid("'inferenceConfig.stopSequences' must be an array of strings.", "inferenceConfig.stopSequences");
            }
            if (!stops.isEmpty()) {
                chat.set("stop", stops.deepCopy());
            }
        }
    }

    private static void copyNumber(JsonNode config, String field, ObjectNode chat, String to, boolean integral) {
        JsonNode v = config.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (integral ? !v.isIntegralNumber() : !v.isNumber()) {
            throw invalid("'inferenceConfig." + field + "' must be " + (integral ? "a whole number." : "a number."),
                    "inferenceConfig." + field);
        }
        chat.set(to, v.deepCopy());
    }

    static GatewayException invalid(String message, String field) {
        return GatewayException.badRequest(message, field, "validation_error");
    }
}
