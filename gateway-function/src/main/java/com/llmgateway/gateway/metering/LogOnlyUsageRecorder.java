package com.llmgateway.gateway.metering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * INTERIM: writes each outcome as one structured log line instead of the usage ledger, until the
 * DynamoDB recorder lands. Ids, tokens and cost only.
 */
public final class LogOnlyUsageRecorder implements UsageRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(LogOnlyUsageRecorder.class);

    @Override
    public boolean record(Outcome o) {
        LOG.info("usage outcome (log only, not persisted)",
                entry("request_id", o.requestId()),
                entry("team_id", o.caller() == null ? null : o.caller().teamId()),
                entry("model", o.model() == null ? null : o.model().name()),
                entry("status", o.statusCode()),
                entry("input_tokens", o.usage() == null ? 0 : o.usage().inputTokens()),
                entry("output_tokens", o.usage() == null ? 0 : o.usage().outputTokens()),
                entry("cost_usd", o.costUsd() == null ? "0" : o.costUsd().toPlainString()));
        return true;
    }
}
