package com.llmgateway.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.catalog.ModelInfo;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.chat.ChatRequest;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelMessage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompt arguments of the {@code generate} and {@code compare_models} tools ({@code prompt},
 * {@code messages}, {@code system}, {@code model}, {@code temperature} 0..2, {@code max_tokens}
 * 1..the model's maximum) as the neutral {@link ChatRequest}. A mistake is a
 * {@link ToolInputException} the calling model can read and correct.
 */
final class McpPrompts {

    /** The prompt arguments, checked, before a model is chosen. */
    record Prompt(List<String> system, List<ModelMessage> messages, Double temperature, Long maxTokens) {
    }

    private McpPrompts() {
    }

    /**
     * @param model        the model to call, or null for the arguments' {@code model}, else {@code defaultModel}
     */
    static ChatRequest parse(JsonNode args, String model, String defaultModel, ModelCatalog catalog) {
        Prompt p = check(args);
        String requested = model != null ? model : optionalString(args, "model");
        String name = requested == null ? defaultModel : requested.trim();
        ModelInfo info = catalog.resolve(name).orElseThrow(() -> GatewayException.notFound(
                "The model '" + Echo.cut(name) + "' does not exist or is not offered by this gateway."
                        + " The list_models tool lists the models you can use.", "model", "model_not_found"));
        if (p.maxTokens() != null && p.maxTokens() > info.maxOutputTokens()) {
            throw new ToolInputException("'max_tokens' is " + p.maxTokens() + " but model '" + info.name()
                    + "' produces at most " + info.maxOutputTokens() + " output tokens.");
        }
        return new ChatRequest(name, info, p.system(), p.messages(),
                p.maxTokens() == null ? null : p.maxTokens().intValue(), p.temperature(), null, List.of(), null);
    }

    /** The prompt arguments; throws a {@link ToolInputException} naming the argument. */
    static Prompt check(JsonNode args) {
        List<String> system = new ArrayList<>();
        List<ModelMessage> turns = new ArrayList<>();
        String systemArg = optionalString(args, "system");
        if (systemArg != null && !systemArg.isBlank()) {
            system.add(systemArg);
        }
        JsonNode given = args.get("messages");
        if (given != null && !given.isNull()) {
            if (!given.isArray() || given.isEmpty()) {
                throw new ToolInputException("'messages' must be a non-empty array of {role, content} objects.");
            }
            for (int i = 0; i < given.size(); i++) {
                JsonNode m = given.get(i);
                String role = m.isObject() ? m.path("role").asText("") : "";
                List<String> texts = m.isObject() ? texts(m.get("content")) : null;
                if (texts == null || !(role.equals("system") || role.equals("user") || role.equals("assistant"))) {
                    throw new ToolInputException("'messages[" + i + "]' must be an object with 'role' (system, user or"
                            + " assistant) and 'content' (a string).");
                }
                if (texts.isEmpty()) {
                    throw new ToolInputException("'messages[" + i + "].content' must not be empty.");
                }
                if (role.equals("system")) {
                    system.add(String.join("\n\n", texts));
                } else {
                    ModelMessage.appendMerging(turns, ModelMessage.ofTexts(role.equals("user") ? ModelMessage.Role.USER
                            : ModelMessage.Role.ASSISTANT, texts));
                }
            }
        }
        String prompt = optionalString(args, "prompt");
        if (prompt != null) {
            if (prompt.isBlank()) {
                throw new ToolInputException("'prompt' must not be empty.");
            }
            ModelMessage.appendMerging(turns, ModelMessage.user(prompt));
        }
        if (prompt == null && (given == null || given.isNull())) {
            throw new ToolInputException("give 'prompt' (a string) or 'messages' (an array of {role, content}).");
        }
        if (turns.isEmpty() || turns.get(0).role() != ModelMessage.Role.USER) {
            throw new ToolInputException("the conversation must start with a user message ('prompt' or a 'messages'"
                    + " entry with role 'user').");
        }
        return new Prompt(system, turns, temperature(args.get("temperature")), maxTokens(args.get("max_tokens")));
    }

    /** A message's content as texts (blank ones dropped); null when it is neither a string nor text parts. */
    private static List<String> texts(JsonNode content) {
        List<String> out = new ArrayList<>();
        if (content != null && content.isTextual()) {
            out.add(content.asText());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    return null;
                }
                out.add(part.get("text").asText());
            }
        } else {
            return null;
        }
        out.removeIf(String::isBlank);
        return out;
    }

    private static Double temperature(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0 || v.decimalValue().compareTo(BigDecimal.TWO) > 0) {
            throw new ToolInputException("'temperature' must be a number between 0 and 2.");
        }
        return v.doubleValue();
    }

    private static Long maxTokens(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() <= 0 || !v.canConvertToLong()) {
            throw new ToolInputException("'max_tokens' must be a whole number of at least 1.");
        }
        return v.longValue();
    }


    static String optionalString(JsonNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ToolInputException("'" + field + "' must be a string.");
        }
        return v.asText();
    }
}
