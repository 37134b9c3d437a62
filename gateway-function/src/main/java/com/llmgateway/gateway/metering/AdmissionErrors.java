package com.llmgateway.gateway.metering;

import com.llmgateway.core.error.GatewayException;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

/** The errors admission answers with: 429 rate limit, 429 budget, 503 store unreachable. */
final class AdmissionErrors {

    static final String RATE_LIMIT_CODE = "rate_limit_exceeded";
    static final String BUDGET_CODE = "budget_exceeded";
    static final String UNAVAILABLE_CODE = "admission_unavailable";

    /** Which limit of a window refused a request. */
    enum Limit {
        REQUESTS("requests", "requests per minute (RPM)"),
        INPUT_TOKENS("tokens", "input tokens per minute (input_tpm)"),
        OUTPUT_TOKENS("tokens", "output tokens per minute (output_tpm)");

        final String type;
        final String label;

        Limit(String type, String label) {
            this.type = type;
            this.label = label;
        }
    }

    private AdmissionErrors() {
    }

    static GatewayException rateLimited(RateWindow w, Limit limit, long limitValue, long used, long requested,
                                        Map<String, String> headers, Map<String, String> retryAfter) {
        String resetIn = RateWindow.duration(Long.parseLong(retryAfter.get("retry-after-ms")));
        String message = "Rate limit reached for " + limit.label + " on team '" + w.teamId() + "'"
                + (w.scope().equals("*") ? "" : " for model " + w.scope())
                + ": limit " + limitValue + ", used " + used
                + (limit == Limit.OUTPUT_TOKENS ? "" : ", requested " + requested)
                + ". The window resets in " + resetIn + ".";
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(retryAfter);
        return new GatewayException(429, limit.type, RATE_LIMIT_CODE, null, message, h, null);
    }

    /** The estimate alone exceeds the window's input-token limit: no retry can succeed. */
    static GatewayException tooLargeForWindow(RateWindow w, long estimate, Map<String, String> headers) {
        String message = "This request's estimated " + estimate + " input tokens exceed the limit of "
                + w.limits().inputTpm() + " input tokens per minute (input_tpm) on team '" + w.teamId() + "'"
                + (w.scope().equals("*") ? "" : " for model " + w.scope())
                + ". Send a shorter prompt or ask for a higher limit.";
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("x-should-retry", "false");
        return new GatewayException(429, Limit.INPUT_TOKENS.type, RATE_LIMIT_CODE, null, message, h, null);
    }

    static GatewayException budgetExceeded(String teamId, BigDecimal budget, YearMonth month, BigDecimal committed,
                                           BigDecimal maxCost, Map<String, String> headers) {
        String message = "The monthly budget of " + budget.toPlainString() + " USD of team '" + teamId
                + "' is used up for " + month + ": " + committed.toPlainString() + " USD spent or reserved"
                + (maxCost.signum() == 0 ? ". Wait for next month, or ask for a higher budget."
                : ", and this request could cost up to " + maxCost.toPlainString()
                + " USD. Lower max_tokens, wait for next month, or ask for a higher budget.");
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("x-should-retry", "false");
        return new GatewayException(429, "insufficient_quota", BUDGET_CODE, null, message, h, null);
    }

    static GatewayException unavailable(Throwable cause) {
        return new GatewayException(503, "api_error", UNAVAILABLE_CODE, null,
                "Admission could not be checked: the rate-limit and budget store is unreachable, so the request was "
                        + "not sent to the model. Retry shortly.",
                Map.of("retry-after", "1", "x-gateway-admission", "fail-closed"), cause);
    }
}
