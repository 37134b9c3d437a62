package com.llmgateway.gateway.mcp.delegation;

import com.llmgateway.gateway.chat.TokenEstimator;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a document into chunks, pure computation. Tokens are counted with the estimate admission
 * reserves with ({@link TokenEstimator#estimateTextTokens}: {@code ceil(weight / 4)}, each
 * non-ASCII UTF-16 unit weighing 4), so a chunk of {@code n} tokens is admitted as {@code n} plus
 * the per-message markers. Offsets are UTF-16 code units into the original text, end exclusive,
 * so {@code text.substring(start, end)} is the chunk (JavaScript's {@code slice} and Java's
 * {@code substring} agree; Python counts code points, which differ only outside the BMP). Chunks
 * never start or end with whitespace.
 */
public final class Chunker {

    /** The chunking modes of chunk_document's {@code by}. */
    public enum Mode { TOKENS, PARAGRAPHS, SENTENCES }

    /** One chunk: its text, where it lies in the document, and its estimated tokens. */
    public record Chunk(int index, String text, int start, int end, long tokens) {
    }

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n");

    private final TokenEstimator estimator;

    public Chunker(TokenEstimator estimator) {
        this.estimator = estimator;
    }

    public long tokens(String text) {
        return estimator.estimateTextTokens(text);
    }

    /**
     * Chunks of at most {@code maxTokens}, cut at the last paragraph break, else sentence end, else
     * whitespace in the second half of the window (a hard cut only inside a very long word); each
     * chunk after the first starts about {@code overlapTokens} before the previous one ended, at a
     * word boundary.
     */
    public List<Chunk> byTokens(String text, int maxTokens, int overlapTokens) {
        List<int[]> spans = new ArrayList<>();
        long window = 4L * maxTokens;
        int s = skipSpace(text, 0);
        while (s < text.length()) {
            int e = s;
            long weight = 0;
            while (e < text.length() && weight + weight(text.charAt(e)) <= window) {
                weight += weight(text.charAt(e));
                e++;
            }
            int cut = e == text.length() ? e : cut(text, s, e);
            int[] span = trim(text, s, cut);
            if (span[1] > span[0]) {
                spans.add(span);
            }
            if (cut >= text.length()) {
                break;
            }
            int next = cut;
            if (overlapTokens > 0) {
                long back = 4L * overlapTokens;
                int b = cut;
                while (b > s + 1 && back - weight(text.charAt(b - 1)) >= 0) {
                    back -= weight(text.charAt(b - 1));
                    b--;
                }
                while (b < cut && !Character.isWhitespace(text.charAt(b - 1))) {
                    b++; // start at a word's beginning
                }
                next = b > s ? b : cut;
            }
            s = skipSpace(text, next);
        }
        return chunks(text, spans);
    }

    /** Paragraphs (text between blank lines); with {@code maxTokens}, consecutive ones packed up to it. */
    public List<Chunk> byParagraphs(String text, Integer maxTokens) {
        List<int[]> units = new ArrayList<>();
        Matcher m = PARAGRAPH_BREAK.matcher(text);
        int from = 0;
        while (m.find()) {
            addUnit(text, from, m.start(), units);
            from = m.end();
        }
        addUnit(text, from, text.length(), units);
        return pack(text, units, maxTokens);
    }

    /** Sentences (the JDK's sentence boundaries, root locale); with {@code maxTokens}, packed up to it. */
    public List<Chunk> bySentences(String text, Integer maxTokens) {
        List<int[]> units = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            addUnit(text, start, end, units);
        }
        return pack(text, units, maxTokens);
    }

    private static void addUnit(String text, int from, int to, List<int[]> units) {
        int[] span = trim(text, from, to);
        if (span[1] > span[0]) {
            units.add(span);
        }
    }

    /** Units as chunks: each alone, or packed while the span from the first to the last fits maxTokens. */
    private List<Chunk> pack(String text, List<int[]> units, Integer maxTokens) {
        if (maxTokens == null) {
            return chunks(text, units);
        }
        List<int[]> spans = new ArrayList<>();
        int[] open = null;
        for (int[] u : units) {
            if (tokens(text.substring(u[0], u[1])) > maxTokens) {
                if (open != null) {
                    spans.add(open);
                    open = null;
                }
                for (Chunk piece : byTokens(text.substring(u[0], u[1]), maxTokens, 0)) {
                    spans.add(new int[]{u[0] + piece.start(), u[0] + piece.end()});
                }
            } else if (open != null && tokens(text.substring(open[0], u[1])) <= maxTokens) {
                open[1] = u[1];
            } else {
                if (open != null) {
                    spans.add(open);
                }
                open = new int[]{u[0], u[1]};
            }
        }
        if (open != null) {
            spans.add(open);
        }
        return chunks(text, spans);
    }

    private List<Chunk> chunks(String text, List<int[]> spans) {
        List<Chunk> out = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            String t = text.substring(span[0], span[1]);
            out.add(new Chunk(out.size(), t, span[0], span[1], tokens(t)));
        }
        return out;
    }

    /** Where to end a chunk that cannot reach {@code e}: a paragraph break, sentence end or space in the window's second half. */
    private static int cut(String text, int s, int e) {
        int floor = s + (e - s) / 2;
        int paragraph = text.lastIndexOf("\n\n", e - 1);
        if (paragraph > floor) {
            return paragraph;
        }
        for (int i = e - 1; i > floor; i--) {
            char c = text.charAt(i - 1);
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        for (int i = e; i > floor; i--) {
            if (Character.isWhitespace(text.charAt(i - 1))) {
                return i - 1;
            }
        }
        // One very long word: cut it, but never between the halves of a surrogate pair.
        return e - 1 > s && Character.isHighSurrogate(text.charAt(e - 1)) ? e - 1 : e;
    }

    private static int[] trim(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return new int[]{from, to};
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int weight(char c) {
        return c < 128 ? 1 : 4;
    }
}
