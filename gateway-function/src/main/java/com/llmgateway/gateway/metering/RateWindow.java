package com.llmgateway.gateway.metering;

import com.llmgateway.core.team.RateLimits;
import com.llmgateway.core.team.Team;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fixed 60-second rate-limit window of a team (or of a team and model, when the team sets
 * limits for that model), aligned to the epoch minute. The window's start time is part of its key,
 * so an old window is never consulted again, whether or not TTL has deleted it yet.
 *
 * @param scope "*" for the team's own limits, else the model name whose limits replace them
 */
public record RateWindow(String teamId, String scope, long startEpochSeconds, RateLimits limits) {

    public static final long SECONDS = 60;

    public static RateWindow of(Team team, String modelName, Instant now) {
        long start = Math.floorDiv(now.getEpochSecond(), SECONDS) * SECONDS;
        boolean perModel = team.modelLimits().containsKey(modelName);
        return new RateWindow(team.teamId(), perModel ? modelName : "*", start, team.limitsFor(modelName));
    }

    /** rate_limits pk: RL#{teamId}#{model or *}#{windowStartEpochSeconds}. */
    public String key() {
        return "RL#" + teamId + "#" + scope + "#" + startEpochSeconds;
    }

    public long endEpochSeconds() {
        return startEpochSeconds + SECONDS;
    }

    /** Milliseconds until the window resets, at least 1. */
    public long millisToReset(Instant now) {
        return Math.max(1, endEpochSeconds() * 1000 - now.toEpochMilli());
    }

    /** The x-ratelimit-* headers, given the window's counters after (or, on a refusal, before) this request. */
    public Map<String, String> headers(long requestsUsed, long inputTokensUsed, Instant now) {
        String reset = duration(millisToReset(now));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-ratelimit-limit-requests", Long.toString(limits.rpm()));
        h.put("x-ratelimit-remaining-requests", Long.toString(Math.max(0, limits.rpm() - requestsUsed)));
        h.put("x-ratelimit-reset-requests", reset);
        h.put("x-ratelimit-limit-tokens", Long.toString(limits.inputTpm()));
        h.put("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, limits.inputTpm() - inputTokensUsed)));
        h.put("x-ratelimit-reset-tokens", reset);
        return h;
    }

    /** Retry-After (whole seconds, rounded up, at least 1) and retry-after-ms. */
    public Map<String, String> retryAfter(Instant now) {
        long ms = millisToReset(now);
        return Map.of("retry-after", Long.toString(Math.max(1, (ms + 999) / 1000)), "retry-after-ms", Long.toString(ms));
    }

    /** A duration as OpenAI writes it in x-ratelimit-reset-*: "850ms", "17s", "1m0s". */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }
}
