package com.llmgateway.gateway.metering;

import com.llmgateway.core.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every pipeline (chat, streams, embeddings) does around the ledger write: a recorder that
 * throws is a recorder that failed (the caller is told by {@code x-gateway-usage-recorded: false},
 * the answer still goes out), and a broken contract is a 500 whose cause stays in the log.
 */
public final class LedgerWrites {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWrites.class);

    private LedgerWrites() {
    }

    /** Records the outcome; false when the recorder failed or threw. */
    public static boolean record(UsageRecorder usage, Outcome outcome) {
        try {
            return usage.record(outcome);
        } catch (RuntimeException e) {
            LOG.error("usage recorder failed", e);
            return false;
        }
    }

    /** The refusal with {@code extra} headers, and {@code x-gateway-usage-recorded: false} when it was not recorded. */
    public static GatewayException withRecordedHeader(GatewayException e, boolean recorded, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        if (!recorded) {
            headers.put("x-gateway-usage-recorded", "false");
        }
        return headers.isEmpty() ? e : e.withHeaders(headers);
    }

    /** The caller's 500, carrying the cause for the log (never for the caller). */
    public static GatewayException internal(RuntimeException cause) {
        GatewayException internal = GatewayException.internal();
        return new GatewayException(500, internal.type(), internal.code(), null, internal.getMessage(), Map.of(), cause);
    }
}
