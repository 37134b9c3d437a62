package com.llmgateway.core.usage;

import com.llmgateway.core.error.GatewayException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The usage read model: reads the usage rollups (never the ledger), so what an answer reads grows
 * with days and models, not with requests. /v1/usage, /v1/usage/teams, /v1/me and MCP's
 * get_usage all read through it. A store fault is a 503 {@code GatewayException}.
 */
public interface UsageReader {

    /** The team's month item (strongly consistent: it holds what admission committed); empty when nothing is recorded. */
    MonthUsage month(String teamId, YearMonth month);

    /** One team's day rollups from {@code from} to {@code to}, inclusive. */
    List<DayRollup> teamDays(String teamId, LocalDate from, LocalDate to);

    /** Every team's day rollups from {@code from} to {@code to}, inclusive. */
    List<DayRollup> allTeamsDays(LocalDate from, LocalDate to);

    /** A reader for wiring without a usage store (tests of other routes): every read is a 503. */
    public static UsageReader unavailable() {
        return new UsageReader() {
            @Override
            public MonthUsage month(String teamId, YearMonth month) {
                throw fault();
            }

            @Override
            public List<DayRollup> teamDays(String teamId, LocalDate from, LocalDate to) {
                throw fault();
            }

            @Override
            public List<DayRollup> allTeamsDays(LocalDate from, LocalDate to) {
                throw fault();
            }

            private GatewayException fault() {
                return new GatewayException(503, "api_error", "service_unavailable", null, "The usage store is not configured.");
            }
        };
    }
}
