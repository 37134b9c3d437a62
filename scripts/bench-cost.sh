#!/usr/bin/env bash
# What the gateway itself costs AWS per request: N cache-miss chats, N cache hits and N usage
# reports through an in-memory local gateway; prints the DynamoDB request units the stand-in
# metered, Lambda invocations and durations, log bytes, and $ per million requests per AWS
# component from local-runtime/src/main/resources/aws-prices.json.
#
#   scripts/bench-cost.sh [N]      (default 200)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/jdk.sh"
. "$here/lib/local-classpath.sh"
cd "$here/.."
# The report counts the log lines at the deployed level (INFO); the stdout they go to is counted, not shown.
exec java "${LOCAL_JAVA_OPTS[@]}" -Dlog4j2.level=WARN -cp "$LOCAL_CP" com.llmgateway.local.bench.CostReport "$@"
