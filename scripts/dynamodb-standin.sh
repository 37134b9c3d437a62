#!/usr/bin/env bash
# Runs the DynamoDB stand-in engine alone, in the foreground, and prints its endpoint. Ctrl-C stops
# it (closing its data files). Point any AWS SDK at the endpoint with dummy credentials.
#
#   scripts/dynamodb-standin.sh [--port N] [--data DIR]
#   --port N     the loopback port (default 8000; 0 picks a free one)
#   --data DIR   keep tables in DIR (append-only log + snapshot); without it, in memory only
#
# Builds dynamodb-standin quietly with scripts/mvn.sh when its sources or pom changed since the last build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/jdk.sh"
root="$here/.."
module="$root/dynamodb-standin"
target="$module/target"
stamp="$target/standin.stamp"
cpfile="$target/standin-classpath.txt"

needs_build() {
  [ -f "$stamp" ] && [ -s "$cpfile" ] && [ -d "$target/classes" ] || return 0
  [ -n "$(find "$root/pom.xml" "$module/pom.xml" "$module/src/main" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

if needs_build; then
  echo "[standin] building dynamodb-standin..." >&2
  mkdir -p "$target"
  log="$target/standin-build.log"
  if ! "$here/mvn.sh" -q -f dynamodb-standin/pom.xml -DskipTests compile dependency:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile="$cpfile" >"$log" 2>&1; then
    grep -E '\[ERROR\]|error:' "$log" | head -40 >&2 || tail -40 "$log" >&2
    echo "error: the build failed; full log in $log" >&2
    exit 1
  fi
  touch "$stamp"
fi

exec java -cp "$target/classes:$(cat "$cpfile")" com.llmgateway.dynamodb.standin.Main "$@"
