#!/usr/bin/env bash
# Run every infra-demo image on a user-defined network and check that it behaves
# like the service it replaces, including the healthcheck commands documented in
# images/README.md (each service container is started with its documented command
# as --health-cmd and must turn healthy). Cleans up its containers, volumes and
# network. Ends with "N passed, N failed"; exits non-zero on any failure.
#
#   images/selftest.sh [--no-build]      (builds first via build.sh, a no-op when up to date)
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
N8N_IMG=infra-demo/n8n:$(. "$HERE/n8n/versions.env" && echo "$N8N_VERSION")
ID="infra-selftest-$$"
NET="$ID"
TMP=$(mktemp -d)
passed=0
failed=0

if [ "${1:-}" != --no-build ]; then
  "$HERE/build.sh" || { echo "selftest: build.sh failed"; exit 1; }
fi

cleanup() {
  local ids c i
  ids=$(docker ps -aq --filter "label=org.infra.selftest=$ID")
  # disconnect first and retry: twice here (docker 20.10, failing runs) a network
  # kept a stale endpoint after its containers were removed and could not be removed
  for c in $ids; do docker network disconnect -f "$NET" "$c" >/dev/null 2>&1; done
  [ -n "$ids" ] && docker rm -f -v $ids >/dev/null 2>&1
  for i in 1 2 3 4 5; do
    docker network rm "$NET" >/dev/null 2>&1 && break
    docker network inspect "$NET" >/dev/null 2>&1 || break
    [ "$i" = 5 ] && echo "selftest: warning: could not remove network $NET" >&2
    sleep 1
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok()  { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
# check DESC CMD...          : CMD succeeds
check()     { local d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi; }
# check_not DESC CMD...      : CMD fails
check_not() { local d=$1; shift; if "$@" >/dev/null 2>&1; then bad "$d"; else ok "$d"; fi; }
# expect DESC PATTERN CMD... : CMD's output (stdout+stderr) matches the extended regex PATTERN
expect() {
  local d=$1 pat=$2 out; shift 2
  out=$("$@" 2>&1)
  if grep -Eq -- "$pat" <<<"$out"; then ok "$d"; else bad "$d (wanted /$pat/, got: $(head -c 300 <<<"$out" | tr '\n' ' '))"; fi
}

# start NAME IMAGE-AND-ARGS...: detached container on the test network, reachable as NAME
start() {
  local name=$1; shift
  docker run -d --name "$ID-$name" --network "$NET" --network-alias "$name" \
    --label "org.infra.selftest=$ID" "$@" >/dev/null
}
# create NAME ...: like start, but created only (files are copied in before start)
create() {
  local name=$1; shift
  docker create --name "$ID-$name" --network "$NET" --network-alias "$name" \
    --label "org.infra.selftest=$ID" "$@" >/dev/null
}
# once IMAGE-AND-ARGS...: a throwaway container on the test network
once() { docker run --rm -i --network "$NET" --label "org.infra.selftest=$ID" "$@"; }
# hc CMD: sets HC to the health options for the documented healthcheck command, probed every 2 s
hc() { HC=(--health-cmd "$1" --health-interval 2s --health-timeout 10s --health-retries 30); }

# wait_healthy NAME [SECONDS]
wait_healthy() {
  local c="$ID-$1" i s
  for ((i = 0; i < ${2:-60} * 2; i++)); do
    s=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$c" 2>/dev/null)
    case $s in
      healthy) return 0 ;;
      exited|dead|"") break ;;
    esac
    sleep 0.5
  done
  echo "  $c: status '$s'; last health log and container log:" >&2
  docker inspect -f '{{if .State.Health}}{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}{{end}}' "$c" 2>/dev/null | tail -n 3 >&2
  docker logs --tail 10 "$c" >&2 2>&1
  return 1
}
healthy() { # NAME [SECONDS]: diagnostics of a failure go to stderr
  if wait_healthy "$1" "${2:-60}"; then ok "$1: documented healthcheck turns healthy"
  else bad "$1: documented healthcheck did not turn healthy"; fi
}

uid_of_main() { docker top "$ID-$1" -eo pid,uid,args | awk -v p="$2" 'NR > 1 && $0 ~ p { print $2; exit }'; }

