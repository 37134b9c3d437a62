package com.llmgateway.usage.report;

import com.llmgateway.core.usage.Counters;

import java.util.List;
import java.util.Map;

/**
 * The chargeback report: every team's usage in a period, with a breakdown by model.
 *
 * @param byModel per team (in {@code rows} order), per model, sorted by model name
 */
public record Chargeback(Period period, List<Row> rows, Counters totals) {

    public record Row(TeamInfo team, Counters totals, Map<String, Counters> byModel) {
    }
}
