package com.llmgateway.gateway.chat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FinishReasonTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "end_turn, stop",
            "stop_sequence, stop",
            "max_tokens, length",
            "model_context_window_exceeded, length",
            "tool_use, tool_calls",
            "content_filtered, content_filter",
            "guardrail_intervened, content_filter",
            "something_new, stop",
            "NULL, stop"})
    void maps_bedrock_stop_reasons_to_openai_finish_reasons(String stopReason, String finishReason) {
        assertEquals(finishReason, FinishReason.fromBedrock(stopReason));
    }
}
