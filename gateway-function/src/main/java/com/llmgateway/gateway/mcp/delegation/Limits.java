package com.llmgateway.gateway.mcp.delegation;

/**
 * How much work one delegation tool call may take on, decided before the first model call from
 * the document's size: API Gateway ends every request at 30 s, so a tool plans its calls in
 * rounds of {@link #PARALLELISM} and refuses a document whose plan would outlast
 * {@link #TIME_BUDGET_MS} at the expected latency of a call; while it runs, no call starts after
 * that budget (the tool returns what it has, with a note).
 *
 * <p>Expected latency of one Bedrock call ({@link #expectedCallMs}): {@value #CALL_BASE_MS} ms
 * (round trip and time to first token) plus the input read at {@value #INPUT_TOKENS_PER_SECOND}
 * tokens/s plus the expected output written at {@value #OUTPUT_TOKENS_PER_SECOND} tokens/s. The
 * cheap models delegation is for (Nova Micro and Lite, Llama 3.2, gpt-oss-20b) write 100 to 300
 * tokens/s on Bedrock, so this errs slow; the Bedrock stand-in answers in milliseconds, but the
 * plan is the same against both so that a document refused in AWS is refused in tests too.
 */
final class Limits {

    /** Model calls a tool runs at once. */
    static final int PARALLELISM = 4;
    /** API Gateway's 30 s, less 6 s for the gateway's own store round trips, the reduce step's margin and the reply. */
    static final long TIME_BUDGET_MS = 24_000;
    static final long CALL_BASE_MS = 1_000;
    static final long INPUT_TOKENS_PER_SECOND = 10_000;
    static final long OUTPUT_TOKENS_PER_SECOND = 100;
    /** The largest document a tool takes, in characters (the request body is capped at 1 MiB before that). */
    static final int MAX_DOCUMENT_CHARS = 1_000_000;

    private Limits() {
    }

    static long expectedCallMs(long inputTokens, long expectedOutputTokens) {
        return CALL_BASE_MS + inputTokens * 1000 / INPUT_TOKENS_PER_SECOND
                + expectedOutputTokens * 1000 / OUTPUT_TOKENS_PER_SECOND;
    }

    /** Rounds of {@link #PARALLELISM} calls that {@code calls} calls take. */
    static long rounds(long calls) {
        return (calls + PARALLELISM - 1) / PARALLELISM;
    }
}
