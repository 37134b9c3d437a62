package com.llmgateway.gateway.model;

import java.util.function.Consumer;

/**
 * The port to a model provider. Implementations translate every provider failure into a
 * {@link com.llmgateway.core.error.GatewayException} with a safe message; they never let an SDK
 * exception or message escape.
 */
public interface ModelClient {
    ModelResult converse(ModelCall call);

    /**
     * The call streamed: each event goes to {@code events} as it arrives, and the whole answer is
     * returned at the end (its usage from the stream's metadata event). A failure before the first
     * event and one after it both leave as a {@link com.llmgateway.core.error.GatewayException}
     * ({@link StreamFailure} after it, carrying what had arrived). By default the answer of one
     * {@link #converse} call, replayed as events: for providers and fakes without a stream.
     */
    default ModelResult converseStream(ModelCall call, Consumer<StreamEvent> events) {
        ModelResult result = converse(call);
        StreamEvent.of(result.content(), result.stopReason(), result.usage(), result.latencyMs()).forEach(events);
        return result;
    }
}
