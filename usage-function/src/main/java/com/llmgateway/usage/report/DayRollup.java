package com.llmgateway.usage.report;

import java.time.LocalDate;

/** One team's usage of one model on one day (UTC): a day rollup item of the usage table. */
public record DayRollup(String teamId, LocalDate day, String model, Counters counters) {
}
