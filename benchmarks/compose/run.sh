#!/usr/bin/env bash
# Benchmark: infra vs docker-compose 1.29 on the demo stack (offline images, same images both sides), in one run.
#   start-up : `infra --version`, `infra stack ls`, no-op `preview` and no-op `up` as whole processes (median of 5,
#              wall and CPU seconds)
#   cold     : from nothing to every service ready. "Ready" is judged for both sides by the same external probe
#              (ready.sh: each container's own health command through `docker exec`, every 0.5 s). infra runs with its
#              production health intervals (30 s); compose's file keeps short ones (3 s) so it is at its fastest.
#              Also the critical path of infra's run: the slowest chain of dependent resource operations, each as long
#              as the run's own --json events say (elapsedSeconds), so cold / critical path shows the engine's overhead.
#   no-op    : a second `up` with nothing to change (median of 5), each side once the machine is idle again after
#              its cold up (benchmarks/settle.sh; the idle share is printed)
# Usage: bash benchmarks/compose/run.sh     (root; installs docker-compose when missing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CI=true
export PULUMI_CONFIG_PASSPHRASE=infra-example
runs=${BENCH_RUNS:-5}
. "$here/../settle.sh"

bash .ci/docker-up.sh
bash images/build.sh >/dev/null
command -v docker-compose >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
work=$(mktemp -d)
# The command as a user has it: scripts/install.sh (native AOT here, linked from the PATH).
INFRA_PREFIX="$work/prefix" INFRA_COMPLETIONS_DIR="$work/completions" bash scripts/install.sh >/dev/null 2>&1
infra=("$work/prefix/bin/infra")
trap 'cleanup' EXIT
cleanup() {
  (cd "$work/infra" 2>/dev/null && "${infra[@]}" destroy -s bench --yes >/dev/null 2>&1) || true
  docker-compose -p benchc -f "$here/docker-compose.yml" down -v >/dev/null 2>&1 || true
  docker volume ls -q | grep '^benchi-' | xargs -r docker volume rm >/dev/null 2>&1 || true
  rm -rf "$work"
}

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
ratio() { echo "scale=2; $1 / $2" | bc; }
# Runs a command $runs times; sets WALL and CPU (user+sys) to the medians, in seconds.
measure() {
  local walls=() cpus=() out
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time" -f '%e %U %S' "$@" >/dev/null 2>&1
    out=$(tail -1 "$work/time")
    walls+=("$(echo "$out" | awk '{print $1}')"); cpus+=("$(echo "$out" | awk '{print $2 + $3}')")
  done
  WALL=$(median "${walls[@]}"); CPU=$(median "${cpus[@]}")
}
# The slowest chain of dependent operations of a `up --json` run, from its events and the state's dependencies.
critical_path() { # $1 = events file, $2 = state file
  python3 - "$1" "$2" <<'PY'
import json, sys, functools
took = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("type") == "resOutputsEvent": took[e["urn"]] = e.get("elapsedSeconds", 0)
state = json.load(open(sys.argv[2]))
deps = {r["urn"]: r.get("dependencies", []) for r in state["checkpoint"]["latest"]["resources"]}
@functools.cache
def chain(urn): return took.get(urn, 0) + max((chain(d) for d in deps.get(urn, []) if d in deps), default=0)
urn = max(deps, key=chain)
path = [urn]
while deps.get(path[-1]):
    nxt = max((d for d in deps[path[-1]] if d in deps), key=chain, default=None)
    if nxt is None: break
    path.append(nxt)
names = " <- ".join(u.split("::")[-1] for u in path if took.get(u, 0) >= 0.5)
print(f"{chain(urn):.2f} {names}")
PY
}

# --- infra: a copy of the project with the demo stack renamed and its ports moved (+30000) ---
mkdir -p "$work/infra"
cp Pulumi.yaml "$work/infra/"; cp -r configs "$work/infra/"
sed -e 's/selfhosted:namePrefix: demo-/selfhosted:namePrefix: benchi-/' Pulumi.demo.yaml > "$work/infra/Pulumi.bench.yaml"
cat >> "$work/infra/Pulumi.bench.yaml" <<'YAML'
  selfhosted:ports:
    mosquitto: 31883
    mosquitto-tls: off
    qdrant: 36333
    minio: 39000
    minio-console: 39001
    n8n: 35678
    ai-proxy: 38080
    embed-service: 38000
    jeux-text: 33001
    strudel: 34321
    prometheus: 39090
    grafana: 33000
