#!/usr/bin/env bash
# Host CPU busy % while a deployed stack sits idle. Deploys nothing: run it after `infra up`.
#
#   benchmarks/idle-cpu.sh PREFIX [SECONDS]     PREFIX: the stack's infra:namePrefix (demo- for the demo stack;
#                                               "" for none); SECONDS: how long to sample (default 60)
#
# Reads /proc/stat (all cores) before and after the window and prints the busy share of the machine:
# (user+nice+system+irq+softirq+steal) / (that + idle + iowait). Run it on the Docker host.
set -euo pipefail

[ $# -ge 1 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
prefix=$1
seconds=${2:-60}

running=$(docker ps --filter "name=^${prefix}" --format '{{.Names}}' | grep -c "^${prefix}" || true)
[ "$running" -gt 0 ] || { echo "idle-cpu.sh: no running container named ${prefix}*" >&2; exit 1; }

sample() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; idle = $5 + $6; print busy, busy + idle }' /proc/stat; }

read -r busy0 total0 < <(sample)
sleep "$seconds"
read -r busy1 total1 < <(sample)

echo "containers: $running (${prefix}*) · window: ${seconds} s · cores: $(nproc)"
awk -v b="$((busy1 - busy0))" -v t="$((total1 - total0))" 'BEGIN { printf "host CPU busy: %.1f %%\n", (t > 0 ? 100 * b / t : 0) }'
