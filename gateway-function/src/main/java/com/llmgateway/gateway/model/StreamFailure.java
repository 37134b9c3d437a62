package com.llmgateway.gateway.model;

import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.error.GatewayException;

/**
 * A stream that failed after its first event: the gateway error to answer with (as an SSE error
 * event or an exception frame), and what had arrived, so that the ledger can record the tokens
 * Bedrock reported or, without them, an estimate.
 *
 * @param usage      the usage Bedrock reported before failing, or null when it reported none
 * @param outputChars characters of text and tool input that had arrived (for the estimate)
 */
public final class StreamFailure extends RuntimeException {

    private final GatewayException error;
    private final TokenUsage usage;
    private final long outputChars;

    public StreamFailure(GatewayException error, TokenUsage usage, long outputChars) {
        super(error.getMessage(), error, false, false);
        this.error = error;
        this.usage = usage;
        this.outputChars = outputChars;
    }

    public GatewayException error() {
        return error;
    }

    public TokenUsage usage() {
        return usage;
    }

    public long outputChars() {
        return outputChars;
    }
}
