package com.llmgateway.gateway.metering;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenEstimatorTest {

    @Test
    void short_sentence_counts_one_token_per_word_and_punctuation() {
        assertEquals(7, TokenEstimator.estimate("Hello, how are you today?"));
        assertEquals(0, TokenEstimator.estimate(""));
        assertEquals(0, TokenEstimator.estimate(null));
    }

    @Test
    void english_paragraph_is_within_twenty_percent_of_a_bpe_count() {
        // 74 words and 10 punctuation marks: a BPE tokenizer counts about 90 here (one per common word and mark, a few
        // more for the rarer words); the estimate must land within 20% of that.
        String text = "The quick brown fox jumps over the lazy dog. Serverless gateways meter every request: "
                + "they admit it against a rate limit, reserve the budget it could spend, call the model, and record "
                + "the real cost in a ledger that finance teams can audit line by line. Estimates need not be "
                + "exact, because the real counts replace them after the call, but they must not be wildly off, "
                + "or admission would refuse requests that fit.";
        long estimate = TokenEstimator.estimate(text);
        assertTrue(estimate >= 74 && estimate <= 110, "estimate " + estimate);
    }

    @Test
    void long_words_digits_and_cjk_split_into_more_tokens() {
        assertEquals(4, TokenEstimator.estimate("internationalization")); // 20 letters: one token per started 6
        assertEquals(2, TokenEstimator.estimate("123456"));
        assertEquals(4, TokenEstimator.estimate("日本語だ"));
    }

    @Test
    void messages_add_framing_tokens() {
        assertEquals(3 + (4 + 1) + (4 + 7), TokenEstimator.estimateMessages(List.of("Hi", "Hello, how are you today?")));
    }
}
