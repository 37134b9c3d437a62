#!/usr/bin/env bash
# The gateway's added latency, side by side with the Portkey gateway: N rounds, one request at a
# time and interleaved, of a direct Converse call to the Bedrock stand-in, a no-store chat, a true
# cache miss and its hit through the gateway, and the same chat through Portkey 1.15.2 (npm,
# installed once into .local/peers/, bound to 127.0.0.1, stopped at the end and on Ctrl-C); then
# cache-miss throughput with 1, 4 and 16 clients, the CPU time per request and the machine's load.
#
#   scripts/bench.sh [N] [--endpoint URL] [--key KEY] [--model NAME] [--warmup W]
#                    [--load-seconds S] [--no-peer]
# Without --endpoint it starts its own in-memory gateway on free ports and, unless --warmup W fixes
# the count, warms up until the JIT compilers settle (printing each warm-up block's medians). Without
# node/npm it says so and measures the rest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/jdk.sh"
. "$here/lib/local-classpath.sh"
cd "$here/.."
# The functions log at the deployed level (Terraform's log_level default, INFO): their lines and EMF
# documents are formatted and written as in Lambda, to a stdout the bench discards.
export POWERTOOLS_LOG_LEVEL="${POWERTOOLS_LOG_LEVEL:-INFO}"
# Portkey's Node server closes a connection idle for 5 s: the bench's client drops idle ones sooner.
exec java "${LOCAL_JAVA_OPTS[@]}" -Djdk.httpclient.keepalive.timeout=4 -Dlog4j2.level=ERROR -cp "$LOCAL_CP" com.llmgateway.local.bench.Bench "$@"
