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
sed -e 's/infra:namePrefix: demo-/infra:namePrefix: benchi-/' Pulumi.demo.yaml > "$work/infra/Pulumi.bench.yaml"
cat >> "$work/infra/Pulumi.bench.yaml" <<'YAML'
  infra:ports:
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

# --- docker-compose: the same stack by hand, config files generated like infra does ---
conf="$work/compose"; mkdir -p "$conf"
pw() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
export CONF="$conf" PG_PASSWORD=$(pw) REDIS_PASSWORD=$(pw) MQTT_PASSWORD=$(pw) QDRANT_KEY=$(pw) MINIO_PASSWORD=$(pw) N8N_KEY=$(pw) GRAFANA_PASSWORD=$(pw) GROQ_KEY=gsk_bench
printf 'requirepass %s\nappendonly yes\ndir /data\nbind 0.0.0.0\nprotected-mode yes\nport 6379\n' "$REDIS_PASSWORD" > "$conf/redis.conf"
cp configs/mosquitto/mosquitto.conf "$conf/mosquitto.conf"
python3 - "$MQTT_PASSWORD" > "$conf/passwd" <<'PY'
import base64, hashlib, os, sys
salt = os.urandom(12)
h = hashlib.pbkdf2_hmac("sha512", sys.argv[1].encode(), salt, 101)
print(f"infra:$7$101${base64.b64encode(salt).decode()}${base64.b64encode(h).decode()}")
PY
chown 1883:1883 "$conf/passwd"; chmod 600 "$conf/passwd"
printf '%s' "$QDRANT_KEY" > "$conf/qdrant-token"; chmod 644 "$conf/qdrant-token"
{ cat configs/prometheus/prometheus.yml
  printf "  - job_name: prometheus\n    static_configs:\n      - targets: ['localhost:9090']\n"
  printf "  - job_name: qdrant\n    authorization:\n      type: Bearer\n      credentials_file: /etc/prometheus/secrets/qdrant\n    static_configs:\n      - targets: ['benchc-qdrant:6333']\n"
  printf "  - job_name: minio\n    metrics_path: /minio/v2/metrics/cluster\n    static_configs:\n      - targets: ['benchc-minio:9000']\n"
  printf "  - job_name: n8n\n    static_configs:\n      - targets: ['benchc-n8n:5678']\n"
  printf "  - job_name: ai-proxy\n    static_configs:\n      - targets: ['benchc-ai-proxy:8080']\n"
  printf "  - job_name: embed-service\n    static_configs:\n      - targets: ['benchc-embed-service:8000']\n"
} > "$conf/prometheus.yml"
sed 's|{{PROMETHEUS_URL}}|http://prometheus:9090|' configs/grafana/datasources.yaml > "$conf/grafana-datasource.yaml"
compose=(docker-compose -p benchc -f "$here/docker-compose.yml")
t=$(now); "${compose[@]}" up -d >/dev/null 2>&1; wait_healthy benchc- 12; compose_cold=$(elapsed "$t")
runs=(); for _ in 1 2 3; do t=$(now); "${compose[@]}" up -d >/dev/null 2>&1; runs+=("$(elapsed "$t")"); done
compose_noop=$(median "${runs[@]}")
"${compose[@]}" down -v >/dev/null 2>&1

ratio() { echo "scale=2; $1 / $2" | bc; }
printf '\n%-28s %10s %10s %8s %s\n' "demo stack ($count containers)" "infra (s)" "compose (s)" "ratio" "goal"
printf '%-28s %10.2f %10.2f %8s %s\n' "cold up (to all healthy)" "$infra_cold" "$compose_cold" "$(ratio "$infra_cold" "$compose_cold")" "<= 0.8"
printf '%-28s %10.2f %10.2f %8s %s\n' "no-op up (median of 3)" "$infra_noop" "$compose_noop" "$(ratio "$infra_noop" "$compose_noop")" "<= 0.5"
printf '%-28s %10.2f %10s\n' "no-op preview (median of 3)" "$infra_preview" "-"
