#!/usr/bin/env bash
# An extra Docker daemon for tests that must stop, restart or multiply daemons without touching the shared one
# on /var/run/docker.sock (other runs use it).
#
#   .ci/dockerd-extra.sh start NAME [IMAGE...]  start it (idempotent), then load the IMAGEs it lacks from the main daemon
#   .ci/dockerd-extra.sh stop NAME              stop it (SIGTERM, then waits for it to exit); its data stays
#   .ci/dockerd-extra.sh purge NAME             stop it and remove its data and network namespace
#   .ci/dockerd-extra.sh socket NAME            print its socket path
#
# Each NAME is its own daemon: data under /var/lib/infra-dockerd-extra/NAME (kept across runs, so images load
# once), exec root, pid file and socket under /run/infra-dockerd-extra/NAME, log NAME.log there. It runs in its own
# network namespace (infra-dx-NAME), so its bridges and iptables rules never meet the main daemon's (or another
# extra's): networks and isolation work as on the main daemon, but nothing it publishes is reachable from here.
# Start prints one line "dockerd-extra: NAME answers on unix://SOCKET ..."; failures print the end of the log.
set -euo pipefail

cmd=${1:-}; name=${2:-}
[[ "$cmd" =~ ^(start|stop|purge|socket)$ && "$name" =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]] \
  || { echo "usage: $0 start|stop|purge|socket NAME [IMAGE...]  (NAME: lowercase letters, digits, -)" >&2; exit 2; }
shift 2
RUN=/run/infra-dockerd-extra/$name
DATA=/var/lib/infra-dockerd-extra/$name
SOCK=$RUN/docker.sock
PIDFILE=$RUN/docker.pid
LOG=$RUN/$name.log
NETNS=infra-dx-$name
TIMEOUT=${DOCKER_UP_TIMEOUT:-60}

die() { echo "dockerd-extra: ERROR: $*" >&2; [ -f "$LOG" ] && tail -20 "$LOG" >&2; exit 1; }
answers() { timeout 10 docker -H "unix://$SOCK" version >/dev/null 2>&1; }
running_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = dockerd ] && echo "$pid"
}

# Mounts under the data root, deepest first: its bind mount (below) and what a dying daemon left mounted there.
unmount_data() {
  local m
  while m=$(awk -v d="$DATA" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r | head -1) && [ -n "$m" ]; do
    umount -l "$m" || return 1
  done
}

stop() {
  local pid
  pid=$(running_pid) || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 "$TIMEOUT"); do [ -r "/proc/$pid/comm" ] || return 0; sleep 1; done
  die "dockerd $name (pid $pid) did not exit within ${TIMEOUT}s of SIGTERM"
}

case $cmd in
  socket) echo "$SOCK"; exit 0 ;;
  stop) stop; echo "dockerd-extra: $name stopped"; exit 0 ;;
  purge)
    stop
    unmount_data
    rm -rf "$DATA" "$RUN"
    ip netns delete "$NETNS" 2>/dev/null || true
    echo "dockerd-extra: $name purged"; exit 0 ;;
esac

[ "$(id -u)" = 0 ] || die "must run as root (it starts dockerd)"
command -v dockerd >/dev/null || die "dockerd is not installed (run .ci/docker-up.sh first)"
mkdir -p "$RUN" "$DATA"
# The data root is a mount of its own that outlives the daemon. Otherwise (here / is not a shared mount) dockerd
# bind-mounts it onto itself and unmounts that on shutdown, and a container's root file system mounted by a call
# still in flight after that lands beneath, where the next daemon's bind mount hides it: that daemon then cannot
# remove the container ("device or resource busy").
mountpoint -q "$DATA" || mount --bind "$DATA" "$DATA"
if ! ip netns list | grep -qw "$NETNS"; then
  ip netns add "$NETNS"
  ip netns exec "$NETNS" ip link set lo up
fi
start=$SECONDS
if ! running_pid >/dev/null; then
  echo "==== $(date -u +%FT%TZ) dockerd-extra start $name" >>"$LOG"
  # nsenter, not `ip netns exec`: that one also remounts /sys, which hides the cgroup mounts dockerd needs.
  setsid nohup nsenter --net="/run/netns/$NETNS" dockerd --data-root "$DATA" --exec-root "$RUN/exec" --pidfile "$PIDFILE" \
    -H "unix://$SOCK" --bridge=none --containerd-namespace "infra-dx-$name" --containerd-plugins-namespace "infra-dx-$name-plugins" \
    >>"$LOG" 2>&1 </dev/null &
  launched=$!
fi
for _ in $(seq 1 "$TIMEOUT"); do
  answers && break
  [ -n "${launched:-}" ] && ! kill -0 "$launched" 2>/dev/null && die "dockerd $name exited during start-up"
  sleep 1
done
answers || die "dockerd $name does not answer on $SOCK within ${TIMEOUT}s"

loaded=()
missing=()
for image in "$@"; do
  docker -H "unix://$SOCK" image inspect "$image" >/dev/null 2>&1 || missing+=("$image")
done
if [ ${#missing[@]} -gt 0 ]; then
  docker save "${missing[@]}" | docker -H "unix://$SOCK" load -q >/dev/null || die "loading ${missing[*]} into $name failed"
  loaded=("${missing[@]}")
fi
echo "dockerd-extra: $name answers on unix://$SOCK (pid $(running_pid), netns $NETNS, ${#loaded[@]} images loaded, $((SECONDS - start))s)"
