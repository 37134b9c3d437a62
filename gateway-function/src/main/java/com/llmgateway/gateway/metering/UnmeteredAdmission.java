package com.llmgateway.gateway.metering;

import com.llmgateway.core.team.RateLimits;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * INTERIM: admits every request without counting it, until the DynamoDB admission lands. Sends
 * the OpenAI rate-limit headers from the team's limits with remaining = limit, so clients see the
 * header shape they will get.
 */
public final class UnmeteredAdmission implements AdmissionControl {

    private final Clock clock;

    public UnmeteredAdmission(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Admission admit(AdmissionRequest request) {
        RateLimits limits = request.caller().team().limitsFor(request.model().name());
        long reset = 60 - clock.instant().getEpochSecond() % 60;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit-requests", Long.toString(limits.rpm()));
        headers.put("x-ratelimit-remaining-requests", Long.toString(limits.rpm()));
        headers.put("x-ratelimit-reset-requests", reset + "s");
        headers.put("x-ratelimit-limit-tokens", Long.toString(limits.inputTpm()));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(limits.inputTpm()));
        headers.put("x-ratelimit-reset-tokens", reset + "s");
        return new Admission("unmetered", request.estimatedInputTokens(), BigDecimal.ZERO,
                YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString(), headers);
    }
}
