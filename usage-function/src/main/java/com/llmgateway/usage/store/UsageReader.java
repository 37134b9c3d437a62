package com.llmgateway.usage.store;

import com.llmgateway.core.usage.MonthlySpend;
import com.llmgateway.usage.report.DayRollup;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** Reads the usage rollups (never the ledger): what a report reads grows with days and models, not requests. */
public interface UsageReader {

    /** One team's day rollups from {@code from} to {@code to}, inclusive. */
    List<DayRollup> teamDays(String teamId, LocalDate from, LocalDate to);

    /** Every team's day rollups from {@code from} to {@code to}, inclusive. */
    List<DayRollup> allTeamsDays(LocalDate from, LocalDate to);

    MonthlySpend monthSpend(String teamId, YearMonth month);
}
