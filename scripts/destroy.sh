#!/usr/bin/env bash
# Removes everything that scripts/deploy.sh created (functions, API, tables and their data, log
# groups, roles, dashboard, alarms). Arguments pass through to terraform destroy (e.g. -auto-approve).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v terraform >/dev/null 2>&1; then
  echo "error: terraform is not on PATH; install Terraform 1.6 or later (https://developer.hashicorp.com/terraform/install)" >&2
  exit 1
fi

terraform -chdir="$here/../terraform" init -input=false >/dev/null
terraform -chdir="$here/../terraform" destroy "$@"
