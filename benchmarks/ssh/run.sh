#!/usr/bin/env bash
# Benchmark: `infra up --refresh` with nothing to change on the demo stack, Docker and state over ssh://
# (the test sshd on 127.0.0.1:2222, same user, host, port and options) against unix:// with a file
# backend, in one run; prints the medians, their ratios and the SSH logins each ssh:// run made.
# The same containers serve all (the sshd is this machine): only the transport differs. Two ssh:// users:
#   root        this machine's root, whose ~/.bashrc (pyenv init) costs ~0.9 s: bash reads it for every
#               command sshd starts, and the state backend starts one shell per run;
#   infra-bench a user with Debian's default shell files (created here, in the docker group), as on a VPS.
# Usage: bash benchmarks/ssh/run.sh [runs]     (root; needs dockerd, builds the demo images when missing)
#   INFRA_BENCH_RTT_MS=10 bash benchmarks/ssh/run.sh [runs]   the same through a relay that adds that round trip to
#   every ssh:// connection (delay-proxy.py, half each way), as a VPS some distance away would
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-5}
. "$here/../settle.sh"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CI=true
export PULUMI_CONFIG_PASSPHRASE=infra-example

bash .ci/docker-up.sh >/dev/null
bash .ci/sshd-up.sh >/dev/null
bash images/build.sh >/dev/null
sshd_dir=${SSHD_TEST_DIR:-/tmp/infra-test-sshd}
work=$(mktemp -d /tmp/infra-bench-ssh.XXXXXX)
# The command as a user has it: scripts/install.sh (precompiled, linked from the PATH).
INFRA_PREFIX="$work/prefix" INFRA_COMPLETIONS_DIR="$work/completions" bash scripts/install.sh >/dev/null 2>&1
infra=("$work/prefix/bin/infra")
trap cleanup EXIT
cleanup() {
  [ -z "${relay_pid:-}" ] || kill "$relay_pid" 2>/dev/null || true
  (cd "$work/infra" 2>/dev/null && local_env "${infra[@]}" destroy -s bench --yes >/dev/null 2>&1) || true
  docker volume ls -q | grep '^benchs-' | xargs -r docker volume rm >/dev/null 2>&1 || true
  rm -rf "$work"
}

