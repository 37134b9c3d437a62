#!/usr/bin/env bash
# The test command: unit tests, adapter tests against DynamoDB Local and the Bedrock stand-in,
# end-to-end tests against the local runtime (the demo script included), the Lambda jars, and the
# static verification of the Terraform. Extra arguments go to Maven.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/mvn.sh" verify "$@"
"$here/verify-terraform.sh"
