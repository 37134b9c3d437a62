package com.llmgateway.gateway.metering;

/**
 * Admits a model call against the team's rate-limit window and monthly budget, atomically in
 * the store. Throws a GatewayException: 429 rate_limit_exceeded, 429 insufficient_quota
 * (budget), or 503 when the store cannot be reached and the gateway fails closed.
 */
public interface AdmissionControl {
    Admission admit(AdmissionRequest request);
}
