package com.llmgateway.usage.store;

import com.llmgateway.usage.report.TeamInfo;

import java.util.Map;
import java.util.Optional;

/** Team names, cost centers and budgets, from the keys table (written by the team API). */
public interface TeamDirectory {

    Optional<TeamInfo> find(String teamId);

    /** Every team, by id. */
    Map<String, TeamInfo> all();
}
