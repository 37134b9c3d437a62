#!/usr/bin/env bash
# Benchmark of the usage report: fills DynamoDB Local (in-process) with 1,000 and then 100,000
# requests' worth of ledger items and rollups, and prints the 30-day report's latency and items read.
# Arguments (optional): request counts, e.g. scripts/bench-usage.sh 1000 10000 100000
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
"$here/mvn.sh" -q -pl usage-function -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/usage-function/target/bench.classpath" | { grep -E "ERROR" || true; }
[ -s "$root/usage-function/target/test-classes/com/llmgateway/usage/bench/UsageReportBenchmark.class" ] || { echo "error: build failed" >&2; exit 1; }
. "$here/lib/jdk.sh"
cp="$root/usage-function/target/test-classes:$root/usage-function/target/classes:$root/shared-core/target/classes:$(cat "$root/usage-function/target/bench.classpath")"
POWERTOOLS_LOG_LEVEL=WARN exec java -Xmx1g --enable-native-access=ALL-UNNAMED -Dlog4j2.level=WARN \
  -cp "$cp" com.llmgateway.usage.bench.UsageReportBenchmark "$@"
