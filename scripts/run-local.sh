#!/usr/bin/env bash
# Runs the gateway on this machine, in the foreground: the HTTP API stand-in on 127.0.0.1:8080,
# the DynamoDB stand-in in-process and the Bedrock stand-in. Prints the endpoint, the demo keys and a
# ready-to-paste curl. Ctrl-C stops everything.
#
#   scripts/run-local.sh [--port N] [--in-memory]
#   PORT=9090            the port (--port wins; 0 picks a free one)
#   LOCAL_DATA_DIR=dir   where DynamoDB data and local.json live (default: .local at the repository root)
#   BEDROCK_MODE=aws     call real Bedrock with the default AWS credential chain instead of the stand-in
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/jdk.sh"
. "$here/lib/local-classpath.sh"
cd "$here/.."
echo "[local] starting (JDK $(java_major "$JAVA_HOME"))..." >&2
exec java "${LOCAL_JAVA_OPTS[@]}" -cp "$LOCAL_CP" com.llmgateway.local.LocalRuntime "$@"
