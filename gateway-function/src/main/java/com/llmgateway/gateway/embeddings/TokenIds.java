package com.llmgateway.gateway.embeddings;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * Token-id input back to text. OpenAI's embeddings API takes an input as an array of token ids,
 * and LangChain's {@code OpenAIEmbeddings} sends its texts that way by default (tokenised with
 * tiktoken's {@code cl100k_base}, chunked to the model's context length); Bedrock's embedding
 * models take text, so the gateway decodes the ids with the same encoding (jtokkit, a Java port of
 * tiktoken). The vocabulary loads on first use, once per sandbox.
 */
final class TokenIds {

    /** The largest id of cl100k_base (its special tokens end at 100276). */
    static final int MAX_ID = 100_276;

    private static volatile Encoding encoding;

    private TokenIds() {
    }

    /**
     * The text of these token ids.
     *
     * @throws IllegalArgumentException when an id is not in cl100k_base
     */
    static String decode(int[] ids) {
        IntArrayList list = new IntArrayList(ids.length);
        for (int id : ids) {
            if (id < 0 || id > MAX_ID) {
                throw new IllegalArgumentException("token id " + id + " is not in cl100k_base");
            }
            list.add(id);
        }
        try {
            return encoding().decode(list);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("token ids are not in cl100k_base");
        }
    }

    private static Encoding encoding() {
        Encoding e = encoding;
        if (e == null) {
            synchronized (TokenIds.class) {
                e = encoding;
                if (e == null) {
                    e = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
                    encoding = e;
                }
            }
        }
        return e;
    }
}
