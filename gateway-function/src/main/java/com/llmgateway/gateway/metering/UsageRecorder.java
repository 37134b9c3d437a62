package com.llmgateway.gateway.metering;

/**
 * Writes a request's outcome to the usage ledger and its rollups, releases what admission
 * reserved beyond the real cost, and reconciles the rate-limit window with the real token
 * counts: one round of parallel store calls. Idempotent on the request id.
 *
 * @return true when the ledger holds the record; false when it could not be written after
 *         retries (the caller says so in the response; never silently lost)
 */
public interface UsageRecorder {
    boolean record(Outcome outcome);
}
