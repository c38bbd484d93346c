#!/usr/bin/env bash
# Starts the demo stack with docker-compose 1.29 (project benchc, benchmarks/compose/docker-compose.yml): writes the
# config files and passwords it needs into CONF_DIR (CONF_DIR/compose.env holds the variables, for later
# `docker-compose --env-file CONF_DIR/compose.env -p benchc ...` commands), then `up -d`. Does not wait.
#   bash benchmarks/compose/compose-up.sh CONF_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
conf=${1:?usage: compose-up.sh CONF_DIR}
mkdir -p "$conf"; conf=$(cd "$conf" && pwd)
command -v docker-compose >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }

pw() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
MQTT_PASSWORD=$(pw); REDIS_PASSWORD=$(pw); QDRANT_KEY=$(pw)
cat > "$conf/compose.env" <<ENV
CONF=$conf
PG_PASSWORD=$(pw)
REDIS_PASSWORD=$REDIS_PASSWORD
MQTT_PASSWORD=$MQTT_PASSWORD
QDRANT_KEY=$QDRANT_KEY
MINIO_PASSWORD=$(pw)
N8N_KEY=$(pw)
GRAFANA_PASSWORD=$(pw)
GROQ_KEY=gsk_bench
ENV
printf 'requirepass %s\nappendonly yes\ndir /data\nbind 0.0.0.0\nprotected-mode yes\nport 6379\n' "$REDIS_PASSWORD" > "$conf/redis.conf"
cp "$root/configs/mosquitto/mosquitto.conf" "$conf/mosquitto.conf"
python3 - "$MQTT_PASSWORD" > "$conf/passwd" <<'PY'
import base64, hashlib, os, sys
salt = os.urandom(12)
h = hashlib.pbkdf2_hmac("sha512", sys.argv[1].encode(), salt, 101)
print(f"infra:$7$101${base64.b64encode(salt).decode()}${base64.b64encode(h).decode()}")
PY
chown 1883:1883 "$conf/passwd"; chmod 600 "$conf/passwd"
printf '%s' "$QDRANT_KEY" > "$conf/qdrant-token"; chmod 644 "$conf/qdrant-token"
{ cat "$root/configs/prometheus/prometheus.yml"
  printf "  - job_name: prometheus\n    static_configs:\n      - targets: ['localhost:9090']\n"
  printf "  - job_name: qdrant\n    authorization:\n      type: Bearer\n      credentials_file: /etc/prometheus/secrets/qdrant\n    static_configs:\n      - targets: ['benchc-qdrant:6333']\n"
  printf "  - job_name: minio\n    metrics_path: /minio/v2/metrics/cluster\n    static_configs:\n      - targets: ['benchc-minio:9000']\n"
  printf "  - job_name: n8n\n    static_configs:\n      - targets: ['benchc-n8n:5678']\n"
  printf "  - job_name: ai-proxy\n    static_configs:\n      - targets: ['benchc-ai-proxy:8080']\n"
  printf "  - job_name: embed-service\n    static_configs:\n      - targets: ['benchc-embed-service:8000']\n"
} > "$conf/prometheus.yml"
sed 's|{{PROMETHEUS_URL}}|http://prometheus:9090|' "$root/configs/grafana/datasources.yaml" > "$conf/grafana-datasource.yaml"
docker-compose --env-file "$conf/compose.env" -p benchc -f "$here/docker-compose.yml" up -d >/dev/null 2>&1
