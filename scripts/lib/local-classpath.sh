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
# One JVM carries three functions and three stand-ins (~0.6 MB allocated per chat, all of them
# together) and the stand-in's items, which live on. With the ~130 MB young generation the JVM starts
# with, a 10-15 ms young pause came every ~0.35 s of one-at-a-time requests (1 request in 100: the
# p99); a 512 MB one alone made them 3x rarer but 45 ms long (the items were copied between the
# survivor spaces up to 15 times); with the items promoted at their first collection
# (MaxTenuringThreshold=1) they are 23 ms (p50), and the total pause time is about half
# (scripts/bench.sh 400 with -Xlog:gc, 2026-12-04). MetaspaceSize: no full collections for class
# metadata while starting. SweeperThreshold: the default (15% of the code cache) asked for a full
# collection (0.7-0.9 s with the items in the heap) once the JIT had compiled ~36 MB more.
LOCAL_JAVA_OPTS=(--enable-native-access=ALL-UNNAMED -Daws.region=us-east-1 -XX:+UseSerialGC -Xmn512m -XX:MaxTenuringThreshold=1
  -XX:MetaspaceSize=128m -XX:SweeperThreshold=50)
export LOCAL_CP
