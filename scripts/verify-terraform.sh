#!/usr/bin/env bash
# Static verification of terraform/ without Terraform, providers or AWS: parses every .tf file
# with HashiCorp's HCL parser, checks names against the AWS provider's schema and cross-checks
# the Terraform against the code and shared-core's declarations (routes, handlers, settings and
# environment variables, tables, IAM, the demo team, the README's configuration table), then
# runs the verifier's own negative tests. The first run installs two npm packages (npm ci);
# later runs reuse them offline. With terraform on PATH, `terraform fmt -check` runs too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/verify-terraform"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: verify-terraform needs Node.js 20+ and npm on PATH (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "error: verify-terraform needs Node.js 20+, found $(node --version)" >&2
  exit 1
fi

# Install once per package-lock.json: the lock file's hash is kept beside the modules.
lock_hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
stamp="$dir/node_modules/.installed-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "verify-terraform: installing @cdktf/hcl2json and @cdktf/provider-aws (npm ci, first run only)"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >&2
  echo "$lock_hash" > "$stamp"
fi

status=0
if command -v terraform >/dev/null 2>&1; then
  if terraform -chdir="$here/../terraform" fmt -check -diff >/dev/null 2>&1; then
    echo "  ok  terraform fmt -check"
  else
    echo "  FAIL terraform fmt -check: run terraform -chdir=terraform fmt" >&2
    terraform -chdir="$here/../terraform" fmt -check -diff 2>/dev/null >&2 || true
    status=1
  fi
else
  echo "  --  terraform fmt -check skipped (no terraform on PATH; CI's terraform workflow runs it)"
fi

(cd "$dir" && node verify.mjs) || status=1
(cd "$dir" && node --test test/verify.test.mjs) || status=1
exit "$status"
