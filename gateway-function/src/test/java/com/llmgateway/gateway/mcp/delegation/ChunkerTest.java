package com.llmgateway.gateway.mcp.delegation;

import com.llmgateway.gateway.chat.TokenEstimator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest {

    private final Chunker chunker = new Chunker(new TokenEstimator());

    private static String words(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("word").append(i).append(i % 17 == 16 ? ". " : " ");
        }
        return b.toString();
    }

    private static void assertSpansMatch(String text, List<Chunker.Chunk> chunks) {
        for (int i = 0; i < chunks.size(); i++) {
            Chunker.Chunk c = chunks.get(i);
            assertEquals(i, c.index());
            assertEquals(text.substring(c.start(), c.end()), c.text());
            assertFalse(c.text().isBlank());
            assertFalse(Character.isWhitespace(c.text().charAt(0)) || Character.isWhitespace(c.text().charAt(c.text().length() - 1)));
        }
    }

    @Test
    void token_chunks_fit_their_limit_cover_the_text_in_order_and_count_as_admission_does() {
        String text = words(3000);
        List<Chunker.Chunk> chunks = chunker.byTokens(text, 200, 0);
        assertTrue(chunks.size() > 10);
        assertSpansMatch(text, chunks);
        TokenEstimator estimator = new TokenEstimator();
        for (int i = 0; i < chunks.size(); i++) {
            Chunker.Chunk c = chunks.get(i);
            assertTrue(c.tokens() <= 200, c.toString());
            assertEquals(estimator.estimateTextTokens(c.text()), c.tokens());
            if (i > 0) {
                assertTrue(text.substring(chunks.get(i - 1).end(), c.start()).isBlank(), "no text lost between chunks");
            }
        }
        assertEquals(text.strip(), text.substring(chunks.get(0).start(), chunks.get(chunks.size() - 1).end()));
    }

    @Test
    void token_chunks_cut_at_a_sentence_end_when_there_is_one_and_overlap_at_word_boundaries() {
        String text = words(2000);
        List<Chunker.Chunk> chunks = chunker.byTokens(text, 150, 30);
        assertSpansMatch(text, chunks);
        for (int i = 1; i < chunks.size(); i++) {
            Chunker.Chunk prev = chunks.get(i - 1);
            Chunker.Chunk c = chunks.get(i);
            assertTrue(c.start() < prev.end() && c.start() > prev.start(), "overlaps the previous chunk");
            assertTrue(Character.isWhitespace(text.charAt(c.start() - 1)), "starts at a word");
            assertTrue(prev.tokens() <= 150);
        }
        assertTrue(chunks.get(0).text().endsWith("."), chunks.get(0).text());
    }

    @Test
    void a_non_ascii_text_counts_a_token_per_character_and_never_splits_a_surrogate_pair() {
        String text = "数据".repeat(300) + "😀".repeat(100);
        List<Chunker.Chunk> chunks = chunker.byTokens(text, 50, 0);
        assertSpansMatch(text, chunks);
        for (Chunker.Chunk c : chunks) {
            assertTrue(c.tokens() <= 50);
            assertFalse(Character.isLowSurrogate(c.text().charAt(0)), "split a surrogate pair");
        }
    }

    @Test
    void paragraphs_and_sentences_are_units_packed_up_to_the_limit_when_one_is_given() {
        String text = "One. Two!\n\n  Three?\n \nFour.";
        List<Chunker.Chunk> paragraphs = chunker.byParagraphs(text, null);
        assertEquals(List.of("One. Two!", "Three?", "Four."), paragraphs.stream().map(Chunker.Chunk::text).toList());
        assertSpansMatch(text, paragraphs);
        List<Chunker.Chunk> sentences = chunker.bySentences(text, null);
        assertEquals(List.of("One.", "Two!", "Three?", "Four."), sentences.stream().map(Chunker.Chunk::text).toList());
        List<Chunker.Chunk> packed = chunker.bySentences(text, 4);
        assertSpansMatch(text, packed);
        packed.forEach(c -> assertTrue(c.tokens() <= 4, c.toString()));
        assertEquals(2, packed.size(), packed.toString());
    }

    @Test
    void the_summary_plan_refuses_what_would_outlast_the_time_budget() {
        SummarizeDocumentTool.Plan small = SummarizeDocumentTool.plan(8, 4000, 150);
        assertEquals(9, small.calls(), "8 chunk summaries fit one merge call");
        assertEquals(3, small.rounds());
        assertTrue(small.expectedMs() <= Limits.TIME_BUDGET_MS);
        long most = SummarizeDocumentTool.maxDocumentTokens(4000, 150);
        assertTrue(most >= 40_000 && most <= 120_000, "about " + most);
        int chunks = (int) (most / 4000);
        assertTrue(SummarizeDocumentTool.plan(chunks, 4000, 150).expectedMs() <= Limits.TIME_BUDGET_MS);
        assertTrue(SummarizeDocumentTool.plan(chunks + 1, 4000, 150).expectedMs() > Limits.TIME_BUDGET_MS);
    }

    @Test
    void a_json_answer_is_read_whole_fenced_or_between_its_brackets() {
        assertEquals("{\"a\":1}", JsonAnswer.parse(" {\"a\":1} ").orElseThrow().toString());
        assertEquals("{\"a\":1}", JsonAnswer.parse("```json\n{\"a\":1}\n```").orElseThrow().toString());
        assertEquals("[1,2]", JsonAnswer.parse("Here it is: [1,2]. Done").orElseThrow().toString());
        assertTrue(JsonAnswer.parse("no json here").isEmpty());
        assertTrue(JsonAnswer.parse("{\"a\":").isEmpty());
    }
}