# HTTP from a client container on the network (GNU wget)
http()   { docker exec "$ID-client" wget -q -T 5 -O- "$@"; }
status() { docker exec "$ID-client" wget -S -q -T 5 -O /dev/null "$@" 2>&1 | awk '/^  HTTP\//{c=$2} END{print c}'; }
expect_status() { # DESC CODE URL [wget args]
  local d=$1 want=$2 got; shift 2
  got=$(status "$@")
  if [ "$got" = "$want" ]; then ok "$d -> $want"; else bad "$d -> ${got:-no answer} (wanted $want)"; fi
}
label() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1"; }

docker network create "$NET" >/dev/null || { echo "selftest: cannot create network $NET"; exit 1; }
start client --entrypoint sleep infra-demo/ai-proxy:standin infinity

echo "== labels"
for img in infra-demo/postgres:15 infra-demo/redis:7 infra-demo/mosquitto:2 infra-demo/caddy:2 infra-demo/prometheus:2 "$N8N_IMG"; do
  expect "$img: org.infra.standin=false" '^false$' label "$img" org.infra.standin
done
for pair in n8n=n8nio/n8n qdrant=qdrant/qdrant minio=minio/minio grafana=grafana/grafana \
            ai-proxy=ai-proxy embed-service=embed-service jeux-text=jeux-text strudel=strudel; do
  img="infra-demo/${pair%%=*}:standin"
  expect "$img: org.infra.standin=true" '^true$' label "$img" org.infra.standin
  expect "$img: org.infra.standin.of=${pair#*=}" "^${pair#*=}\$" label "$img" org.infra.standin.of
done

# ---- start everything first, check afterwards (start-up overlaps) -------------------
hc 'pg_isready -h 127.0.0.1 -p 5432 -U app -d appdb'
start postgres -e POSTGRES_PASSWORD=pg-secret -e POSTGRES_USER=app -e POSTGRES_DB=appdb \
  "${HC[@]}" infra-demo/postgres:15
start pgnopw infra-demo/postgres:15
hc 'REDISCLI_AUTH=rd-secret redis-cli -h 127.0.0.1 ping | grep -q PONG'
start redis "${HC[@]}" \
  infra-demo/redis:7 redis-server --requirepass rd-secret --appendonly yes
start redisopen infra-demo/redis:7

docker run --rm infra-demo/mosquitto:2 sh -c \
  'mosquitto_passwd -b -c /tmp/passwd alice wonderland >/dev/null && cat /tmp/passwd' >"$TMP/passwd"
chmod 600 "$TMP/passwd"
printf 'listener 1883\nallow_anonymous false\npassword_file /mosquitto/config/passwd\npersistence true\npersistence_location /mosquitto/data/\nlog_dest stdout\n' \
  >"$TMP/mosquitto.conf"
hc 'mosquitto_sub -h 127.0.0.1 -p 1883 -u alice -P wonderland -t healthcheck -E -W 5'
create mqtt "${HC[@]}" infra-demo/mosquitto:2
docker cp "$TMP/mosquitto.conf" "$ID-mqtt:/mosquitto/config/mosquitto.conf"
docker cp "$TMP/passwd" "$ID-mqtt:/mosquitto/config/passwd"
docker start "$ID-mqtt" >/dev/null