YAML
export INFRA_BACKEND_URL="file://$work/state"
cd "$work/infra"
count=13

measure "${infra[@]}" --version; version_wall=$WALL; version_cpu=$CPU
measure "${infra[@]}" stack ls; ls_wall=$WALL; ls_cpu=$CPU

bash "$here/ready.sh" benchi- "$count" > "$work/infra-ready.txt" & probe=$!
t=$(now); "${infra[@]}" up -s bench --yes --json > "$work/infra-events.jsonl"; infra_cold=$(elapsed "$t")
wait "$probe"; infra_ready=$(awk '/^ready/ {print $2}' "$work/infra-ready.txt")
read -r infra_critical infra_chain < <(critical_path "$work/infra-events.jsonl" "$work/state/stacks/selfhosted/bench.json")

state_before=$(md5sum < "$work/state/stacks/selfhosted/bench.json")
settle; infra_idle=$IDLE
measure "${infra[@]}" up -s bench --yes; noop_wall=$WALL; noop_cpu=$CPU
state_after=$(md5sum < "$work/state/stacks/selfhosted/bench.json")
measure "${infra[@]}" preview -s bench; preview_wall=$WALL; preview_cpu=$CPU
"${infra[@]}" destroy -s bench --yes >/dev/null
cd "$root"

# --- docker-compose: the same stack by hand, config files generated like infra does (compose-up.sh) ---
conf="$work/compose"
compose=(docker-compose --env-file "$conf/compose.env" -p benchc -f "$here/docker-compose.yml")
bash "$here/ready.sh" benchc- "$count" > "$work/compose-ready.txt" & probe=$!
t=$(now); bash "$here/compose-up.sh" "$conf"; compose_returned=$(elapsed "$t")
wait "$probe"; compose_ready=$(awk '/^ready/ {print $2}' "$work/compose-ready.txt")
settle; compose_idle=$IDLE
measure "${compose[@]}" up -d; compose_noop=$WALL; compose_noop_cpu=$CPU
"${compose[@]}" down -v >/dev/null 2>&1

printf '\n%-40s %10s %10s %8s %s\n' "demo stack ($count containers)" "infra (s)" "compose (s)" "ratio" "goal"
printf '%-40s %10.2f %10.2f %8s %s\n' "cold up, all ready (external probe)" "$infra_ready" "$compose_ready" "$(ratio "$infra_ready" "$compose_ready")" "<= 0.8"
printf '%-40s %10.2f %10.2f\n' "cold up, command returned" "$infra_cold" "$compose_returned"
printf '%-40s %10.2f %10s %8s %s\n' "cold up / its critical path" "$infra_critical" "-" "$(ratio "$infra_cold" "$infra_critical")" "<= 1.2  ($infra_chain)"
printf '%-40s %10.2f %10.2f %8s %s\n' "no-op up, wall (median of $runs)" "$noop_wall" "$compose_noop" "$(ratio "$noop_wall" "$compose_noop")" "<= 0.5, <= 0.25 s  (settled: ${infra_idle}% / ${compose_idle}% idle)"
printf '%-40s %10.2f %10.2f %8s\n' "no-op up, CPU user+sys (median)" "$noop_cpu" "$compose_noop_cpu" "$(ratio "$noop_cpu" "$compose_noop_cpu")"
printf '%-40s %10.2f %10s %8s\n' "no-op preview, wall (CPU $preview_cpu)" "$preview_wall" "-" ""
printf '%-40s %10.2f %10s %8s\n' "infra --version, wall (CPU $version_cpu)" "$version_wall" "-" ""
printf '%-40s %10.2f %10s %8s\n' "infra stack ls, wall (CPU $ls_cpu)" "$ls_wall" "-" ""
[ "$state_before" = "$state_after" ] && echo "no-op up left the state file byte-identical" || echo "no-op up CHANGED the state file"
