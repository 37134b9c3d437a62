package com.llmgateway.gateway.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.gateway.model.ContentBlock;
import com.llmgateway.gateway.model.InferenceSettings;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.model.ToolConfig;

/**
 * A neutral model call as the body of Bedrock's Converse / ConverseStream REST-JSON request (the
 * same members the SDK's marshaller writes for {@link BedrockModelClient#toRequest}), after the
 * same {@link BedrockQuirks#fit}: for ConverseStream, which the gateway sends itself.
 */
final class ConverseJson {

    private ConverseJson() {
    }

    static ObjectNode request(ModelCall neutral) {
        ModelCall call = BedrockQuirks.fit(neutral);
        ObjectNode body = Json.object();
        ArrayNode messages = body.putArray("messages");
        for (ModelMessage m : call.messages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role() == ModelMessage.Role.USER ? "user" : "assistant");
            ArrayNode content = message.putArray("content");
            for (ContentBlock block : m.content()) {
                switch (block) {
                    case ContentBlock.Text t -> content.addObject().put("text", t.text());
                    case ContentBlock.ToolUse u -> content.addObject().putObject("toolUse")
                            .put("toolUseId", u.id()).put("name", u.name()).set("input", u.input());
                    case ContentBlock.ToolResult r -> {
                        ObjectNode result = content.addObject().putObject("toolResult").put("toolUseId", r.toolUseId());
                        ArrayNode parts = result.putArray("content");
                        r.texts().forEach(text -> parts.addObject().put("text", text));
                    }
                }
            }
        }
        if (!call.system().isEmpty()) {
            ArrayNode system = body.putArray("system");
            call.system().forEach(t -> system.addObject().put("text", t));
        }
        InferenceSettings s = call.inference();
        if (s.maxTokens() != null || s.temperature() != null || s.topP() != null || !s.stopSequences().isEmpty()) {
            ObjectNode inference = body.putObject("inferenceConfig");
            if (s.maxTokens() != null) {
                inference.put("maxTokens", s.maxTokens());
            }
            if (s.temperature() != null) {
                inference.put("temperature", s.temperature().floatValue());
            }
            if (s.topP() != null) {
                inference.put("topP", s.topP().floatValue());
            }
            if (!s.stopSequences().isEmpty()) {
                ArrayNode stops = inference.putArray("stopSequences");
                s.stopSequences().forEach(stops::add);
            }
        }
        if (call.tools() != null) {
            body.set("toolConfig", toolConfig(call.tools()));
        }
        return body;
    }

    private static ObjectNode toolConfig(ToolConfig config) {
        ObjectNode out = Json.object();
        ArrayNode tools = out.putArray("tools");
        config.tools().forEach(t -> {
            ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", t.name());
            if (t.description() != null) {
                spec.put("description", t.description());
            }
            spec.putObject("inputSchema").set("json", t.inputSchema());
        });
        ObjectNode choice = out.putObject("toolChoice");
        switch (config.choice().mode()) {
            case AUTO -> choice.putObject("auto");
            case ANY -> choice.putObject("any");
            case TOOL -> choice.putObject("tool").put("name", config.choice().name());
        }
        return out;
    }
}
