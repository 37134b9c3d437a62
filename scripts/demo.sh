#!/usr/bin/env bash
# A live walkthrough of the gateway in ten steps, each of which checks what it shows:
#   1 what is running   2 health   3 authentication   4 models and prices   5 a live chat completion
#   6 the same request again (a cache hit)   7 a burst that hits the rate limit
#   8 the team's usage and cost by model   9 the FinOps chargeback across teams, as CSV
#   10 an embedding and its cost (EMBED_MODEL, default titan-embed-text-v2)
#   11 an agent delegates a summary to a cheap model over MCP and reads back its cost
#
#   scripts/demo.sh [--deployed] [--endpoint URL] [--no-pause]
#
# By default it targets the local runtime (start scripts/run-local.sh first) and reads its keys from
# ${LOCAL_DATA_DIR:-.local}/local.json; --deployed reads the endpoint and keys from `terraform output`
# (needs terraform). --endpoint (or LLMGW_ENDPOINT) overrides the endpoint; LLMGW_INVOKE_KEY,
# LLMGW_FINOPS_KEY and LLMGW_ADMIN_KEY override the keys (for a runtime started with --in-memory,
# which writes no local.json). It pauses between steps when stdin is a terminal; --no-pause runs
# straight through. DEMO_MODEL changes the model (default nova-micro).
# Step 7 creates (or reuses) a team "demo-burst" with 5 requests per minute and a short-lived key.
# Needs bash, curl and jq. Exits 0 when every step passed, 1 naming the step that failed, 2 on usage
# or setup errors. Keys are never printed in full.
set -uo pipefail

missing=()
for tool in curl jq; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "demo: missing ${missing[*]}: this demo needs bash, curl and jq (Debian/Ubuntu: apt-get install -y ${missing[*]})" >&2
  exit 2
fi

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "demo: $*" >&2; exit 2; }

