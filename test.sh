#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need (dockerd, a test sshd on
# 127.0.0.1:2222, the offline demo images), then runs every test project and prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash .ci/docker-up.sh
bash .ci/sshd-up.sh
bash .ci/tools-up.sh
bash images/build.sh

# The three-node swarm of SwarmTests loads the demo images while the solution builds (the test starts it again,
# idempotently, so a failure here only costs time there).
swarm_log=$(mktemp)
swarm_images=$(grep -oE 'infra-demo/[^ ]+' Pulumi.demo.yaml | grep -v caddy | sort -u | tr '\n' ' ')
bash .ci/swarm-up.sh start $swarm_images infra-demo/debian:bookworm >"$swarm_log" 2>&1 &
swarm_pid=$!

dotnet build Infra.sln -c Release -nologo -v q
wait "$swarm_pid" && cat "$swarm_log" || { echo "swarm-up failed (SwarmTests starts it again):"; tail -5 "$swarm_log"; }
rm -f "$swarm_log"
log=$(mktemp)
status=0
dotnet test Infra.sln -c Release --no-build -nologo -m:1 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
