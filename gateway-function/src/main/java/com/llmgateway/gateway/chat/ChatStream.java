package com.llmgateway.gateway.chat;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.model.StreamEvent;

import java.util.Map;

/**
 * Where {@link ChatService#stream} sends a streamed answer; each protocol renders it in its own
 * stream shape (OpenAI's server-sent {@code chat.completion.chunk}s, Converse's event-stream
 * frames). A method that cannot write because the client went away throws
 * {@link java.io.UncheckedIOException}: the pipeline then stops writing but still reads the model's
 * answer to its end, so that the ledger gets Bedrock's own token counts.
 */
public interface ChatStream {

    /**
     * Once, before the first event: the status is 200; the headers are rate limits and cache status.
     *
     * @param created the request's time (a completion's {@code created})
     */
    void begin(Map<String, String> headers, java.time.Instant created);

    void event(StreamEvent event);

    /** After the last event and the ledger write: the whole result (cost, cache, latency). */
    void complete(ChatResult result);

    /** A failure after {@link #begin}, already recorded: the stream's own error form, then its end. */
    void fail(GatewayException error);
}
