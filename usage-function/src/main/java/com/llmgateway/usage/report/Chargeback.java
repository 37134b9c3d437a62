package com.llmgateway.usage.report;

import com.llmgateway.core.usage.Counters;
import com.llmgateway.core.usage.DayRollup;

import java.util.List;
import java.util.Map;

/**
 * The chargeback report: every team's usage in a period, with a breakdown by model.
 *
 * @param days   the day rollups the report sums (the FOCUS export's rows come from them)
 */
public record Chargeback(Period period, List<Row> rows, Counters totals, List<DayRollup> days) {

    /** @param byModel per model, sorted by model name */
    public record Row(TeamInfo team, Counters totals, Map<String, Counters> byModel) {
    }
}
