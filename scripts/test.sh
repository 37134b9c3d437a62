#!/usr/bin/env bash
# The test command: unit tests, adapter tests against the local DynamoDB and the Bedrock stand-in,
# end-to-end tests against the local runtime (the demo script included), the Lambda jars, the
# static verification of the Terraform, and last the newcomer check (the README's first command,
# scripts/run-local.sh, on a fresh clone with a Maven repository that holds none of this project's
# artifacts). Extra arguments go to Maven.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/mvn.sh" verify "$@"
"$here/verify-terraform.sh"
"$here/newcomer-check.sh"