start caddydefault infra-demo/caddy:2
mkdir -p "$TMP/caddy"
cat >"$TMP/caddy/Caddyfile" <<'EOF'
{
	auto_https off
}
:80 {
	respond /hello "hello from caddy" 200
	handle_path /n8n/* {
		reverse_proxy n8n:5678
	}
	basicauth /private/* {
		bob $2a$14$/DJO/M3VpOxryvGm3RBADuX50BXZknEhYDEZca5gaXXjeZPBi.G6S
	}
	respond /private/* "secret" 200
}
EOF
hc 'wget -q -T 5 -O /dev/null http://127.0.0.1:2019/config/'
create caddy "${HC[@]}" infra-demo/caddy:2
docker cp "$TMP/caddy/." "$ID-caddy:/etc/caddy/"
docker start "$ID-caddy" >/dev/null

# admin API off (as in configs/caddy/Caddyfile.header): health through a loopback-only site
mkdir -p "$TMP/caddyoff"
cat >"$TMP/caddyoff/Caddyfile" <<'EOF'
{
	email ops@example.invalid
	admin off
}
:2080 {
	bind 127.0.0.1
	respond /healthz 200
}
:80 {
	respond /hello "hello without admin" 200
}
EOF
hc 'wget -q -T 5 -O /dev/null http://127.0.0.1:2080/healthz'
create caddyoff "${HC[@]}" infra-demo/caddy:2
docker cp "$TMP/caddyoff/." "$ID-caddyoff:/etc/caddy/"
docker start "$ID-caddyoff" >/dev/null

hc 'wget -q -T 5 -O /dev/null http://127.0.0.1:5678/healthz'
start n8n -e DB_TYPE=postgresdb -e DB_POSTGRESDB_HOST=postgres -e N8N_METRICS=true \
  "${HC[@]}" infra-demo/n8n:standin
start n8nworker -e DB_TYPE=postgresdb -e DB_POSTGRESDB_HOST=postgres infra-demo/n8n:standin worker
start n8nnodb -e DB_TYPE=postgresdb -e DB_POSTGRESDB_HOST=no-such-host infra-demo/n8n:standin
# real n8n in queue mode, on its own postgres and redis. The worker is started later, once the
# main instance has migrated the database: both run the migrations at start, and started
# together on an empty database one of them exits with 'relation "..." already exists'.
start n8npg -e POSTGRES_PASSWORD=n8n-pg-secret -e POSTGRES_USER=n8n -e POSTGRES_DB=n8n infra-demo/postgres:15
start n8nredis infra-demo/redis:7 redis-server --requirepass n8n-rd-secret
N8N_ENV=(-e EXECUTIONS_MODE=queue -e QUEUE_BULL_REDIS_HOST=n8nredis -e QUEUE_BULL_REDIS_PORT=6379
  -e QUEUE_BULL_REDIS_PASSWORD=n8n-rd-secret -e DB_TYPE=postgresdb -e DB_POSTGRESDB_HOST=n8npg
  -e DB_POSTGRESDB_PORT=5432 -e DB_POSTGRESDB_DATABASE=n8n -e DB_POSTGRESDB_USER=n8n
  -e DB_POSTGRESDB_PASSWORD=n8n-pg-secret -e N8N_ENCRYPTION_KEY=selftest-encryption-key
  -e N8N_DIAGNOSTICS_ENABLED=false -e N8N_VERSION_NOTIFICATIONS_ENABLED=false)
hc 'wget -q -T 5 -O /dev/null http://127.0.0.1:5678/healthz/readiness'
start n8nmain "${N8N_ENV[@]}" "${HC[@]}" "$N8N_IMG"
hc "bash -c 'exec 3<>/dev/tcp/127.0.0.1/6333 && printf \"GET /readyz HTTP/1.0\\r\\n\\r\\n\" >&3 && grep -q \"^HTTP/1.[01] 200\" <&3'"
start qdrant -e QDRANT__SERVICE__API_KEY=qd-key \
  "${HC[@]}" \
  infra-demo/qdrant:standin
start qdrantopen infra-demo/qdrant:standin
hc 'mc ready local'
start minio -e MINIO_ROOT_USER=admin -e MINIO_ROOT_PASSWORD=minio-secret \
  "${HC[@]}" infra-demo/minio:standin server /data --console-address :9001
hc 'wget -q -T 5 -O /dev/null http://127.0.0.1:3000/api/health'
start grafana "${HC[@]}" infra-demo/grafana:standin
hc 'probe-http 8080 /healthz'
start ai-proxy "${HC[@]}" infra-demo/ai-proxy:standin
hc 'probe-http 8000 /healthz'
start embed-service "${HC[@]}" infra-demo/embed-service:standin
hc 'probe-http 3001 /healthz'
start jeux-text "${HC[@]}" infra-demo/jeux-text:standin
hc 'probe-http 4321 /healthz'
start strudel "${HC[@]}" infra-demo/strudel:standin

# prometheus scraping itself and every stand-in's metrics endpoint
cat >"$TMP/prometheus.yml" <<'EOF'
global:
  scrape_interval: 2s
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ["localhost:9090"]}]
  - job_name: n8n
    static_configs: [{targets: ["n8n:5678"]}]
  - job_name: qdrant
    authorization: {type: Bearer, credentials: qd-key}
    static_configs: [{targets: ["qdrant:6333"]}]
  - job_name: minio
    metrics_path: /minio/v2/metrics/cluster
    static_configs: [{targets: ["minio:9000"]}]
  - job_name: ai-proxy
    static_configs: [{targets: ["ai-proxy:8080"]}]
  - job_name: embed-service
    static_configs: [{targets: ["embed-service:8000"]}]
EOF
hc 'wget -q -T 5 -O /dev/null http://127.0.0.1:9090/-/healthy'
create prometheus "${HC[@]}" infra-demo/prometheus:2
docker cp "$TMP/prometheus.yml" "$ID-prometheus:/etc/prometheus/prometheus.yml"
docker start "$ID-prometheus" >/dev/null

# ---- postgres -------------------------------------------------------------------------
echo "== postgres"
healthy postgres
expect "postgres: psql over TCP with the right password" '^appdb\|app$' \
  once -e PGPASSWORD=pg-secret infra-demo/postgres:15 psql -h postgres -U app -d appdb -tAc 'select current_database(), current_user'
expect "postgres: wrong password refused" 'password authentication failed' \
  once -e PGPASSWORD=wrong infra-demo/postgres:15 psql -h postgres -U app -d appdb -tAc 'select 1'
check_not "postgres: wrong password -> psql exits non-zero" \
  once -e PGPASSWORD=wrong infra-demo/postgres:15 psql -h postgres -U app -d appdb -tAc 'select 1'
expect "postgres: server process runs as postgres (uid 999)" '^999$' uid_of_main postgres 'postgres'
expect "postgres: PGDATA is /var/lib/postgresql/data" 'PG_VERSION' docker exec "$ID-postgres" ls /var/lib/postgresql/data
check "postgres: create a table" once -e PGPASSWORD=pg-secret infra-demo/postgres:15 \
  psql -h postgres -U app -d appdb -v ON_ERROR_STOP=1 -c 'create table kept(x int); insert into kept values (42)'
docker restart "$ID-postgres" >/dev/null
healthy postgres
expect "postgres: data kept across a restart (no re-init)" '^42$' \
  once -e PGPASSWORD=pg-secret infra-demo/postgres:15 psql -h postgres -U app -d appdb -tAc 'select x from kept'
docker wait "$ID-pgnopw" >/dev/null
expect "postgres: refuses to start without POSTGRES_PASSWORD" 'superuser password is not specified' docker logs "$ID-pgnopw"

# ---- redis ----------------------------------------------------------------------------
echo "== redis"
healthy redis
expect "redis: command without the password -> NOAUTH" 'NOAUTH' once infra-demo/redis:7 redis-cli -h redis ping
expect "redis: wrong password refused" 'WRONGPASS|invalid password' once infra-demo/redis:7 redis-cli -h redis --no-auth-warning -a nope ping
expect "redis: password accepted (SET)" '^OK$' once -e REDISCLI_AUTH=rd-secret infra-demo/redis:7 redis-cli -h redis set k v
expect "redis: password accepted (GET)" '^v$' once -e REDISCLI_AUTH=rd-secret infra-demo/redis:7 redis-cli -h redis get k
check_not "redis: 'redis-cli ping | grep -q PONG' without the password fails (NOAUTH)" \
  docker exec "$ID-redis" sh -c 'redis-cli -h 127.0.0.1 ping | grep -q PONG'
expect "redis: --appendonly yes writes /data/appendonlydir" 'appendonly' docker exec "$ID-redis" ls /data/appendonlydir
expect "redis: server runs as redis (uid 999)" '^999$' uid_of_main redis 'redis-server'
expect "redis: protected mode off like the official image (no password, remote PONG)" '^PONG$' \
  once infra-demo/redis:7 redis-cli -h redisopen ping

# ---- mosquitto ------------------------------------------------------------------------
echo "== mosquitto"
healthy mqtt
expect "mosquitto: anonymous publish refused" 'not authori[sz]ed|refused' \
  once infra-demo/mosquitto:2 mosquitto_pub -h mqtt -t demo -m anon
check_not "mosquitto: anonymous publish exits non-zero" once infra-demo/mosquitto:2 mosquitto_pub -h mqtt -t demo -m anon
check_not "mosquitto: wrong password refused" once infra-demo/mosquitto:2 mosquitto_pub -h mqtt -u alice -P nope -t demo -m x
check "mosquitto: user from mosquitto_passwd file accepted" \
  once infra-demo/mosquitto:2 mosquitto_pub -h mqtt -u alice -P wonderland -t demo -m hello
( once infra-demo/mosquitto:2 mosquitto_sub -h mqtt -u alice -P wonderland -t demo/sub -C 1 -W 15 >"$TMP/sub.out" 2>&1 ) &
subpid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
  sleep 1
  once infra-demo/mosquitto:2 mosquitto_pub -h mqtt -u alice -P wonderland -t demo/sub -m round-trip >/dev/null 2>&1
  [ -s "$TMP/sub.out" ] && break
done
wait "$subpid"
expect "mosquitto: subscriber receives a published message" '^round-trip$' cat "$TMP/sub.out"
expect "mosquitto: broker runs as uid 1883" '^1883$' uid_of_main mqtt 'mosquitto'
expect "mosquitto: /mosquitto owned by 1883" '^1883:1883 1883:1883 1883:1883$' \
  docker exec "$ID-mqtt" sh -c 'echo $(stat -c %u:%g /mosquitto/config/passwd /mosquitto/data /mosquitto/log)'
expect "mosquitto: log visible in docker logs" 'New client connected' docker logs "$ID-mqtt"

# ---- caddy ----------------------------------------------------------------------------
echo "== caddy"
healthy caddy
expect "caddy: default Caddyfile serves the welcome page" 'Caddy' http http://caddydefault/
expect "caddy: serves a Caddyfile (respond)" '^hello from caddy$' http http://caddy/hello
expect "caddy: reverse_proxy to n8n" '"status":"ok"' http http://caddy/n8n/healthz
expect_status "caddy: basicauth without credentials" 401 http://caddy/private/x
expect "caddy: basicauth with credentials" '^secret$' http --user=bob --password=pw http://caddy/private/x
healthy caddyoff
expect "caddy (admin off): serves its Caddyfile" '^hello without admin$' http http://caddyoff/hello
check "caddy (admin off): probe-tcp 80" docker exec "$ID-caddyoff" probe-tcp 80
check_not "caddy (admin off): loopback health site not reachable from the network" http http://caddyoff:2080/healthz
expect "caddy: XDG dirs are /data and /config" 'autosave.json' docker exec "$ID-caddy" ls /config/caddy

# ---- stand-ins ------------------------------------------------------------------------
echo "== stand-ins"
healthy n8n
expect_status "n8n /healthz" 200 http://n8n:5678/healthz
expect_status "n8n /healthz/readiness (postgres reachable)" 200 http://n8n:5678/healthz/readiness
expect_status "n8n /healthz/readiness (database host unreachable)" 503 http://n8nnodb:5678/healthz/readiness
expect "n8n /metrics with N8N_METRICS=true" '^standin_up 1$' http http://n8n:5678/metrics
expect_status "n8n /metrics without N8N_METRICS" 404 http://n8nworker:5678/metrics
expect_status "n8n worker command accepted, /healthz" 200 http://n8nworker:5678/healthz
check "n8n readiness probe-http" docker exec "$ID-n8n" probe-http 5678 /healthz/readiness

echo "== n8n ($N8N_IMG, queue mode)"
expect "$N8N_IMG: command --version runs n8n --version" "^${N8N_IMG#*:}\$" docker run --rm "$N8N_IMG" --version
healthy n8nmain 300
expect_status "n8n main /healthz" 200 http://n8nmain:5678/healthz
expect_status "n8n main /healthz/readiness (database migrated)" 200 http://n8nmain:5678/healthz/readiness
expect "n8n main runs as node (uid 1000)" '^1000$' uid_of_main n8nmain 'bin/n8n'
expect "n8n: /home/node/.n8n belongs to node" '^node$' docker exec "$ID-n8nmain" stat -c %U /home/node/.n8n
hc 'wget -q -T 5 -O /dev/null http://127.0.0.1:5678/healthz/readiness'
start n8nqworker "${N8N_ENV[@]}" -e QUEUE_HEALTH_CHECK_ACTIVE=true "${HC[@]}" "$N8N_IMG" worker
healthy n8nqworker 300
expect_status "n8n worker /healthz (QUEUE_HEALTH_CHECK_ACTIVE=true, port 5678)" 200 http://n8nqworker:5678/healthz
expect_status "n8n worker /healthz/readiness (database and redis connected)" 200 http://n8nqworker:5678/healthz/readiness
expect "n8n: Bull's keys in redis" 'bull:jobs:' \
  once -e REDISCLI_AUTH=n8n-rd-secret infra-demo/redis:7 redis-cli -h n8nredis --scan --pattern 'bull:*'
# a webhook workflow: the main instance enqueues the execution, the worker runs it
expect "n8n: webhook answered through the queue" '"via":"queue".*"executionMode":"production"' \
  once --entrypoint node "$N8N_IMG" --input-type=module - <<'EOF'
const base = 'http://n8nmain:5678', json = { 'Content-Type': 'application/json' };
const call = async (path, method, body, headers = json) => {
  const r = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r;
};
const r = await call('/rest/owner/setup', 'POST',
  { email: 'owner@example.com', firstName: 'Self', lastName: 'Test', password: 'Selftest-pw1' });
const auth = { ...json, Cookie: r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
const { data: wf } = await (await call('/rest/workflows', 'POST', {
  name: 'selftest-queue', active: false, settings: {}, connections: {},
  nodes: [{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0],
            webhookId: 'a3c1f1e2-5b1d-4c55-9a53-5e1f00000001',
            parameters: { path: 'selftest', responseMode: 'lastNode', options: {} } }],
}, auth)).json();
await call(`/rest/workflows/${wf.id}`, 'PATCH', { active: true, versionId: wf.versionId }, auth);
console.log(await (await call('/webhook/selftest?via=queue', 'GET')).text());
EOF
expect "n8n main: execution enqueued" 'Enqueued execution' docker logs "$ID-n8nmain"
expect "n8n worker: execution finished" 'Worker finished execution' docker logs "$ID-n8nqworker"

healthy qdrant
for p in /healthz /livez /readyz; do expect_status "qdrant $p open with an API key set" 200 "http://qdrant:6333$p"; done
expect_status "qdrant /metrics without key" 401 http://qdrant:6333/metrics
expect_status "qdrant /collections without key" 401 http://qdrant:6333/collections
expect_status "qdrant /collections wrong key" 401 --header='api-key: nope' http://qdrant:6333/collections
expect_status "qdrant /collections api-key header" 200 --header='api-key: qd-key' http://qdrant:6333/collections
expect_status "qdrant /metrics bearer token" 200 --header='Authorization: Bearer qd-key' http://qdrant:6333/metrics
expect_status "qdrant /collections without key when none is set" 200 http://qdrantopen:6333/collections
check "qdrant probe-http with api-key header" docker exec "$ID-qdrant" probe-http 6333 /metrics 127.0.0.1 'api-key: qd-key'

healthy minio
for p in /minio/health/live /minio/health/ready /minio/health/cluster; do expect_status "minio $p" 200 "http://minio:9000$p"; done
expect "minio /minio/v2/metrics/cluster" '^standin_up 1$' http http://minio:9000/minio/v2/metrics/cluster
expect_status "minio console :9001 /" 200 http://minio:9001/
expect_status "minio S3 API anonymous" 403 http://minio:9000/bucket

healthy grafana
expect "grafana /api/health" '^\{"database":"ok","version":"stand-in"\}$' http http://grafana:3000/api/health

healthy ai-proxy; healthy embed-service; healthy jeux-text; healthy strudel
expect "ai-proxy /metrics" '^standin_up 1$' http http://ai-proxy:8080/metrics
expect "embed-service /metrics" '^standin_up 1$' http http://embed-service:8000/metrics
expect_status "jeux-text /healthz" 200 http://jeux-text:3001/healthz
expect "strudel / static page" '<title>Strudel' http http://strudel:4321/
expect_status "strudel /healthz" 200 http://strudel:4321/healthz
for u in http://n8n:5678/metrics http://minio:9000/minio/v2/metrics/cluster http://ai-proxy:8080/metrics http://embed-service:8000/metrics; do
  http "$u" >"$TMP/m.txt" 2>/dev/null
  check "promtool check metrics: $u" sh -c "docker run --rm -i --entrypoint promtool infra-demo/prometheus:2 check metrics <'$TMP/m.txt'"
done

# ---- prometheus -----------------------------------------------------------------------
echo "== prometheus"
healthy prometheus
expect "prometheus /-/healthy" 'Healthy' http http://prometheus:9090/-/healthy
expect_status "prometheus /-/ready" 200 http://prometheus:9090/-/ready
expect "prometheus runs as nobody (uid 65534)" '^65534$' uid_of_main prometheus 'prometheus'
expect "prometheus default args" '--config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus' \
  docker top "$ID-prometheus" -eo pid,args
up=0
for _ in $(seq 1 30); do
  up=$(http 'http://prometheus:9090/api/v1/query?query=count(up==1)' 2>/dev/null | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
  [ "${up:-0}" = 6 ] && break
  sleep 1
done
if [ "${up:-0}" = 6 ]; then ok "prometheus scrapes itself and 5 stand-in metrics endpoints (up==1 x6)"
else bad "prometheus scrape targets up: ${up:-0}/6"; http 'http://prometheus:9090/api/v1/targets' | head -c 1500; echo; fi

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
