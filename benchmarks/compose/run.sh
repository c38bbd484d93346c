#!/usr/bin/env bash
# Benchmark: infra vs docker-compose 1.29 on the demo stack (offline images), in one run.
#   cold  : from nothing to every container healthy (compose: `up -d`, then wait for healthy)
#   no-op : a second `up` with nothing to change (median of 3)
# Usage: bash benchmarks/compose/run.sh     (root; installs docker-compose when missing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CI=true
export PULUMI_CONFIG_PASSPHRASE=infra-example

bash .ci/docker-up.sh
bash images/build.sh >/dev/null
command -v docker-compose >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
# ReadyToRun: the CLI starts without JIT-compiling itself, as an installed tool would.
dotnet publish infra -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$root/infra/bin/r2r" -nologo -v q >/dev/null
infra=("$root/infra/bin/r2r/infra")

work=$(mktemp -d)
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
wait_healthy() { # $1 = name prefix, $2 = count
  for _ in $(seq 600); do
    local healthy
    healthy=$(docker ps --filter "name=^$1" --filter health=healthy -q | wc -l)
    [ "$healthy" -ge "$2" ] && return 0
    sleep 0.2
  done
  echo "timeout waiting for $2 healthy containers named $1*" >&2; return 1
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
t=$(now); "${infra[@]}" up -s bench --yes >/dev/null; infra_cold=$(elapsed "$t")
runs=(); for _ in 1 2 3; do t=$(now); "${infra[@]}" up -s bench --yes >/dev/null; runs+=("$(elapsed "$t")"); done
infra_noop=$(median "${runs[@]}")
runs=(); for _ in 1 2 3; do t=$(now); "${infra[@]}" preview -s bench >/dev/null; runs+=("$(elapsed "$t")"); done
infra_preview=$(median "${runs[@]}")
count=$(docker ps --filter name=^benchi- -q | wc -l)
"${infra[@]}" destroy -s bench --yes >/dev/null
cd "$root"

# --- docker-compose: the same stack by hand, config files generated like infra does (compose-up.sh) ---
conf="$work/compose"
compose=(docker-compose --env-file "$conf/compose.env" -p benchc -f "$here/docker-compose.yml")
t=$(now); bash "$here/compose-up.sh" "$conf"; wait_healthy benchc- 12; compose_cold=$(elapsed "$t")
runs=(); for _ in 1 2 3; do t=$(now); "${compose[@]}" up -d >/dev/null 2>&1; runs+=("$(elapsed "$t")"); done
compose_noop=$(median "${runs[@]}")
"${compose[@]}" down -v >/dev/null 2>&1

ratio() { echo "scale=2; $1 / $2" | bc; }
printf '\n%-28s %10s %10s %8s %s\n' "demo stack ($count containers)" "infra (s)" "compose (s)" "ratio" "goal"
printf '%-28s %10.2f %10.2f %8s %s\n' "cold up (to all healthy)" "$infra_cold" "$compose_cold" "$(ratio "$infra_cold" "$compose_cold")" "<= 0.8"
printf '%-28s %10.2f %10.2f %8s %s\n' "no-op up (median of 3)" "$infra_noop" "$compose_noop" "$(ratio "$infra_noop" "$compose_noop")" "<= 0.5"
printf '%-28s %10.2f %10s\n' "no-op preview (median of 3)" "$infra_preview" "-"
