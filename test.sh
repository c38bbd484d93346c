#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need (dockerd, a test sshd, the
# offline images), then runs every test project. Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")"

[ -x .ci/docker-up.sh ] || chmod +x .ci/*.sh 2>/dev/null || true
for setup in .ci/docker-up.sh .ci/sshd-up.sh; do
  [ -f "$setup" ] && bash "$setup"
done
[ -f images/build.sh ] && [ -n "${INFRA_TEST_IMAGES:-}" ] && bash images/build.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Infra.sln -c Release -nologo -v q
log=$(mktemp)
status=0
dotnet test Infra.sln -c Release --no-build -nologo -v q 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
