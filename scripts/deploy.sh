#!/usr/bin/env bash
# Builds the three Lambda jars and deploys the stack with Terraform.
#   scripts/deploy.sh [--with-tests] [terraform apply arguments...]
# e.g. scripts/deploy.sh -auto-approve -var region=us-west-2
# Needs Terraform >= 1.6, AWS credentials (the usual AWS_* variables or profile) and Bedrock
# model access for the catalog's models in the region.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."

if ! command -v terraform >/dev/null 2>&1; then
  echo "error: terraform is not on PATH; install Terraform 1.6 or later (https://developer.hashicorp.com/terraform/install)" >&2
  exit 1
fi

skip_tests=(-DskipTests)
if [ "${1:-}" = "--with-tests" ]; then
  skip_tests=()
  shift
fi

echo "==> Building the Lambda jars${skip_tests:+ (tests skipped; --with-tests runs them)}"
"$here/mvn.sh" -q -pl gateway-function,auth-function,usage-function -am package "${skip_tests[@]}"
for m in gateway-function auth-function usage-function; do
  if [ ! -f "$root/$m/target/$m.jar" ]; then
    echo "error: the build did not produce $m/target/$m.jar" >&2
    exit 1
  fi
done

# The streaming function's exec wrapper as a Lambda layer (/opt/stream-runtime, executable).
python3 - "$root/gateway-function/src/main/lambda/stream-runtime" "$root/gateway-function/target/stream-runtime-layer.zip" <<'PY'
import sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo("stream-runtime", date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = 0o100755 << 16
    z.writestr(info, open(src, "rb").read())
PY

echo "==> terraform init"
terraform -chdir="$root/terraform" init -input=false
echo "==> terraform apply"
terraform -chdir="$root/terraform" apply "$@"

endpoint="$(terraform -chdir="$root/terraform" output -raw api_endpoint 2>/dev/null || true)"
if [ -n "$endpoint" ]; then
  cat <<MSG

Deployed. API endpoint: $endpoint
  (OpenAI base_url: ${endpoint%/}/v1)
Keys of the demo team (shown only on request, they are sensitive outputs):
  terraform -chdir=terraform output -raw demo_api_key     # invoke: call models
  terraform -chdir=terraform output -raw finops_api_key   # finops: every team's usage
  terraform -chdir=terraform output -raw admin_api_key    # admin: teams and keys
Try:
  curl -s ${endpoint%/}/health
  curl -s -H "x-api-key: \$(terraform -chdir=terraform output -raw demo_api_key)" ${endpoint%/}/v1/models
Dashboard: $(terraform -chdir="$root/terraform" output -raw dashboard_url 2>/dev/null || echo "terraform -chdir=terraform output dashboard_url")
Remove everything: scripts/destroy.sh
MSG
fi
