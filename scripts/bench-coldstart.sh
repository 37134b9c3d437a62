#!/usr/bin/env bash
# Cold start of each deployable jar: a fresh JVM per run on the shaded jar alone, to the handler's
# first answer of a real-shaped payload-2.0 event, against the local DynamoDB and Bedrock stand-ins;
# plain, with Lambda's C1-only JAVA_TOOL_OPTIONS, and with an AppCDS archive. Medians of RUNS.
#
#   scripts/bench-coldstart.sh [RUNS] [--baseline DIR]   (default 5; builds the jars first unless COLDSTART_NO_BUILD=1;
#     --baseline DIR: also the jars under DIR/MODULE/target/, e.g. a copy of an earlier build, interleaved run by run)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/jdk.sh"
cd "$here/.."
if [ "${COLDSTART_NO_BUILD:-}" != 1 ]; then
  echo "[coldstart] packaging the function jars..." >&2
  scripts/mvn.sh -o -q -DskipTests package >/dev/null
fi
. "$here/lib/local-classpath.sh"
export POWERTOOLS_LOG_LEVEL="${POWERTOOLS_LOG_LEVEL:-WARN}"
exec java "${LOCAL_JAVA_OPTS[@]}" -Dlog4j2.level=ERROR -Dcoldstart.root="$PWD" -cp "$LOCAL_CP" \
  com.llmgateway.local.bench.ColdStart "$@"