# Its own loopback source address, so that sshd's log tells this run's logins from anyone else's.
address="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
ssh_opts=(-o "UserKnownHostsFile=$sshd_dir/known_hosts" -o IdentitiesOnly=yes -o IdentityAgent=none -i "$sshd_dir/id_ed25519" -b "$address")
port=2222
rtt_ms=${INFRA_BENCH_RTT_MS:-0}
if [ "$rtt_ms" != 0 ]; then
  port=2322
  python3 "$here/delay-proxy.py" "$(echo "scale=3; $rtt_ms / 2" | bc)" "$port" 2222 & relay_pid=$!
  ssh_opts+=(-o "HostKeyAlias=[127.0.0.1]:2222")
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
fi
logins() { sleep 0.2; grep -c "Accepted publickey for $1 from $address " "$sshd_dir/sshd.log" || true; }
local_env() { DOCKER_HOST=unix:///var/run/docker.sock INFRA_BACKEND_URL="file://$work/state" "$@"; }
ssh_env() { # $1 = user, with its own state folder
  local user=$1 state=$work/state; shift
  [ "$user" = root ] || state=$work/state-$user
  DOCKER_HOST=ssh://$user@127.0.0.1:$port INFRA_BACKEND_URL="ssh://$user@127.0.0.1:$port$state" \
    INFRA_BACKEND_SSH_OPTS="${ssh_opts[*]}" "$@"
}
user=infra-bench
id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash -G docker "$user"
usermod -p '*' "$user"
install -m 644 "$sshd_dir/id_ed25519.pub" "$sshd_dir/authorized_keys/$user"

# --- the demo stack renamed (benchs-), its ports moved (+21000), docker:host left to DOCKER_HOST ---
mkdir -p "$work/infra"
cp Pulumi.yaml "$work/infra/"; cp -r configs "$work/infra/"
sed -e 's/selfhosted:namePrefix: demo-/selfhosted:namePrefix: benchs-/' -e '/docker:host:/d' Pulumi.demo.yaml > "$work/infra/Pulumi.bench.yaml"
{
  echo "  docker:sshOpts:"
  for o in "${ssh_opts[@]}"; do echo "    - \"$o\""; done
  cat <<'YAML'
  selfhosted:ports:
    mosquitto: 22883
    mosquitto-tls: off
    qdrant: 27333
    minio: 30000
    minio-console: 30001
    n8n: 26678
    ai-proxy: 29080
    embed-service: 29000
    jeux-text: 24001
    strudel: 25321
    prometheus: 30090
    grafana: 24000
YAML
} >> "$work/infra/Pulumi.bench.yaml"
cd "$work/infra"

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

echo "deploying the demo stack (benchs-*) over unix:// ..." >&2
local_env "${infra[@]}" up -s bench --yes >/dev/null
count=$(docker ps --filter name=^benchs- -q | wc -l)
# The user's state: a copy of root's, its own (the same containers, nothing to change for either).
local_env "${infra[@]}" up -s bench --refresh --yes --expect-no-changes >/dev/null
chmod 755 "$work"
cp -a "$work/state" "$work/state-$user" && chown -R "$user" "$work/state-$user"
# One unmeasured run each: the first ssh:// run also creates nothing, but warms the page cache alike.
for u in root "$user"; do ssh_env "$u" "${infra[@]}" up -s bench --refresh --yes --expect-no-changes >/dev/null; done
settle

# What a login that runs one command costs each user here (their shell files included), timed in the same loop.
login_cost() { local t; t=$(now); ssh -p "$port" "${ssh_opts[@]}" "$1@127.0.0.1" true; elapsed "$t"; }

local_runs=(); root_runs=(); user_runs=(); root_logins=(); user_logins=(); user_bare=(); root_bare=()
for _ in $(seq "$runs"); do
  user_bare+=("$(login_cost "$user")")
  root_bare+=("$(login_cost root)")
  t=$(now); local_env "${infra[@]}" up -s bench --refresh --yes --expect-no-changes >/dev/null; local_runs+=("$(elapsed "$t")")
  before=$(logins root)
  t=$(now); ssh_env root "${infra[@]}" up -s bench --refresh --yes --expect-no-changes >/dev/null; root_runs+=("$(elapsed "$t")")
  root_logins+=("$(( $(logins root) - before ))")
  before=$(logins "$user")
  t=$(now); ssh_env "$user" "${infra[@]}" up -s bench --refresh --yes --expect-no-changes >/dev/null; user_runs+=("$(elapsed "$t")")
  user_logins+=("$(( $(logins "$user") - before ))")
done
leftover=$(pgrep -f "ssh .*-b $address" | wc -l || true)

local_median=$(median "${local_runs[@]}")
root_median=$(median "${root_runs[@]}")
user_median=$(median "${user_runs[@]}")
ratio() { echo "scale=2; $1 / $2" | bc; }
[ "$rtt_ms" = 0 ] || echo "ssh:// through a relay adding a ${rtt_ms} ms round trip"
printf '\n%-48s %8s %8s %8s %s\n' "demo stack ($count containers, ${IDLE}% idle at start), median of $runs" "unix (s)" "ssh (s)" "ratio" "goal"
printf '%-48s %8.2f %8.2f %8s %s\n' "no-op up --refresh over ssh, user $user" "$local_median" "$user_median" "$(ratio "$user_median" "$local_median")" "<= 1.5"
printf '%-48s %8.2f %8.2f %8s\n' "no-op up --refresh over ssh, root" "$local_median" "$root_median" "$(ratio "$root_median" "$local_median")"
user_login=$(median "${user_bare[@]}")
root_login=$(median "${root_bare[@]}")
printf '%-48s %17s %8.2f\n' "\`ssh $user@ true\` (login + its shell files)" "" "$user_login"
printf '%-48s %17s %8.2f\n' "\`ssh root@ true\` (login + its shell files)" "" "$root_login"
printf '%-48s %17s %8.2f %8s\n' "ssh:// run beyond a bare login, user $user" "" "$(echo "$user_median - $user_login" | bc)" "$(ratio "$user_median" "$user_login")"
printf '%-48s %17s %8s %s\n' "SSH logins per ssh:// run ($user; root)" "" "${user_logins[*]}; ${root_logins[*]}" "1"
printf '%-48s %17s %8s %s\n' "ssh processes left after the runs" "" "$leftover" "0"
