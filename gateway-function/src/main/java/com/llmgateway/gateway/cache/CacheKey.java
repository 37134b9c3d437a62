package com.llmgateway.gateway.cache;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.gateway.chat.ChatRequest;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolSpec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The response-cache key of a request: the SHA-256 (lower-case hex) of its canonical form.
 *
 * <p>The canonical form is built from the neutral {@link ChatRequest}, so it holds exactly what
 * the model is asked, whichever protocol asked it: the Bedrock id the gateway will call
 * ({@code ModelInfo#invokeId()}, so an alias and the model's name share entries), the system
 * prompts, the turns with their blocks (text, tool calls, tool results), every inference
 * parameter, the tools and the tool choice. What cannot change the answer is not in the request,
 * so it cannot split the key: the model as written, {@code user}, streaming, a protocol's field
 * names and spellings ({@code max_tokens} or {@code max_completion_tokens}, a string or a one-part
 * content array, {@code 0.70} or {@code 0.7}).
 *
 * <p>Objects are written with sorted keys and no whitespace, numbers in their shortest plain form.
 * The form carries a version number, so a change to these rules never matches old entries.
 *
 * @param hash 64 lower-case hex characters
 */
public record CacheKey(String hash) {

    /** Bumped whenever the canonical form changes, so old entries are never read as new ones. */
    static final int FORM_VERSION = 2;
    private static final java.util.regex.Pattern HEX_64 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public CacheKey {
        Objects.requireNonNull(hash, "hash");
        if (!HEX_64.matcher(hash).matches()) {
            throw new IllegalArgumentException("a cache key is 64 lower-case hex characters");
        }
    }

    /** The key of a validated request. */
    public static CacheKey of(ChatRequest request) {
        return new CacheKey(sha256(canonicalForm(request)));
    }

    /** The canonical text that is hashed (package-private: tests compare it; it holds prompt text, never log it). */
    static String canonicalForm(ChatRequest r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode form = f.objectNode();
        form.put("v", FORM_VERSION);
        form.put("model_id", r.model().invokeId());
        ArrayNode system = form.putArray("system");
        r.system().forEach(system::add);
        ArrayNode messages = form.putArray("messages");
        for (ModelMessage m : r.messages()) {
            ObjectNode turn = messages.addObject();
            turn.put("role", m.role().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode blocks = turn.putArray("content");
            for (ContentBlock b : m.content()) {
                switch (b) {
                    case ContentBlock.Text t -> blocks.addObject().put("text", t.text());
                    case ContentBlock.ToolUse u -> blocks.addObject().putObject("tool_use")
                            .put("id", u.id()).put("name", u.name()).set("input", u.input());
                    case ContentBlock.ToolResult res -> {
                        ObjectNode o = blocks.addObject().putObject("tool_result").put("id", res.toolUseId());
                        ArrayNode texts = o.putArray("texts");
                        res.texts().forEach(texts::add);
                    }
                }
            }
        }
        if (r.maxTokens() != null) {
            form.put("max_tokens", r.maxTokens());
        }
        number(form, "temperature", r.temperature());
        number(form, "top_p", r.topP());
        if (!r.stop().isEmpty()) {
            ArrayNode stop = form.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (r.tools() != null) {
            ArrayNode tools = form.putArray("tools");
            for (ToolSpec t : r.tools().tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name());
                if (t.description() != null) {
                    tool.put("description", t.description());
                }
                tool.set("input_schema", t.inputSchema());
            }
            ObjectNode choice = form.putObject("tool_choice").put("mode", r.tools().choice().mode().name());
            if (r.tools().choice().name() != null) {
                choice.put("name", r.tools().choice().name());
            }
        }
        return CanonicalJson.write(form);
    }

    private static void number(ObjectNode form, String name, Double value) {
        if (value != null) {
            form.put(name, BigDecimal.valueOf(value).stripTrailingZeros());
        }
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return hash;
    }
}
