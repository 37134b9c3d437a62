#!/usr/bin/env bash
# The gateway's added latency: N chat completions through the local gateway and the same N
# Converse calls straight to the Bedrock stand-in; prints p50, p90, p99, mean and the difference.
#
#   scripts/bench.sh [N] [--endpoint URL] [--key KEY] [--model NAME] [--warmup W]
# Without --endpoint it starts its own in-memory gateway on free ports.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/jdk.sh"
. "$here/lib/local-classpath.sh"
cd "$here/.."
# The functions log one JSON line per request at INFO; keep the report readable.
export POWERTOOLS_LOG_LEVEL="${POWERTOOLS_LOG_LEVEL:-WARN}"
exec java "${LOCAL_JAVA_OPTS[@]}" -Dlog4j2.level=ERROR -cp "$LOCAL_CP" com.llmgateway.local.bench.Bench "$@"
