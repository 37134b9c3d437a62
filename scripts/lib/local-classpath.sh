# Sourced by run-local.sh and bench.sh after lib/jdk.sh. Compiles the modules the local runtime
# needs when a source or pom changed since the last build (quietly; skipped otherwise), then sets
# LOCAL_CP (classes of the six modules + their runtime dependencies) and LOCAL_JAVA_OPTS.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
local_modules="dynamodb-standin shared-core gateway-function auth-function usage-function local-runtime"
local_target="$root/local-runtime/target"
local_stamp="$local_target/run-local.stamp"
local_cpfile="$local_target/runtime-classpath.txt"

local_needs_build() {
  [ -f "$local_stamp" ] && [ -s "$local_cpfile" ] || return 0
  local m paths=("$root/pom.xml")
  for m in $local_modules; do
    [ -d "$root/$m/target/classes" ] || return 0
    paths+=("$root/$m/pom.xml" "$root/$m/src/main")
  done
  [ -n "$(find "${paths[@]}" -newer "$local_stamp" -print -quit 2>/dev/null)" ]
}

if local_needs_build; then
  echo "[local] building the local runtime (the first run downloads dependencies and takes a minute or two; later runs skip this)..." >&2
  build_start=$(date +%s)
  mkdir -p "$local_target"
  build_log="$local_target/run-local-build.log"
  if ! "$root/scripts/mvn.sh" -q -DskipTests compile dependency:build-classpath -pl local-runtime -am \
      -DincludeScope=runtime -DexcludeGroupIds=com.llmgateway -Dmdep.outputFile="$local_cpfile" >"$build_log" 2>&1; then
    grep -E '\[ERROR\]|error:' "$build_log" | head -40 >&2 || tail -40 "$build_log" >&2
    echo "error: the build failed; full log in $build_log" >&2
    exit 1
  fi
  touch "$local_stamp"
  echo "[local] built in $(( $(date +%s) - build_start )) s" >&2
fi

LOCAL_CP=""
for m in $local_modules; do LOCAL_CP="$LOCAL_CP$root/$m/target/classes:"; done
LOCAL_CP="$LOCAL_CP$(cat "$local_cpfile")"
# Serial GC, the collector Lambda's Java runtimes use by default (AWS's "Customize Java runtime startup
# behavior" page). Measured here (scripts/bench.sh, 2026-12-03, one run each, back to back): 16 clients
# 477 req/s at 4,136 us of CPU per request with the JVM's default G1, 556 / 3,541 with Parallel, 575 /
# 3,205 with Serial; on 2 cores G1's concurrent marking and barriers cost more than they save.
LOCAL_JAVA_OPTS=(--enable-native-access=ALL-UNNAMED -Daws.region=us-east-1 -XX:+UseSerialGC)
export LOCAL_CP
