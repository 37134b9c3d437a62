package com.llmgateway.gateway.metering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * INTERIM: writes each outcome as one structured log line instead of the usage ledger, until the
 * DynamoDB recorder lands. Status, tokens and cost only; the ids come from the request's MDC.
 */
public final class LogOnlyUsageRecorder implements UsageRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(LogOnlyUsageRecorder.class);

    @Override
    public boolean record(Outcome o) {
        // request_id, team_id, key_id and model are already in the MDC of the request's log lines.
        LOG.info("usage outcome (log only, not persisted)",
                entry("usage_route", o.route()),
                entry("status", o.statusCode()),
                entry("error_type", o.errorType()),
                entry("input_tokens", o.usage() == null ? 0 : o.usage().inputTokens()),
                entry("output_tokens", o.usage() == null ? 0 : o.usage().outputTokens()),
                entry("cost_usd", o.costUsd() == null ? "0" : o.costUsd().toPlainString()),
                entry("admitted", o.admission() != null));
        return true;
    }
}
