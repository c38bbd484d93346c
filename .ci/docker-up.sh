#!/usr/bin/env bash
# Make sure a Docker daemon answers on /var/run/docker.sock. Idempotent.
#
#   - installs docker.io (Debian) when dockerd or the docker client is missing;
#   - starts dockerd in the background (log: /var/log/infra-dockerd.log) when
#     `docker version` does not answer, and waits up to DOCKER_UP_TIMEOUT (60) s;
#   - prints exactly one line saying what it did; exits non-zero with a clear
#     message (and the end of the daemon log) otherwise.
#
# Flags: none are needed on the project's machines (overlay2 and iptables-nft
# work). Fallbacks, used only when a check fails: --storage-driver=vfs when the
# kernel has no overlay filesystem, iptables-legacy when iptables-nft cannot list
# the nat table, --iptables=false when neither can.
set -euo pipefail

SOCK=/var/run/docker.sock
LOG=/var/log/infra-dockerd.log
TIMEOUT=${DOCKER_UP_TIMEOUT:-60}
did=()

report() { local IFS=';'; echo "docker-up: ${did[*]}" | sed 's/;/; /g'; }
die() { echo "docker-up: ERROR: $*" >&2; exit 1; }
answers() { timeout 10 docker -H "unix://$SOCK" version >/dev/null 2>&1; }
server_version() { docker -H "unix://$SOCK" version -f '{{.Server.Version}}' 2>/dev/null || echo '?'; }
# pid of a dockerd that is already running (from its pid file), if any
running_pid() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = dockerd ] && echo "$pid"
}
wait_answer() { # $1 = pid to watch (may be empty)
  local i
  for ((i = 0; i < TIMEOUT * 2; i++)); do
    answers && return 0
    if [ -n "${1:-}" ] && [ ! -d "/proc/$1" ]; then return 1; fi
    sleep 0.5
  done
  return 1
}
fail_with_log() {
  echo "docker-up: ERROR: $*" >&2
  if [ -f "$LOG" ]; then
    echo "---- $LOG since the last start attempt (last 30 lines) ----" >&2
    awk '/^==== .* docker-up: /{buf=""} {buf = buf $0 "\n"} END{printf "%s", buf}' "$LOG" | tail -n 30 >&2
  fi
  exit 1
}

# 1. install
if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "docker.io is not installed and this is not root (run: apt-get install docker.io)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends docker.io iptables ca-certificates >/dev/null \
    || die "apt-get install docker.io failed"
  did+=("installed docker.io")
fi

# 2. already answering?
if answers; then
  did+=("dockerd already answering on $SOCK (server $(server_version))")
  report
  exit 0
fi

[ "$(id -u)" = 0 ] || die "no Docker daemon answers on $SOCK and only root can start one"

# 3. a dockerd is starting (e.g. started by the package's init script): wait for it
if pid=$(running_pid); then
  wait_answer "$pid" || fail_with_log "dockerd (pid $pid) is running but does not answer on $SOCK after ${TIMEOUT}s"
  did+=("waited for running dockerd pid $pid (server $(server_version))")
  report
  exit 0
fi

# 4. start one
flags=()
conf_has() { [ -f /etc/docker/daemon.json ] && grep -q "\"$1\"" /etc/docker/daemon.json; }
if ! grep -qw overlay /proc/filesystems && ! modprobe overlay 2>/dev/null && ! conf_has storage-driver; then
  flags+=(--storage-driver=vfs)
fi
if ! iptables -t nat -S >/dev/null 2>&1; then
  if command -v iptables-legacy >/dev/null 2>&1 && iptables-legacy -t nat -S >/dev/null 2>&1; then
    update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null 2>&1 || true
    update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null 2>&1 || true
    did+=("switched to iptables-legacy")
  elif ! conf_has iptables; then
    flags+=(--iptables=false --ip-masq=false)
  fi
fi
# cgroups: dockerd needs them mounted (cgroupfs-mount's job on non-systemd hosts)
if [ -z "$(ls -A /sys/fs/cgroup 2>/dev/null)" ]; then
  mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null && did+=("mounted cgroup2")
fi

mkdir -p "$(dirname "$LOG")"
echo "==== $(date -u +%FT%TZ) docker-up: dockerd ${flags[*]:-}" >>"$LOG"
setsid nohup dockerd "${flags[@]}" >>"$LOG" 2>&1 </dev/null &
pid=$!
start=$SECONDS
wait_answer "$pid" || {
  if [ -d "/proc/$pid" ]; then
    fail_with_log "dockerd (pid $pid) started but did not answer on $SOCK within ${TIMEOUT}s"
  else
    fail_with_log "dockerd exited during start-up (flags: ${flags[*]:-none})"
  fi
}
driver=$(docker -H "unix://$SOCK" info -f '{{.Driver}}' 2>/dev/null || echo '?')
did+=("started dockerd pid $pid (server $(server_version), storage $driver${flags[*]:+, flags ${flags[*]}}) in $((SECONDS - start))s, log $LOG")
report
