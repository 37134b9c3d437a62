#!/usr/bin/env bash
# The newcomer check, the last step of scripts/test.sh: the README's first command on a fresh clone.
#
# Clones the commit under test (HEAD) into a temporary folder, gives Maven a local repository that
# holds the downloaded dependencies but none of this project's own artifacts (a hard-link copy of
# the user's repository without com/llmgateway), runs scripts/run-local.sh there as the README says
# (on a free port instead when a gateway already runs on 8080), waits for /health, sends one
# chat completion with the key it printed, and stops it. Fails with the script's own output when
# any step fails.
#
#   scripts/newcomer-check.sh
#   NEWCOMER_START_TIMEOUT=900   seconds to wait for the build and start (the clone builds from scratch)
#   MAVEN_REPO_LOCAL=dir         the user's Maven repository to copy (default ~/.m2/repository)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
timeout_s="${NEWCOMER_START_TIMEOUT:-900}"
user_repo="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"

say() { echo "[newcomer] $*" >&2; }
fail() {
  say "FAILED: $*"
  if [ -s "$work/run.err" ]; then say "--- scripts/run-local.sh stderr ---"; tail -60 "$work/run.err" >&2; fi
  if [ -s "$work/run.out" ]; then say "--- scripts/run-local.sh stdout ---"; tail -30 "$work/run.out" >&2; fi
  exit 1
}

for tool in git curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { say "FAILED: $tool is needed"; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/llmgw-newcomer.XXXXXX")"
# The repository copy sits beside the user's, on the same file system, so hard links work.
repo_copy="$(dirname "$user_repo")/.llmgw-newcomer-repo.$$"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work" "$repo_copy"
}
trap cleanup EXIT

if ! git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
  say "FAILED: $root is not a git checkout with a commit to clone"; exit 1
fi
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  say "note: uncommitted changes are not part of this check (it clones HEAD $(git -C "$root" rev-parse --short HEAD))"
fi
git clone -q --no-hardlinks "$root" "$work/clone"
say "cloned $(git -C "$work/clone" rev-parse --short HEAD) into $work/clone"

mkdir -p "$(dirname "$repo_copy")"
if [ -d "$user_repo" ]; then
  cp -al "$user_repo" "$repo_copy" 2>/dev/null || cp -a "$user_repo" "$repo_copy"
else
  mkdir -p "$repo_copy"
fi
rm -rf "$repo_copy/com/llmgateway"
say "Maven repository without this project's artifacts: $repo_copy"

cd "$work/clone"
start=$(date +%s)
# Exactly the README's command when its port (8080) is free; on a free port when a gateway runs there.
args=()
if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
  args=(--port 0)
  say "port 8080 is taken: running scripts/run-local.sh --port 0"
fi
env -u LOCAL_DATA_DIR -u PORT -u BEDROCK_MODE MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$repo_copy" \
  scripts/run-local.sh "${args[@]}" >"$work/run.out" 2>"$work/run.err" &
pid=$!

endpoint=""
while [ -z "$endpoint" ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" && rc=0 || rc=$?
    fail "scripts/run-local.sh exited with status $rc before it was ready"
  fi
  if [ $(( $(date +%s) - start )) -gt "$timeout_s" ]; then
    fail "scripts/run-local.sh was not ready after $timeout_s s"
  fi
  endpoint=$(sed -n 's/^LLM Gateway running at \(http[^ ]*\).*/\1/p' "$work/run.out" | head -1)
  [ -n "$endpoint" ] || sleep 0.5
done
say "ready at $endpoint after $(( $(date +%s) - start )) s"

key=$(awk '$1 == "Keys:" && $2 == "invoke" {print $3; exit}' "$work/run.out")
[ -n "$key" ] || fail "scripts/run-local.sh printed no invoke key"
[ -s .local/local.json ] && [ "$(jq -r .keys.invoke .local/local.json)" = "$key" ] \
  || fail ".local/local.json does not hold the printed invoke key"

health=$(curl -s -o "$work/health.json" -w '%{http_code}' "$endpoint/health") || fail "GET /health did not answer"
[ "$health" = 200 ] && [ "$(jq -r .status "$work/health.json")" = healthy ] \
  || fail "GET /health answered $health: $(cat "$work/health.json")"

code=$(curl -s -o "$work/chat.json" -w '%{http_code}' "$endpoint/v1/chat/completions" \
  -H "Authorization: Bearer $key" -H 'content-type: application/json' \
  -d '{"model":"nova-micro","messages":[{"role":"user","content":"What is the capital of France?"}],"max_tokens":50}') \
  || fail "POST /v1/chat/completions did not answer"
[ "$code" = 200 ] || fail "POST /v1/chat/completions answered $code: $(cat "$work/chat.json")"
content=$(jq -r '.choices[0].message.content // empty' "$work/chat.json")
cost=$(jq -r '.gateway_metadata.cost_usd // empty' "$work/chat.json")
[ -n "$content" ] && [ -n "$cost" ] || fail "the chat completion has no content or cost: $(cat "$work/chat.json")"

kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
pid=""
say "ok: /health 200, chat completion 200 (cost_usd $cost), stopped"