deployed=false pause=true endpoint_override=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --deployed) deployed=true ;;
    --no-pause) pause=false ;;
    --endpoint) [[ $# -ge 2 ]] || die "--endpoint needs a URL"; endpoint_override="$2"; shift ;;
    --endpoint=*) endpoint_override="${1#--endpoint=}" ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${DEMO_MODEL:-nova-micro}"
team_id="" endpoint="" invoke_key="" finops_key="" admin_key="" dashboard=""
if $deployed; then
  target="the deployed stack (terraform output)"
  command -v terraform >/dev/null 2>&1 || die "--deployed reads terraform output, but terraform is not on PATH"
  # with no state, `output -raw` prints a "No outputs found" warning to stdout and exits 0: the
  # values are checked below
  tf() { terraform -chdir="$root/terraform" output -no-color -raw "$1" 2>/dev/null; }
  endpoint="$(tf api_endpoint)" || die "no terraform output api_endpoint: deploy first (scripts/deploy.sh)"
  [[ "$endpoint" =~ ^https?://[^[:space:]]+$ ]] || die "no terraform output api_endpoint: deploy first (scripts/deploy.sh)"
  invoke_key="$(tf demo_api_key)" || die "no terraform output demo_api_key"
  finops_key="$(tf finops_api_key)" || die "no terraform output finops_api_key"
  admin_key="$(tf admin_api_key)" || die "no terraform output admin_api_key"
  team_id="$(tf demo_team_id || true)"
  dashboard="$(tf dashboard_url || true)"
  [[ "$team_id" =~ ^[A-Za-z0-9._-]+$ ]] || team_id=""
  [[ "$dashboard" =~ ^https://[^[:space:]]+$ ]] || dashboard=""
elif [[ -n "${LLMGW_INVOKE_KEY:-}" && -n "${LLMGW_FINOPS_KEY:-}" && -n "${LLMGW_ADMIN_KEY:-}" ]]; then
  target="the gateway whose keys are in LLMGW_*_KEY"
  endpoint="${LLMGW_ENDPOINT:-http://127.0.0.1:8080}"
else
  local_json="${LOCAL_DATA_DIR:-$root/.local}/local.json"
  target="the local runtime ($local_json)"
  [[ -f "$local_json" ]] || die "no $local_json: start scripts/run-local.sh first (or use --deployed; a runtime started with --in-memory writes no local.json: set LLMGW_INVOKE_KEY, LLMGW_FINOPS_KEY and LLMGW_ADMIN_KEY)"
  endpoint="$(jq -r '.endpoint // empty' "$local_json")"
  team_id="$(jq -r '.team_id // empty' "$local_json")"
  invoke_key="$(jq -r '.keys.invoke // empty' "$local_json")"
  finops_key="$(jq -r '.keys.finops // empty' "$local_json")"
  admin_key="$(jq -r '.keys.admin // empty' "$local_json")"
fi
invoke_key="${LLMGW_INVOKE_KEY:-$invoke_key}" finops_key="${LLMGW_FINOPS_KEY:-$finops_key}" admin_key="${LLMGW_ADMIN_KEY:-$admin_key}"
[[ -n "${LLMGW_ENDPOINT:-}" ]] && endpoint="$LLMGW_ENDPOINT"
[[ -n "$endpoint_override" ]] && endpoint="$endpoint_override"
endpoint="${endpoint%/}"
[[ -n "$endpoint" ]] || die "no endpoint (use --endpoint URL)"
[[ -n "$invoke_key" && -n "$finops_key" && -n "$admin_key" ]] || die "the invoke, finops and admin keys are not all known"
for k in "$invoke_key" "$finops_key" "$admin_key"; do
  [[ "$k" =~ ^[A-Za-z0-9._~+/=-]+$ ]] || die "a key of $target does not look like an API key (empty terraform output?)"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/llmgw-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [[ -t 1 ]]; then bold=$'\e[1m' dim=$'\e[2m' green=$'\e[32m' red=$'\e[31m' off=$'\e[0m'; else bold="" dim="" green="" red="" off=""; fi

step_no=0 step_title="" total_steps=11
step() {
  step_no="$1" step_title="$2"
  if [[ "$step_no" -gt 1 ]] && $pause && [[ -t 0 ]]; then
    read -r -p "${dim}(Enter: next step, Ctrl-C: stop)${off} " _ || true
  fi
  printf '\n%s=== Step %s/%s: %s ===%s\n' "$bold" "$step_no" "$total_steps" "$step_title" "$off"
}
fail() { printf '%sdemo: step %s (%s) failed: %s%s\n' "$red" "$step_no" "$step_title" "$*" "$off" >&2; exit 1; }
ok() { printf '%s  ✓ %s%s\n' "$green" "$*" "$off"; }
say() { printf '  %s\n' "$*"; }

# lgw_…abcd: enough to recognise a key, never the key.
mask() { local k="$1"; if [[ ${#k} -gt 12 ]]; then printf '%s…%s' "${k:0:4}" "${k: -4}"; else printf '…'; fi; }

# http NAME KEY METHOD PATH [BODY] [HEADER...]: prints the status (000 when unreachable); the
# response lands in $work/NAME.head and $work/NAME.body. The key goes through a file descriptor,
# not the command line that `ps` shows.
http() {
  local name="$1" key="$2" method="$3" path="$4" data="${5:-}"
  shift 4; [[ $# -gt 0 ]] && shift
  local args=(-sS -X "$method" -o "$work/$name.body" -D "$work/$name.head" -w '%{http_code}'
              --connect-timeout 5 --max-time 60)
  [[ -n "$data" ]] && args+=(-H 'content-type: application/json' --data-binary "$data")
  local h; for h in "$@"; do args+=(-H "$h"); done
  printf '%s  → %s %s%s%s\n' "$dim" "$method" "$path" "${key:+   (x-api-key: $(mask "$key"))}" "$off" >&2
  if [[ -n "$key" ]]; then
    curl "${args[@]}" -H @<(printf 'x-api-key: %s\n' "$key") "$endpoint$path" 2>"$work/$name.err" || true
  else
    curl "${args[@]}" "$endpoint$path" 2>"$work/$name.err" || true
  fi
}
body() { tr -d '\r' <"$work/$1.body"; }
# header NAME HEADER: the last value of a response header (case-insensitive), trimmed.
header() { tr -d '\r' <"$work/$1.head" | grep -i "^$2:" | tail -n 1 | cut -d: -f2- | sed 's/^ *//'; }
expect_status() {  # expect_status NAME GOT WANT WHAT
  local name="$1" got="$2" want="$3" what="$4"
  if [[ "$got" == 000 ]]; then fail "$what: cannot reach $endpoint ($(head -c 200 "$work/$name.err"))"; fi
  [[ "$got" == "$want" ]] || fail "$what: expected HTTP $want, got $got: $(head -c 400 "$work/$name.body")"
}
is_json() { jq -e . "$work/$1.body" >/dev/null 2>&1; }
# The exact decimal of a JSON number as the gateway wrote it (jq 1.6 would round-trip it through a double).
raw_number() { grep -o "\"$2\":[^,}]*" "$work/$1.body" | head -n 1 | cut -d: -f2-; }
positive() { jq -en --arg v "$1" '($v | tonumber) > 0' >/dev/null 2>&1; }
is_zero() { jq -en --arg v "$1" '($v | tonumber) == 0' >/dev/null 2>&1; }

printf '%sLLM Gateway demo%s against %s\n' "$bold" "$off" "$target"

# ---------------------------------------------------------------------------------------------
step 1 "What is running"
s="$(http me "$invoke_key" GET /v1/me)"
[[ "$s" == 401 ]] && fail "the invoke key $(mask "$invoke_key") is not a key of $endpoint (a stale local.json? a runtime started with --in-memory or another LOCAL_DATA_DIR writes its own keys)"
expect_status me "$s" 200 "GET /v1/me with the invoke key"
[[ -n "$team_id" ]] || team_id="$(body me | jq -r '.team_id')"
s="$(http models "$invoke_key" GET /v1/models)"
expect_status models "$s" 200 "GET /v1/models"
model_count="$(body models | jq '.data | length')"
[[ "$model_count" -gt 0 ]] || fail "the catalog lists no models"
say "target:    $target"
say "endpoint:  $endpoint   (OpenAI base_url: $endpoint/v1)"
say "team:      $(body me | jq -r '"\(.team_id) (\(.team_name // "-"), cost center \(.cost_center // "-"))"')"
say "limits:    $(body me | jq -r '"\(.limits.rpm) requests/min, \(.limits.input_tpm) input + \(.limits.output_tpm) output tokens/min"')"
say "budget:    $(body me | jq -r 'if .monthly_budget_usd then "\(.month_spend_usd) of \(.monthly_budget_usd) USD spent in \(.month)" else "no monthly budget" end')"
say "keys:      invoke $(mask "$invoke_key"), finops $(mask "$finops_key"), admin $(mask "$admin_key")"
say "models:    $model_count in the catalog"
[[ -n "$dashboard" ]] && say "dashboard: $dashboard"
ok "the gateway answers and knows $model_count models"

# ---------------------------------------------------------------------------------------------
step 2 "Health"
s="$(http health "" GET /health)"
expect_status health "$s" 200 "GET /health"
say "$(body health | jq -c .)"
[[ "$(body health | jq -r '.status // empty')" == healthy ]] || fail "/health did not say healthy"
ok "healthy, and no key needed"

# ---------------------------------------------------------------------------------------------
step 3 "Authentication"
s="$(http nokey "" GET /v1/models)"
expect_status nokey "$s" 401 "no key"
say "no key     → HTTP $s $(body nokey | jq -c .)"
body nokey | jq -e '.error | has("message") and has("type") and has("param") and has("code")' >/dev/null \
  || fail "the 401 body is not an OpenAI error"
wrong_key="lgw_thisIsNotARealKeyOfThisGatewayJustForTheDemo0"
s="$(http wrongkey "$wrong_key" GET /v1/models)"
expect_status wrongkey "$s" 401 "a wrong key"
say "wrong key  → HTTP $s $(body wrongkey | jq -c .)"
s="$(http goodkey "$invoke_key" GET /v1/me)"
expect_status goodkey "$s" 200 "the invoke key"
say "valid key  → HTTP $s team $(body goodkey | jq -r .team_id), scopes $(body goodkey | jq -c .scopes)"
ok "401 without a key and with a wrong one (OpenAI error shape), 200 with a valid key"

# ---------------------------------------------------------------------------------------------
step 4 "Models and prices"
say "$(printf '%-28s %-10s %12s %12s' MODEL PROVIDER '$/1M IN' '$/1M OUT')"
body models | jq -r '.data | sort_by(.provider // .owned_by, .id)[]
    | [.id, (.provider // .owned_by), .pricing.input_per_1m_tokens, .pricing.output_per_1m_tokens] | @tsv' \
  | while IFS=$'\t' read -r id provider pin pout; do
      say "$(printf '%-28s %-10s %12s %12s' "$id" "$provider" "$pin" "$pout")"
    done
body models | jq -e --arg m "$model" 'any(.data[]; .id == $m)' >/dev/null || fail "$model is not in the catalog"
body models | jq -e 'all(.data[]; .pricing.input_per_1m_tokens != null and .pricing.output_per_1m_tokens != null)' >/dev/null \
  || fail "a model has no prices"
ok "$model_count models, every one priced per 1M input and output tokens"

# ---------------------------------------------------------------------------------------------
step 5 "A live chat completion"
# A question unique to this run (its time and process id), so that it is a real call even when the demo ran
# before, a second earlier or not.
question="In one sentence, what does an LLM gateway do? (demo run $(date -u +%H:%M:%S), pid $$)"
chat="$(jq -cn --arg m "$model" --arg q "$question" '{model: $m, max_tokens: 100,
  messages: [{role: "system", content: "Be brief."}, {role: "user", content: $q}]}')"
say "request:  $chat"
s="$(http chat1 "$invoke_key" POST /v1/chat/completions "$chat")"
expect_status chat1 "$s" 200 "POST /v1/chat/completions"
cost_header="$(header chat1 x-gateway-cost-usd)"
cost_body="$(raw_number chat1 cost_usd)"
say "answer:   $(body chat1 | jq -r '.choices[0].message.content')"
say "tokens:   $(body chat1 | jq -r '"\(.usage.prompt_tokens) in + \(.usage.completion_tokens) out = \(.usage.total_tokens)"')"
say "cost:     gateway_metadata.cost_usd $cost_body, x-gateway-cost-usd: $cost_header"
say "metadata: $(body chat1 | jq -c '.gateway_metadata | {team_id, provider, model_id, latency_ms, cached}')"
say "headers:  x-gateway-cache: $(header chat1 x-gateway-cache), x-request-id: $(header chat1 x-request-id)"
[[ "$(header chat1 x-gateway-cache)" == MISS ]] || fail "expected x-gateway-cache: MISS, got '$(header chat1 x-gateway-cache)'"
positive "$cost_header" || fail "expected a cost above 0 in x-gateway-cost-usd, got '$cost_header'"
body chat1 | jq -e --arg c "$cost_header" '(.gateway_metadata.cost_usd | tonumber) == ($c | tonumber)' >/dev/null \
  || fail "gateway_metadata.cost_usd ($cost_body) differs from x-gateway-cost-usd ($cost_header)"
ok "a real call: $cost_header USD, the same in the body and the header"

# ---------------------------------------------------------------------------------------------
step 6 "The same request again: a cache hit"
s="$(http chat2 "$invoke_key" POST /v1/chat/completions "$chat")"
expect_status chat2 "$s" 200 "the repeated request"
say "headers:  x-gateway-cache: $(header chat2 x-gateway-cache), Age: $(header chat2 age), x-gateway-cost-usd: $(header chat2 x-gateway-cost-usd)"
say "metadata: $(body chat2 | jq -c '.gateway_metadata | {cached, latency_ms}') cost_usd $(raw_number chat2 cost_usd)"
say "latency:  $(body chat1 | jq -r .gateway_metadata.latency_ms) ms live, $(body chat2 | jq -r .gateway_metadata.latency_ms) ms from the cache"
[[ "$(header chat2 x-gateway-cache)" == HIT ]] || fail "expected x-gateway-cache: HIT, got '$(header chat2 x-gateway-cache)'"
is_zero "$(header chat2 x-gateway-cost-usd)" || fail "a hit must cost 0, x-gateway-cost-usd is '$(header chat2 x-gateway-cost-usd)'"
body chat2 | jq -e '.gateway_metadata.cached == true and (.gateway_metadata.cost_usd | tonumber) == 0' >/dev/null \
  || fail "gateway_metadata does not say cached at cost 0"
[[ "$(body chat1 | jq -c .choices[0].message.content)" == "$(body chat2 | jq -c .choices[0].message.content)" ]] \
  || fail "the cached answer differs from the first one"
ok "HIT, same answer, cost 0"

# ---------------------------------------------------------------------------------------------
step 7 "A burst that hits the rate limit"
burst_team="demo-burst" burst_rpm=5 burst_n=12
team_json="$(jq -cn --arg t "$burst_team" --argjson r "$burst_rpm" '{team_id: $t, name: "Demo burst", cost_center: "CC-DEMO",
  limits: {rpm: $r, input_tpm: 100000, output_tpm: 20000}}')"
s="$(http team "$admin_key" POST /v1/teams "$team_json")"
case "$s" in
  201) say "created team $burst_team with $burst_rpm requests per minute (admin key)" ;;
  409)
    s="$(http team "$admin_key" PATCH "/v1/teams/$burst_team" "$(jq -c '{limits, enabled: true}' <<<"$team_json")")"
    expect_status team "$s" 200 "PATCH /v1/teams/$burst_team"
    say "team $burst_team exists: limit set back to $burst_rpm requests per minute" ;;
  *) expect_status team "$s" 201 "POST /v1/teams" ;;
esac
s="$(http key "$admin_key" POST /v1/keys "$(jq -cn --arg t "$burst_team" '{team_id: $t, name: "demo-burst", scopes: ["invoke"]}')")"
expect_status key "$s" 201 "POST /v1/keys"
burst_key="$(body key | jq -r .api_key)" burst_key_id="$(body key | jq -r .key_id)"
say "invoke key $(mask "$burst_key") ($burst_key_id) for $burst_team"
say "firing $burst_n requests at once with Cache-Control: no-store..."
burst_chat="$(jq -cn --arg m "$model" '{model: $m, max_tokens: 16, messages: [{role: "user", content: "Name one colour."}]}')"
for i in $(seq 1 "$burst_n"); do
  http "burst$i" "$burst_key" POST /v1/chat/completions "$burst_chat" 'cache-control: no-store' >"$work/burst$i.status" 2>/dev/null &
done
wait
s="$(http revoke "$admin_key" DELETE "/v1/keys/$burst_key_id")"
[[ "$s" == 200 ]] && say "burst key revoked" || say "could not revoke the burst key $burst_key_id (HTTP $s)"
n200=0 n429=0 other="" first429=""
for i in $(seq 1 "$burst_n"); do
  st="$(cat "$work/burst$i.status")"
  case "$st" in
    200) n200=$((n200 + 1)) ;;
    429) n429=$((n429 + 1)); [[ -n "$first429" ]] || first429="burst$i" ;;
    *) other="$other $st" ;;
  esac
done
say "results:  $n200 × 200, $n429 × 429${other:+, other:$other}"
if [[ -n "$first429" ]]; then
  say "one 429's headers:"
  tr -d '\r' <"$work/$first429.head" | grep -iE '^(retry-after|retry-after-ms|x-ratelimit-[a-z-]+):' | sort -f \
    | while IFS=: read -r name value; do say "  ${name,,}:$value"; done
  say "and its body: $(body "$first429" | jq -c .)"
fi
[[ -z "$other" ]] || fail "expected only 200 and 429, got:$other"
[[ "$n429" -ge 1 ]] || fail "no request was rate limited ($n200 × 200 with a limit of $burst_rpm per minute)"
[[ -n "$(header "$first429" retry-after)" ]] || fail "the 429 has no retry-after header"
body "$first429" | jq -e '.error.code == "rate_limit_exceeded"' >/dev/null || fail "the 429 is not code rate_limit_exceeded"
ok "the limit held: $n429 of $burst_n requests got 429 with retry-after"

# ---------------------------------------------------------------------------------------------
step 8 "The team's usage and cost by model"
# today and yesterday (UTC): the calls of steps 5 and 6 are in it even when a day ended since
s="$(http usage "$invoke_key" GET '/v1/usage?days=2')"
expect_status usage "$s" 200 "GET /v1/usage?days=2"
say "$(body usage | jq -r '"team \(.team_id), \(.period.start) to \(.period.end): \(.summary.total_requests) requests, \(.summary.total_tokens) tokens, \(.summary.total_cost_usd) USD; \(.summary.cache_hits) cache hits saved \(.summary.cost_saved_usd) USD; \(.summary.errors) errors"')"
say "$(printf '%-24s %8s %10s %10s %14s %6s %14s' MODEL REQUESTS IN_TOKENS OUT_TOKENS COST_USD HITS SAVED_USD)"
body usage | jq -r '.by_model[] | [.model, .requests, .input_tokens, .output_tokens, .cost_usd, .cache_hits, .cost_saved_usd] | @tsv' \
  | while IFS=$'\t' read -r m r i o c h sv; do say "$(printf '%-24s %8s %10s %10s %14s %6s %14s' "$m" "$r" "$i" "$o" "$c" "$h" "$sv")"; done
body usage | jq -r 'if .budget then "budget \(.budget.month): \(.budget.spent_usd) of \(.budget.monthly_budget_usd) USD spent, \(.budget.remaining_usd) left" else empty end' \
  | while read -r line; do say "$line"; done
body usage | jq -e '.summary.total_requests >= 2 and .summary.cache_hits >= 1' >/dev/null \
  || fail "the report does not show steps 5 and 6 (at least 2 requests and 1 cache hit)"
body usage | jq -e --arg m "$model" 'any(.by_model[]; .model == $m)' >/dev/null || fail "no $model line in by_model"
ok "steps 5 and 6 are in the ledger, the hit at no cost"

# ---------------------------------------------------------------------------------------------
step 9 "FinOps chargeback across teams (CSV)"
# the days of step 8's report, so that the demo's calls are in it even when a month ended since
period_start="$(body usage | jq -r '.period.start')" period_end="$(body usage | jq -r '.period.end')"
[[ "$period_start" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ && "$period_end" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] \
  || fail "step 8's report has no period (start '$period_start', end '$period_end')"
chargeback="/v1/usage/teams?format=csv&from=$period_start&to=$period_end"
s="$(http denied "$invoke_key" GET "$chargeback")"
expect_status denied "$s" 403 "the chargeback with an invoke key"
say "with the invoke key → HTTP $s $(body denied | jq -c .error.code)"
s="$(http csv "$finops_key" GET "$chargeback")"
expect_status csv "$s" 200 "GET $chargeback with the finops key"
say "with the finops key → HTTP $s, $(header csv content-type), $period_start to $period_end"
echo
body csv | sed 's/^/    /'
echo
[[ "$(header csv content-type)" == text/csv* ]] || fail "expected content-type text/csv, got '$(header csv content-type)'"
[[ "$(body csv | head -n 1)" == period_start,period_end,team_id,* ]] || fail "the CSV has no header line"
for t in "$team_id" "$burst_team"; do
  body csv | cut -d, -f3 | grep -qxF "$t" || fail "no row for team $t"
done
ok "one row per team and model, invoke keys refused"

# ---------------------------------------------------------------------------------------------
step 10 "An embedding and its cost"
embed_model="${EMBED_MODEL:-titan-embed-text-v2}"
s="$(http embmodel "$invoke_key" GET "/v1/models/$embed_model")"
expect_status embmodel "$s" 200 "GET /v1/models/$embed_model"
body embmodel | jq -e '.kind == "embedding"' >/dev/null || fail "$embed_model is not an embedding model"
price="$(body embmodel | jq -r .pricing.input_per_1m_tokens)"
# A text unique to this run, so that it is a real call (the cache would answer a repeat at no cost).
embed="$(jq -cn --arg m "$embed_model" --arg t "An LLM gateway meters every call (demo run $(date -u +%H:%M:%S), pid $$)." \
  '{model: $m, input: $t, dimensions: 256}')"
say "request:  $embed"
s="$(http embed "$invoke_key" POST /v1/embeddings "$embed")"
expect_status embed "$s" 200 "POST /v1/embeddings"
tokens="$(body embed | jq -r .usage.prompt_tokens)"
cost="$(body embed | jq -r .gateway_metadata.cost_usd)"
say "vector:   $(body embed | jq -r '.data[0].embedding | "\(length) dimensions, first \(.[0:3] | map(tostring) | join(", ")) ..."')"
say "cost:     $tokens tokens x $price USD per 1M = $cost USD (x-gateway-cost-usd: $(header embed x-gateway-cost-usd))"
say "metadata: $(body embed | jq -c '.gateway_metadata | {model_id, cached, latency_ms}')"
body embed | jq -e '.data[0].embedding | length == 256' >/dev/null || fail "expected a vector of 256 dimensions"
jq -en --arg t "$tokens" --arg p "$price" --arg c "$cost" \
  '(($t | tonumber) * ($p | tonumber) / 1000000 - ($c | tonumber)) as $d | (if $d < 0 then -$d else $d end) < 1e-15' >/dev/null \
  || fail "cost $cost is not $tokens tokens x $price USD per 1M"
ok "one embedding, $tokens tokens at $price USD per 1M: $cost USD"

# ---------------------------------------------------------------------------------------------
step 11 "An agent delegates a summary to a cheap model (MCP)"
# A report of 12 paragraphs (about 1,000 tokens), cut into chunks of 500 tokens: each chunk is
# summarised by the cheapest model the team may use, then the summaries merged; every call is
# admitted, billed and recorded in the ledger like a chat completion.
report=""
for i in $(seq 1 12); do
  report+="Site $i shipped $((i * 40)) orders in week $i. Returns stayed under two percent and the warehouse kept its schedule. "
  report+="The team reviewed the carriers, renegotiated one contract and logged every delay with its cause for the monthly review. "
  report+="Customer mail about late parcels fell again, and the support queue closed the week with no open tickets. "$'\n\n'
done
rpc="$(jq -cn --arg text "$report" '{jsonrpc: "2.0", id: 1, method: "tools/call",
  params: {name: "summarize_document", arguments: {text: $text, format: "bullets", target_words: 60, chunk_tokens: 500}}}')"
s="$(http mcp "$invoke_key" POST /mcp "$rpc" 'accept: application/json, text/event-stream')"
expect_status mcp "$s" 200 "POST /mcp tools/call summarize_document"
body mcp | jq -e '.result.isError == false' >/dev/null || fail "the tool failed: $(body mcp | jq -c '.result.content[0].text // .error')"
summary() { body mcp | jq -r ".result.structuredContent.$1"; }
say "tools/call summarize_document → $(summary document_tokens) tokens in $(summary chunks) chunks, $(summary model_calls) model calls on $(summary model)"
echo
summary summary | sed 's/^/    /'
echo
say "cost $(summary cost_usd) USD for $(summary usage.input_tokens) input and $(summary usage.output_tokens) output tokens, $(summary cache_hits) cache hits"
say "ledger records (route mcp, tool summarize_document): $(body mcp | jq -r '.result.structuredContent.request_ids | join(" ")')"
body mcp | jq -e '.result.structuredContent | .complete and .chunks > 1 and .model_calls == .chunks + 1
  and (.request_ids | length) == .model_calls' >/dev/null || fail "expected a complete map-reduce summary with one call per chunk plus one merge"
ok "delegated: $(summary chunks) chunk summaries merged into one, each call metered"

printf '\n%sdemo: all %s steps passed%s\n' "$green" "$total_steps" "$off"
