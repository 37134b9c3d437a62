package com.llmgateway.gateway.mcp;

import java.time.LocalDate;

/** Reads a team's month-to-date usage (the port behind MCP's get_usage tool). */
public interface TeamUsageReader {

    /** The usage of {@code teamId} in the month of {@code today}, up to and including today. */
    TeamUsage monthToDate(String teamId, LocalDate today);
}
