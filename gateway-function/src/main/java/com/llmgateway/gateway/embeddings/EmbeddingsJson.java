package com.llmgateway.gateway.embeddings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.Money;

import java.util.Base64;

/**
 * OpenAI's embeddings answer: {@code {"object":"list","data":[{"object":"embedding","index","embedding"}],
 * "model","usage":{"prompt_tokens","total_tokens"}}}, each vector as floats or, for
 * {@code encoding_format: base64}, as base64 of its little-endian float32 bytes (what the OpenAI
 * SDKs decode), plus the gateway's {@code gateway_metadata} as on chat.
 */
public final class EmbeddingsJson {

    private EmbeddingsJson() {
    }

    public static ObjectNode of(EmbeddingResult r) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < r.vectors().size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            float[] v = r.vectors().get(i);
            if (r.base64()) {
                item.put("embedding", Base64.getEncoder().encodeToString(DynamoDbEmbeddingCache.bytes(v)));
            } else {
                ArrayNode floats = item.putArray("embedding");
                for (float f : v) {
                    floats.add(f);
                }
            }
        }
        root.put("model", r.requestedModel());
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", r.promptTokens());
        usage.put("total_tokens", r.promptTokens());
        ObjectNode gm = root.putObject("gateway_metadata");
        gm.put("team_id", r.teamId());
        gm.put("request_id", r.requestId());
        gm.put("latency_ms", r.latencyMs());
        Money.put(gm, "cost_usd", r.costUsd());
        gm.put("cached", r.cached());
        gm.put("cached_inputs", r.cachedInputs());
        gm.put("billed_tokens", r.billedTokens());
        gm.put("tokens_estimated", r.estimated());
        gm.put("dimensions", r.dimensions());
        gm.put("provider", r.provider());
        gm.put("model_id", r.modelId());
        return root;
    }
}
