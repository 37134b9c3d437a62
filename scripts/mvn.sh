#!/usr/bin/env bash
# Maven with a JDK 21+ picked by scripts/lib/jdk.sh. Arguments pass through.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/jdk.sh"
if ! command -v mvn >/dev/null 2>&1; then
  echo "error: Maven (mvn) is not on PATH; install Maven 3.8+ (Debian: apt-get install maven)" >&2
  exit 1
fi
cd "$here/.."
exec mvn -B -ntp "$@"
