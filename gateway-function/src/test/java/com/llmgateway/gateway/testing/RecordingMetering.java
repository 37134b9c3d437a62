package com.llmgateway.gateway.testing;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.metering.Admission;
import com.llmgateway.gateway.metering.AdmissionControl;
import com.llmgateway.gateway.metering.AdmissionRequest;
import com.llmgateway.gateway.metering.Outcome;
import com.llmgateway.gateway.metering.UsageRecorder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** In-memory admission and usage recorder that remember what they saw. */
public final class RecordingMetering implements AdmissionControl, UsageRecorder {

    public static final Map<String, String> HEADERS = Map.of(
            "x-ratelimit-limit-requests", "10", "x-ratelimit-remaining-requests", "9",
            "x-ratelimit-reset-requests", "42s");

    public final List<AdmissionRequest> admitted = new ArrayList<>();
    public final List<Outcome> outcomes = new ArrayList<>();
    private GatewayException refusal;
    private boolean recordSucceeds = true;

    public RecordingMetering refusing(GatewayException e) {
        refusal = e;
        return this;
    }

    public RecordingMetering failingToRecord() {
        recordSucceeds = false;
        return this;
    }

    @Override
    public Admission admit(AdmissionRequest request) {
        admitted.add(request);
        if (refusal != null) {
            throw refusal;
        }
        return new Admission("w1", request.estimatedInputTokens(), BigDecimal.ZERO, "2026-11", HEADERS);
    }

    @Override
    public boolean record(Outcome outcome) {
        outcomes.add(outcome);
        return recordSucceeds;
    }
}
