package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.ModelResult;

import java.math.BigDecimal;
import java.util.List;

/** The OpenAI {@code chat.completion} body, plus the gateway's {@code gateway_metadata}. */
final class ChatCompletionJson {

    /**
     * What gateway_metadata carries besides the result.
     *
     * @param stopReason Bedrock's stop reason as sent (e.g. {@code stop_sequence}, which OpenAI's
     *                   finish reason folds into {@code stop}); null when unknown (a cache entry
     *                   written before it was kept), and then left out
     */
    record Metadata(String teamId, String requestId, long latencyMs, BigDecimal costUsd, boolean cached,
                    String provider, String modelId, String stopReason) {
    }

    private ChatCompletionJson() {
    }

    /** The assistant message of a text answer. */
    static ObjectNode message(String text) {
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        message.put("content", text);
        message.putNull("refusal");
        return message;
    }

    /**
     * The assistant message of a model result: its text as {@code content} (null when the answer
     * is tool calls only) and each tool use as a {@code tool_calls} entry whose {@code arguments}
     * is the input serialised as a JSON string.
     */
    static ObjectNode message(ModelResult result) {
        List<ContentBlock.ToolUse> uses = result.toolUses();
        if (uses.isEmpty()) {
            return message(result.text());
        }
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        String text = result.text();
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        message.putNull("refusal");
        ArrayNode calls = message.putArray("tool_calls");
        for (ContentBlock.ToolUse use : uses) {
            ObjectNode call = calls.addObject();
            call.put("id", use.id());
            call.put("type", "function");
            ObjectNode fn = call.putObject("function");
            fn.put("name", use.name());
            fn.put("arguments", Json.write(use.input()));
        }
        return message;
    }

    /** OpenAI's finish reason for a result: {@code tool_calls} whenever the answer holds tool calls. */
    static String finishReason(ModelResult result) {
        return result.toolUses().isEmpty() ? FinishReason.fromBedrock(result.stopReason()) : "tool_calls";
    }

    static ObjectNode of(String id, long createdEpochSeconds, String requestedModel, JsonNode message,
                         String finishReason, TokenUsage usage, Metadata meta) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", createdEpochSeconds);
        root.put("model", requestedModel);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message.deepCopy());
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(usage));
        root.putNull("system_fingerprint");
        ObjectNode gm = root.putObject("gateway_metadata");
        gm.put("team_id", meta.teamId());
        gm.put("request_id", meta.requestId());
        gm.put("latency_ms", meta.latencyMs());
        gm.put("cost_usd", meta.costUsd());
        gm.put("cached", meta.cached());
        gm.put("provider", meta.provider());
        gm.put("model_id", meta.modelId());
        if (meta.stopReason() != null) {
            gm.put("stop_reason", meta.stopReason());
        }
        return root;
    }

    /** OpenAI counts cached prompt tokens inside prompt_tokens and details them apart. */
    static ObjectNode usage(TokenUsage u) {
        long prompt = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
        ObjectNode o = Json.object();
        o.put("prompt_tokens", prompt);
        o.put("completion_tokens", u.outputTokens());
        o.put("total_tokens", prompt + u.outputTokens());
        o.putObject("prompt_tokens_details").put("cached_tokens", u.cacheReadTokens());
        return o;
    }
}
