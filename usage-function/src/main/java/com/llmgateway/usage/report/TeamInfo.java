package com.llmgateway.usage.report;

import java.math.BigDecimal;

/** What a report shows about a team besides its usage. */
public record TeamInfo(String teamId, String name, String costCenter, BigDecimal monthlyBudgetUsd) {
}
