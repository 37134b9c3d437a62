package com.llmgateway.gateway.chat;

import com.llmgateway.gateway.model.ModelMessage;
import com.llmgateway.gateway.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenEstimatorTest {

    private final TokenEstimator estimator = new TokenEstimator();

    private static ChatRequest request(List<String> system, List<ModelMessage> messages) {
        return new ChatRequest("test-model", TestCatalog.model("test-model"), system, messages, null, null, null, List.of(), null);
    }

    @Test
    void counts_a_quarter_token_per_character_rounded_up_plus_framing() {
        // "abcde" -> 2, plus 4 for the message, plus 3 for the reply priming
        assertEquals(2 + 4 + 3, estimator.estimateInputTokens(request(List.of(), List.of(ModelMessage.user("abcde")))));
    }

    @Test
    void counts_each_system_prompt_and_each_turn_with_all_its_text_blocks() {
        ChatRequest r = request(List.of("12345678"), List.of(
                ModelMessage.ofTexts(ModelMessage.Role.USER, List.of("abc", "def")),  // 6 chars -> 2
                ModelMessage.assistant("x"),                                        // 1 char  -> 1
                ModelMessage.user("")));                                            // 0 chars -> 0
        assertEquals((2 + 4) + (2 + 4) + (1 + 4) + (0 + 4) + 3, estimator.estimateInputTokens(r));
    }

    @Test
    void is_never_below_the_stand_ins_count() {
        // The stand-in counts ceil(chars/4) per system block and message, without framing.
        ChatRequest r = request(List.of("You are terse."), List.of(ModelMessage.user("Hello there, how are you today?")));
        long standIn = TokenEstimator.ceilQuarter(14) + TokenEstimator.ceilQuarter(31);
        assertEquals(standIn + 2 * TokenEstimator.PER_MESSAGE + TokenEstimator.PER_REQUEST, estimator.estimateInputTokens(r));
    }

    @Test
    void counts_each_non_ascii_character_as_a_token_so_cjk_text_is_not_undercounted() {
        // 8 Han characters: 8 tokens (ceil(32/4)), not ceil(8/4) = 2; plus 4 for the message and 3 for the request.
        ChatRequest r = request(List.of(), List.of(ModelMessage.user("\u4eca\u5929\u5929\u6c14\u600e\u4e48\u6837\uff1f")));
        assertEquals(8 + 4 + 3, estimator.estimateInputTokens(r));
    }
}
