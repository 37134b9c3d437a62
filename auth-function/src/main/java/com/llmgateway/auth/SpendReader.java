package com.llmgateway.auth;

import java.math.BigDecimal;
import java.time.YearMonth;

/** The month's recorded spend of a team (the usage table's month item); zero when nothing is recorded. */
interface SpendReader {
    BigDecimal monthSpend(String teamId, YearMonth month);
}
