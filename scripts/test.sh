#!/usr/bin/env bash
# The test command: unit tests, adapter tests against DynamoDB Local and the Bedrock
# stand-in, and end-to-end tests against the local runtime, then the Lambda jars.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/mvn.sh" verify "$@"
