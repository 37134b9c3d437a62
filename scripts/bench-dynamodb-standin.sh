#!/usr/bin/env bash
# The DynamoDB stand-in's benchmark (a program, not a test): median and p99 of GetItem, a conditional
# UpdateItem with ADD, a 3-item TransactWriteItems and a 25-item BatchWriteItem through the AWS SDK
# for Java over loopback, mixed throughput with 8 client threads, and the engine's own time per call
# beside each round trip; with three clients: the SDK's URL-connection client (what the functions
# ship), the SDK on java.net.http, and raw JSON over java.net.http.
#   scripts/bench-dynamodb-standin.sh [calls per operation (3000)] [mixed-load seconds (5)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
"$here/mvn.sh" -q -f dynamodb-standin/pom.xml test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath | { grep -E "ERROR" || true; }
module="$root/dynamodb-standin"
[ -s "$module/target/test-classes/com/llmgateway/dynamodb/standin/bench/StandInBenchmark.class" ] \
  || { echo "error: the build failed (run scripts/mvn.sh -f dynamodb-standin/pom.xml test-compile)" >&2; exit 1; }
. "$here/lib/jdk.sh"
exec java -Xmx1g -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")" \
  com.llmgateway.dynamodb.standin.bench.StandInBenchmark "$@"
