package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;
import com.llmgateway.gateway.model.ContentBlock;

import java.util.List;
import java.util.UUID;

/** The pipeline's {@link ChatResult} as OpenAI's {@code chat.completion} body, plus the gateway's {@code gateway_metadata}. */
final class ChatCompletionJson {

    private ChatCompletionJson() {
    }

    /**
     * The assistant message: its text as {@code content} (null when the answer is tool calls only)
     * and each tool use as a {@code tool_calls} entry whose {@code arguments} is the input
     * serialised as a JSON string.
     */
    static ObjectNode message(ChatResult result) {
        List<ContentBlock.ToolUse> uses = result.toolUses();
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        String text = result.text();
        if (text.isEmpty() && !uses.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        message.putNull("refusal");
        if (!uses.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ContentBlock.ToolUse use : uses) {
                ObjectNode call = calls.addObject();
                call.put("id", use.id());
                call.put("type", "function");
                ObjectNode fn = call.putObject("function");
                fn.put("name", use.name());
                fn.put("arguments", Json.write(use.input()));
            }
        }
        return message;
    }

    /** OpenAI's finish reason for a result: {@code tool_calls} whenever the answer holds tool calls. */
    static String finishReason(ChatResult result) {
        return result.toolUses().isEmpty() ? FinishReason.fromBedrock(result.stopReason()) : "tool_calls";
    }

    /** The whole {@code chat.completion}. */
    static ObjectNode of(ChatResult r) {
        ObjectNode root = Json.object();
        root.put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
        root.put("object", "chat.completion");
        root.put("created", r.created().getEpochSecond());
        root.put("model", r.requestedModel());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message(r));
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(r));
        root.set("usage", usage(r.usage()));
        root.putNull("system_fingerprint");
        ObjectNode gm = root.putObject("gateway_metadata");
        gm.put("team_id", r.teamId());
        gm.put("request_id", r.requestId());
        gm.put("latency_ms", r.latencyMs());
        Money.put(gm, "cost_usd", r.costUsd()); // the one money form of every JSON answer
        gm.put("cached", r.cached());
        gm.put("provider", r.provider());
        gm.put("model_id", r.modelId());
        if (r.stopReason() != null) {
            // Bedrock's own reason (e.g. stop_sequence, which OpenAI's finish reason folds into stop)
            gm.put("stop_reason", r.stopReason());
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
