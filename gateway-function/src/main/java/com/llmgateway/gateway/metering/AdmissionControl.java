package com.llmgateway.gateway.metering;

/**
 * Admits a model call against the team's model allow-list, rate-limit window and monthly budget,
 * atomically in the store. Throws a GatewayException: 403 model_not_allowed, 429
 * rate_limit_exceeded, 429 insufficient_quota (budget_exceeded), or 503 admission_unavailable
 * when the store cannot be reached and the gateway fails closed.
 */
public interface AdmissionControl {
    Admission admit(AdmissionRequest request);
}
