#!/usr/bin/env bash
# Teams and API keys from the command line (curl + jq), against the gateway's admin API.
#
# Endpoint and admin key: LLMGW_ENDPOINT and LLMGW_ADMIN_KEY, else .local/local.json written by the
# local runtime (LOCAL_DATA_DIR changes the folder). Plaintext keys are printed once, when created or
# rotated; nothing is written to disk.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/keys.sh <command> [args]

  me                                     the calling key's team, scopes, limits and budget
  list-teams                             every team
  get-team <team_id>
  create-team <team_id> [options]        --name N --cost-center C --rpm N --input-tpm N --output-tpm N
                                         --budget USD --models a,b* --cache-ttl S --shared-cache true|false
                                         --json '{...}' (a whole POST /v1/teams body instead)
  update-team <team_id> <json>           PATCH any subset, e.g. '{"limits":{"rpm":120}}'
  disable-team <team_id> | enable-team <team_id>
  list-keys [team_id]
  create-key <team_id> <name> [--scopes invoke,finops,admin] [--expires YYYY-MM-DDThh:mm:ssZ]
  revoke <key_id>
  rotate <key_id> [--expires YYYY-MM-DDThh:mm:ssZ]

--expires: a future ISO-8601 date-time with an offset (Z for UTC)
environment: LLMGW_ENDPOINT, LLMGW_ADMIN_KEY (default: .local/local.json), LOCAL_DATA_DIR
USAGE
}

die() { echo "keys.sh: $*" >&2; exit 2; }
command -v curl >/dev/null || die "curl is required"
command -v jq >/dev/null || die "jq is required (Debian: apt-get install jq)"


# api METHOD PATH [BODY]: prints the JSON body; exits 1 with the gateway's error on a non-2xx status.
api() {
  local method="$1" path="$2" body="${3:-}" out status
  # the admin key goes through a file descriptor, not the command line that `ps` shows
  local args=(-sS -X "$method" -H "accept: application/json" -w '\n%{http_code}')
  [[ -n "$body" ]] && args+=(-H "content-type: application/json" --data-binary "$body")
  out="$(curl "${args[@]}" -H @<(printf 'x-api-key: %s\n' "$admin_key") "$endpoint$path")" || die "cannot reach $endpoint"
  status="${out##*$'\n'}"
  out="${out%$'\n'*}"
  if [[ "$status" != 2* ]]; then
    echo "HTTP $status: $(jq -r '.error | "\(.message) (param: \(.param // "-"), code: \(.code // "-"))"' <<<"$out" 2>/dev/null || echo "$out")" >&2
    exit 1
  fi
  jq . <<<"$out"
}

csv_json() { jq -cn --arg s "$1" '$s | split(",") | map(select(length > 0))'; }

cmd="${1:-}"; [[ $# -gt 0 ]] && shift
case "$cmd" in
  ""|-h|--help|help) usage; exit 0 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_json="${LOCAL_DATA_DIR:-$root/.local}/local.json"
endpoint="${LLMGW_ENDPOINT:-}"
admin_key="${LLMGW_ADMIN_KEY:-}"
if [[ -z "$endpoint" || -z "$admin_key" ]]; then
  [[ -f "$local_json" ]] || die "set LLMGW_ENDPOINT and LLMGW_ADMIN_KEY, or start the local runtime (no $local_json)"
  endpoint="${endpoint:-$(jq -r '.endpoint' "$local_json")}"
  admin_key="${admin_key:-$(jq -r '.keys.admin' "$local_json")}"
fi
endpoint="${endpoint%/}"
case "$cmd" in
  me) api GET /v1/me ;;
  list-teams) api GET /v1/teams ;;
  get-team) [[ $# -eq 1 ]] || die "get-team <team_id>"; api GET "/v1/teams/$1" ;;
  create-team)
    [[ $# -ge 1 ]] || die "create-team <team_id> [options]"
    body="$(jq -cn --arg id "$1" '{team_id: $id}')"; shift
    while [[ $# -gt 0 ]]; do
      [[ $# -ge 2 ]] || die "option $1 needs a value"
      case "$1" in
        --json) body="$2" ;;
        --name) body="$(jq -c --arg v "$2" '.name = $v' <<<"$body")" ;;
        --cost-center) body="$(jq -c --arg v "$2" '.cost_center = $v' <<<"$body")" ;;
        --rpm) body="$(jq -c --argjson v "$2" '.limits.rpm = $v' <<<"$body")" ;;
        --input-tpm) body="$(jq -c --argjson v "$2" '.limits.input_tpm = $v' <<<"$body")" ;;
        --output-tpm) body="$(jq -c --argjson v "$2" '.limits.output_tpm = $v' <<<"$body")" ;;
        --budget) body="$(jq -c --arg v "$2" '.monthly_budget_usd = $v' <<<"$body")" ;;
        --models) body="$(jq -c --argjson v "$(csv_json "$2")" '.allowed_models = $v' <<<"$body")" ;;
        --cache-ttl) body="$(jq -c --argjson v "$2" '.cache.ttl_seconds = $v' <<<"$body")" ;;
        --shared-cache) body="$(jq -c --argjson v "$2" '.cache.shared = $v' <<<"$body")" ;;
        *) die "unknown option $1" ;;
      esac
      shift 2
    done
    api POST /v1/teams "$body" ;;
  update-team) [[ $# -eq 2 ]] || die "update-team <team_id> <json>"; api PATCH "/v1/teams/$1" "$2" ;;
  disable-team) [[ $# -eq 1 ]] || die "disable-team <team_id>"; api PATCH "/v1/teams/$1" '{"enabled":false}' ;;
  enable-team) [[ $# -eq 1 ]] || die "enable-team <team_id>"; api PATCH "/v1/teams/$1" '{"enabled":true}' ;;
  list-keys)
    if [[ $# -ge 1 ]]; then api GET "/v1/keys?team_id=$(jq -rn --arg v "$1" '$v|@uri')"; else api GET /v1/keys; fi ;;
  create-key)
    [[ $# -ge 2 ]] || die "create-key <team_id> <name> [--scopes a,b] [--expires ISO]"
    body="$(jq -cn --arg t "$1" --arg n "$2" '{team_id: $t, name: $n, scopes: ["invoke"]}')"; shift 2
    while [[ $# -gt 0 ]]; do
      [[ $# -ge 2 ]] || die "option $1 needs a value"
      case "$1" in
        --scopes) body="$(jq -c --argjson v "$(csv_json "$2")" '.scopes = $v' <<<"$body")" ;;
        --expires) body="$(jq -c --arg v "$2" '.expires_at = $v' <<<"$body")" ;;
        *) die "unknown option $1" ;;
      esac
      shift 2
    done
    api POST /v1/keys "$body" ;;
  revoke) [[ $# -eq 1 ]] || die "revoke <key_id>"; api DELETE "/v1/keys/$1" ;;
  rotate)
    [[ $# -ge 1 ]] || die "rotate <key_id> [--expires ISO]"
    id="$1"; shift; body=""
    if [[ $# -ge 2 && "$1" == "--expires" ]]; then body="$(jq -cn --arg v "$2" '{expires_at: $v}')"; fi
    api POST "/v1/keys/$id/rotate" "$body" ;;
  *) usage >&2; exit 2 ;;
esac
