#!/usr/bin/env bash
# Metering benchmarks against the DynamoDB stand-in (in-process), printed as tables:
#   scripts/bench-usage.sh [N ...]          the 30-day usage report's latency and items read after filling the
#                                           usage table with N requests' worth of ledger items and rollups
#                                           (default: 1000 then 100000)
#   scripts/bench-usage.sh metering [N]     what admission and the ledger add to one model call (default N=1000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
"$here/mvn.sh" -q -pl gateway-function,usage-function -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath | { grep -E "ERROR" || true; }
[ -s "$root/usage-function/target/test-classes/com/llmgateway/usage/bench/UsageReportBenchmark.class" ] \
  || { echo "error: the build failed (run scripts/mvn.sh -pl usage-function -am test-compile)" >&2; exit 1; }
. "$here/lib/jdk.sh"
if [ "${1:-}" = "metering" ]; then
  shift
  module=gateway-function; main=com.llmgateway.gateway.metering.bench.MeteringBenchmark
else
  module=usage-function; main=com.llmgateway.usage.bench.UsageReportBenchmark
fi
cp="$root/$module/target/test-classes:$root/$module/target/classes:$root/shared-core/target/classes:$root/test-support/target/classes:$root/dynamodb-standin/target/classes:$(cat "$root/$module/target/bench.classpath")"
POWERTOOLS_LOG_LEVEL=WARN exec java -Xmx1g --enable-native-access=ALL-UNNAMED -Dlog4j2.level=WARN -cp "$cp" "$main" "$@"
