#!/usr/bin/env bash
# The external readiness probe both sides of the benchmark are timed with: every running container whose name starts
# with PREFIX is probed from outside the tool with its own health command (`docker exec`, the command its image
# declares), every 0.5 s, until COUNT containers have passed. Prints one line per container as it first passes
# ("<seconds since start> <name>") and ends with "ready <seconds>"; gives up after TIMEOUT seconds (default 600).
#   bash benchmarks/compose/ready.sh PREFIX COUNT [TIMEOUT]
set -uo pipefail
prefix=${1:?usage: ready.sh PREFIX COUNT [TIMEOUT]}; count=${2:?count}; timeout=${3:-600}
start=$(date +%s.%N)
since() { echo "$(date +%s.%N) - $start" | bc; }
declare -A passed=() command=()
# The health command of a container as a shell line for `docker exec NAME sh -c LINE` (read once per container).
health_line() {
  docker inspect -f '{{if .Config.Healthcheck}}{{json .Config.Healthcheck.Test}}{{end}}' "$1" 2>/dev/null | python3 -c '
import json, shlex, sys
text = sys.stdin.read().strip()
test = json.loads(text) if text else ["NONE"]
print(test[1] if test[0] == "CMD-SHELL" else "true" if test[0] == "NONE" else shlex.join(test[1:]))'
}
probe() { timeout 10 docker exec "$1" sh -c "${command[$1]}" >/dev/null 2>&1; }
while :; do
  mapfile -t names < <(docker ps --filter "name=^$prefix" --filter status=running --format '{{.Names}}')
  pids=(); pending=()
  for n in "${names[@]}"; do
    [ -n "${passed[$n]:-}" ] && continue
    [ -n "${command[$n]:-}" ] || command[$n]=$(health_line "$n") || continue
    probe "$n" & pids+=($!); pending+=("$n")
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then passed[${pending[$i]}]=1; echo "$(since) ${pending[$i]}"; fi
  done
  if [ "${#passed[@]}" -ge "$count" ]; then echo "ready $(since)"; exit 0; fi
  if [ "$(echo "$(since) > $timeout" | bc)" = 1 ]; then echo "timeout after ${timeout}s: ${#passed[@]}/$count ready" >&2; exit 1; fi
  sleep 0.5
done
