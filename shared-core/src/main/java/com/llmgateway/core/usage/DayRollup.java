package com.llmgateway.core.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One team's usage of one model on one day (UTC): a day rollup item of the usage table. */
public record DayRollup(String teamId, LocalDate day, String model, Counters counters) {

    /** The rollups summed per model, by model name. */
    public static Map<String, Counters> byModel(List<DayRollup> rollups) {
        Map<String, Counters> out = new TreeMap<>();
        rollups.forEach(r -> out.merge(r.model(), r.counters(), Counters::plus));
        return out;
    }
}
