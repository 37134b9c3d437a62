package com.llmgateway.gateway.chat;

/** Bedrock Converse stop reasons as OpenAI finish reasons. */
public final class FinishReason {

    private FinishReason() {
    }

    public static String fromBedrock(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "content_filtered", "guardrail_intervened" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, and any reason Bedrock adds later
        };
    }
}
