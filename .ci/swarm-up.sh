#!/usr/bin/env bash
# A three-node Docker Swarm on this one machine, for end-to-end tests of what runs on a swarm. Three extra
# dockerds (never the shared one on /var/run/docker.sock), each in its own network namespace, wired to one switch.
#
#   .ci/swarm-up.sh start [IMAGE...]     start what is not running (idempotent): the namespaces, the three daemons,
#                                        node1 as the manager (swarm init), node2 and node3 as workers (join); load the
#                                        IMAGEs a node lacks from the main daemon; wait until all three are Ready
#   .ci/swarm-up.sh socket NODE          print NODE's socket path (NODE: node1, node2 or node3)
#   .ci/swarm-up.sh label NODE KEY=VALUE add a node label (through the manager), e.g. to pin a stateful service
#   .ci/swarm-up.sh kill NODE            lose NODE: its dockerd stopped (SIGTERM, no live-restore: its containers stop
#                                        with it; any process of the node left over is SIGKILLed and the run checks
#                                        that none remains) and its eth0 taken down; waits until the manager reports
#                                        it Down (kill node1 loses the only manager: nothing is left to report, no wait)
#   .ci/swarm-up.sh revive NODE          eth0 up, dockerd started again; waits until the manager reports it Ready
#   .ci/swarm-up.sh stop                 stop the three daemons; data, swarm membership and images stay
#   .ci/swarm-up.sh purge                stop them and remove everything: data, namespaces, switch, mounts, cgroups
#
# Layout (all names start with infra-swarm, so nothing here meets .ci/dockerd-extra.sh or the main daemon):
#   switch      network namespace infra-swarm-lan holding bridge br0 (a bridge in the root namespace would be
#               filtered by the main daemon's iptables: FORWARD DROP with br_netfilter); one veth vnodeN per node
#   node N      network namespace infra-swarm-nodeN, eth0 10.77.0.1N/24 (node1 10.77.0.11, node2 .12, node3 .13),
#               its own UTS namespace with host name nodeN (the swarm node's name), no route beyond 10.77.0.0/24
#               (no registry: images come from the main daemon, IMAGE arguments)
#   daemon N    socket /run/infra-swarm/nodeN/docker.sock, pid file docker.pid, exec root exec/, log nodeN.log there;
#               data /var/lib/infra-swarm/nodeN (kept by stop, so images load once); containerd namespaces
#               infra-swarm-nodeN(-plugins), containers in cgroup /infra-swarm-nodeN/<id>
#   swarm       manager node1 (advertise 10.77.0.11:2377), workers node2 node3; Docker's default address pools
# What tests meet on these nodes (seen with dockerd 20.10 on this machine's kernel):
#   - no registry: create services with --no-resolve-image (nothing to ask for the digest);
#   - this kernel has no IPVS (CONFIG_IP_VS unset): a service name resolves to its VIP but nothing forwards from it
#     ("No route to host"), and the ingress routing mesh (--publish P:T) refuses connections; --endpoint-mode dnsrr
#     services, tasks.NAME and task addresses work across nodes, also from `docker run --network OVERLAY` on the
#     manager (attachable overlays, --internal ones too), and so does --publish mode=host,published=P,target=T (on
#     the node that runs the task). start says so when /proc/net/ip_vs is missing;
#   - a name that is not in the swarm takes about 10 s to fail (the embedded DNS forwards it to the host's
#     nameserver, which the nodes cannot reach);
#   - a named volume of a service's --mount is created on the node that runs the task (one per node, not shared);
#   - kill: dockerd stops its containers with their stop grace period (10 s unless the service sets
#     --stop-grace-period) before it exits; `docker service ls` counts a task of a Down node as running until the
#     node comes back (4/3): `docker service ps` shows where tasks really run.
# Start prints one line "swarm-up: 3 nodes ready, manager unix://..."; every command prints one line; failures
# print "swarm-up: ERROR: ..." (the command that failed, e.g. when the kernel lacks network namespaces, veth, bridge
# or vxlan) and the end of the relevant daemon log, and exit non-zero. SWARM_UP_TIMEOUT (60) bounds each wait.
set -euo pipefail

RUN_ROOT=/run/infra-swarm
DATA_ROOT=/var/lib/infra-swarm
LOCK=/run/infra-swarm.lock
LAN=infra-swarm-lan
SUBNET_PREFIX=10.77.0
MANAGER_ADDR=$SUBNET_PREFIX.11
TIMEOUT=${SWARM_UP_TIMEOUT:-60}
NODES=(1 2 3)
log_node=   # the node whose log die() shows

usage() {
  echo "usage: $0 start [IMAGE...] | socket NODE | label NODE KEY=VALUE | kill NODE | revive NODE | stop | purge" \
    "  (NODE: node1, node2 or node3)" >&2
  exit 2
}
die() {
  echo "swarm-up: ERROR: $*" >&2
  if [ -n "$log_node" ] && [ -f "$(log "$log_node")" ]; then
    echo "---- $(log "$log_node") since its last start (last 20 lines) ----" >&2
    awk '/^==== .* swarm-up start /{buf=""} {buf = buf $0 "\n"} END{printf "%s", buf}' "$(log "$log_node")" | tail -n 20 >&2
  fi
  exit 1
}
# Run a setup command; on failure name it and say what it printed (this is where a kernel without network
# namespaces, veth, bridges or vxlan shows).
must() {
  local out
  out=$("$@" 2>&1) || die "command failed: $*: ${out:-no output}"
}

netns() { echo "infra-swarm-node$1"; }
dir() { echo "$RUN_ROOT/node$1"; }
sock() { echo "$RUN_ROOT/node$1/docker.sock"; }
log() { echo "$RUN_ROOT/node$1/node$1.log"; }
addr() { echo "$SUBNET_PREFIX.1$1"; }
d() { local n=$1; shift; timeout "${DOCKER_CALL_TIMEOUT:-30}" docker -H "unix://$(sock "$n")" "$@"; }
answers() { d "$1" version >/dev/null 2>&1; }
running_pid() {
  local pid
  pid=$(cat "$(dir "$1")/docker.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] && echo "$pid"
}
node_arg() { # node1|node2|node3 -> 1|2|3
  [[ "${1:-}" =~ ^node([123])$ ]] || usage
  echo "${BASH_REMATCH[1]}"
}

# Everything of node N that runs without its dockerd: its containerd, the shims of its containerd namespace and
# every process in its cgroup (the containers).
leftovers() {
  local n=$1
  {
    pgrep -f "^containerd --config $(dir "$n")/exec/" || true
    pgrep -f "containerd-shim.* -namespace infra-swarm-node$n " || true
    grep -ls ":/infra-swarm-node$n/" /proc/[0-9]*/cgroup | cut -d/ -f3 || true
  } | sort -un | tr '\n' ' ' | sed 's/ $//'
}
# SIGKILL what is left of node N; REAPED = how many processes that was; dies if any survives.
REAPED=0
reap() {
  local n=$1 pids i
  REAPED=0
  pids=$(leftovers "$n")
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    [ -z "$(leftovers "$n")" ] && { REAPED=$(wc -w <<<"$pids"); return 0; }
    sleep 0.5
  done
  log_node=$n die "node$n: processes $(leftovers "$n") survive SIGKILL"
}

# Stop node N's dockerd (SIGTERM: without live-restore it stops its containers first), then reap what is left.
# STOP_SECS = how long it took.
STOP_SECS=0
stop_node() {
  local n=$1 pid t0=$SECONDS i
  if pid=$(running_pid "$n"); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < TIMEOUT * 2; i++)); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
    if [ -d "/proc/$pid" ]; then
      log_node=$n die "dockerd node$n (pid $pid) did not exit within ${TIMEOUT}s of SIGTERM"
    fi
  fi
  reap "$n"
  STOP_SECS=$((SECONDS - t0))
}

ensure_lan() {
  if [ ! -e "/run/netns/$LAN" ]; then
    must ip netns add "$LAN"
    must ip netns exec "$LAN" ip link set lo up
  fi
  if ! ip netns exec "$LAN" ip link show br0 >/dev/null 2>&1; then
    must ip netns exec "$LAN" ip link add br0 type bridge
    # The overlay networks are vxlan: check once, here, that the kernel has it (dockerd would fail much later).
    must ip netns exec "$LAN" ip link add infra-vxcheck type vxlan id 4242 dstport 4789 dev br0
    must ip netns exec "$LAN" ip link delete infra-vxcheck
  fi
  must ip netns exec "$LAN" ip link set br0 up
}
ensure_node_net() {
  local n=$1 ns
  ns=$(netns "$n")
  if [ ! -e "/run/netns/$ns" ]; then
    must ip netns add "$ns"
  fi
  must ip netns exec "$ns" ip link set lo up
  if ! ip netns exec "$ns" ip link show eth0 >/dev/null 2>&1; then
    # (Deleting the switch namespace destroys both ends of the veth pairs, so this also repairs a node after that.)
    ip netns exec "$LAN" ip link delete "vnode$n" >/dev/null 2>&1 || true
    must ip link add "vnode$n" netns "$LAN" type veth peer name eth0 netns "$ns"
  fi
  must ip netns exec "$LAN" ip link set "vnode$n" master br0 up
  if ! ip netns exec "$ns" ip -4 addr show dev eth0 | grep -q "inet $(addr "$n")/24"; then
    must ip netns exec "$ns" ip addr add "$(addr "$n")/24" dev eth0
  fi
  must ip netns exec "$ns" ip link set eth0 up
}

# Launch node N's dockerd unless it runs (LAUNCHED[N] = its pid); wait_node N waits until it answers.
declare -A LAUNCHED
launch_node() {
  local n=$1
  mkdir -p "$(dir "$n")" "$DATA_ROOT/node$n"
  running_pid "$n" >/dev/null && return 0
  # Leftovers of a daemon that died (SIGKILL, OOM) would keep running next to the new one: gone first.
  reap "$n"
  # Its own configuration file, so an /etc/docker/daemon.json meant for the main daemon (live-restore, hosts, data
  # root) never applies here; live-restore off: a stopped dockerd stops its containers (kill relies on it).
  echo '{"live-restore": false}' >"$(dir "$n")/daemon.json"
  echo "==== $(date -u +%FT%TZ) swarm-up start node$n" >>"$(log "$n")"
  # nsenter, not `ip netns exec`: that one also remounts /sys, which hides the cgroup mounts dockerd needs.
  # unshare --uts: the host name is the swarm node's name. 9>&-: the daemon must not hold the lock.
  # shellcheck disable=SC2016 # $1 and $@ are the inner shell's
  setsid nohup nsenter --net="/run/netns/$(netns "$n")" unshare --uts sh -c 'hostname "$1" && shift && exec "$@"' sh "node$n" \
    dockerd --config-file "$(dir "$n")/daemon.json" --data-root "$DATA_ROOT/node$n" --exec-root "$(dir "$n")/exec" --pidfile "$(dir "$n")/docker.pid" \
    -H "unix://$(sock "$n")" --containerd-namespace "infra-swarm-node$n" \
    --containerd-plugins-namespace "infra-swarm-node$n-plugins" --cgroup-parent "/infra-swarm-node$n" \
    >>"$(log "$n")" 2>&1 </dev/null 9>&- &
  LAUNCHED[$n]=$!
}
wait_node() {
  local n=$1 i launched=${LAUNCHED[$1]:-}
  for ((i = 0; i < TIMEOUT * 2; i++)); do
    answers "$n" && return 0
    if [ -n "$launched" ] && ! kill -0 "$launched" 2>/dev/null; then log_node=$n die "dockerd node$n exited during start-up"; fi
    sleep 0.5
  done
  log_node=$n die "dockerd node$n does not answer on $(sock "$n") within ${TIMEOUT}s"
}

# "STATE NODEID CONTROL" of node N's swarm (LocalNodeState, its node id, whether it is a manager)
swarm_info() { d "$1" info -f '{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}} {{.Swarm.ControlAvailable}}' 2>/dev/null || echo unknown; }
node_id() { d "$1" info -f '{{.Swarm.NodeID}}' 2>/dev/null; }

ensure_manager() {
  local state _id control i
  read -r state _id control <<<"$(swarm_info 1)"
  case $state in
    inactive)
      must d 1 swarm init --advertise-addr "$MANAGER_ADDR" --listen-addr "$MANAGER_ADDR:2377" ;;
    active)
      [ "$control" = true ] || log_node=1 die "node1 is in a swarm but is not its manager (purge and start again)" ;;
    *) log_node=1 die "node1's swarm state is '$state' (purge and start again)" ;;
  esac
  for ((i = 0; i < TIMEOUT * 2; i++)); do d 1 node ls -q >/dev/null 2>&1 && return 0; sleep 0.5; done
  log_node=1 die "the manager on node1 does not list nodes within ${TIMEOUT}s"
}

ensure_worker() {
  local n=$1 state id _control i
  read -r state id _control <<<"$(swarm_info "$n")"
  # "pending": it is (re)connecting to the manager, e.g. just started again; give it time.
  for ((i = 0; i < 40; i++)); do
    [ "$state" = pending ] || break
    sleep 0.5
    read -r state id _control <<<"$(swarm_info "$n")"
  done
  # In this swarm (the manager knows it): nothing to do. Otherwise it belongs to a swarm that is gone.
  if [ "$state" = active ] && [ -n "$id" ] && d 1 node inspect "$id" >/dev/null 2>&1; then return 0; fi
  if [ "$state" != inactive ]; then
    must d "$n" swarm leave --force
  fi
  must d "$n" swarm join --token "$(d 1 swarm join-token -q worker)" --advertise-addr "$(addr "$n")" "$MANAGER_ADDR:2377"
}

# Wait until the manager lists every node of "$@" (numbers) as Ready; then drop stale entries (Down, same host
# name as a Ready node: a node that left and joined again).
wait_ready() {
  local i n nodes missing
  for ((i = 0; i < TIMEOUT * 2; i++)); do
    nodes=$(d 1 node ls --format '{{.ID}} {{.Hostname}} {{.Status}}' 2>/dev/null || true)
    missing=
    for n in "$@"; do grep -q " node$n Ready$" <<<"$nodes" || missing+=" node$n"; done
    [ -z "$missing" ] && break
    sleep 0.5
  done
  if [ -n "$missing" ]; then
    log_node=${missing##*node} die "not Ready on the manager after ${TIMEOUT}s:$missing (node ls: $(tr '\n' ' ' <<<"$nodes"))"
  fi
  local id host status
  while read -r id host status; do
    if [ "$status" = Down ] && grep -q " $host Ready$" <<<"$nodes"; then d 1 node rm --force "$id" >/dev/null 2>&1 || true; fi
  done <<<"$nodes"
}

# Load the IMAGEs a node lacks (by image id): saved once from the main daemon, loaded into each node that needs
# them. LOADED = how many images, LOADED_INTO = the nodes that got them.
LOADED=0
LOADED_INTO=
load_images() {
  [ $# -gt 0 ] || return 0
  timeout 10 docker version >/dev/null 2>&1 || die "the main daemon does not answer (images are loaded from it; run .ci/docker-up.sh)"
  local img id n want=() got targets=()
  declare -A main_id need
  declare -A has
  for img in "$@"; do
    main_id[$img]=$(docker image inspect -f '{{.Id}}' "$img" 2>/dev/null) \
      || die "image $img is not on the main daemon (build or pull it there first)"
  done
  for n in "${NODES[@]}"; do
    # "TAG ID" of each image the node has (one call per node)
    has=()
    while read -r img id; do [ "$img" = "<none>:<none>" ] || has[$img]=$id; done \
      < <(d "$n" image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' --no-trunc 2>/dev/null || true)
    for img in "$@"; do
      got=${has[$img]:-}
      [[ "${img##*/}" == *:* ]] || got=${has[$img:latest]:-}
      if [ "$got" != "${main_id[$img]}" ]; then
        need[$n]=1
        [[ " ${want[*]} " == *" $img "* ]] || want+=("$img")
      fi
    done
  done
  [ ${#want[@]} -gt 0 ] || return 0
  local tar=$DATA_ROOT/.images.$$.tar
  # shellcheck disable=SC2064
  trap "rm -f '$tar'" EXIT
  docker save -o "$tar" "${want[@]}" || die "docker save ${want[*]} from the main daemon failed"
  for n in "${NODES[@]}"; do
    [ -n "${need[$n]:-}" ] || continue
    DOCKER_CALL_TIMEOUT=600 d "$n" load -q -i "$tar" >/dev/null || log_node=$n die "loading ${want[*]} into node$n failed"
    targets+=("node$n")
  done
  rm -f "$tar"
  trap - EXIT
  LOADED=${#want[@]}
  LOADED_INTO=${targets[*]}
}

preflight() {
  [ "$(id -u)" = 0 ] || die "must run as root (it makes network namespaces and starts dockerd)"
  command -v dockerd >/dev/null || die "dockerd is not installed (run .ci/docker-up.sh first)"
  local c
  for c in ip nsenter unshare setsid; do command -v "$c" >/dev/null || die "$c is not installed"; done
}

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
case $cmd in
  socket) [ $# -eq 1 ] || usage; n=$(node_arg "$1"); sock "$n"; exit 0 ;;
  start | stop | purge) ;;
  label) [ $# -eq 2 ] || usage; [[ "$2" =~ ^[A-Za-z0-9._-]+=.*$ ]] || usage ;;
  kill | revive) [ $# -eq 1 ] || usage ;;
  *) usage ;;
esac
preflight
exec 9>"$LOCK"
flock -w $((TIMEOUT * 10)) 9 || die "another swarm-up.sh holds $LOCK"
t0=$SECONDS

case $cmd in
  start)
    ensure_lan
    for n in "${NODES[@]}"; do ensure_node_net "$n"; done
    # All three at once: each takes seconds to start, mostly waiting.
    for n in "${NODES[@]}"; do launch_node "$n"; done
    for n in "${NODES[@]}"; do wait_node "$n"; done
    ensure_manager
    ensure_worker 2
    ensure_worker 3
    wait_ready "${NODES[@]}"
    load_images "$@"
    ipvs=
    [ -e /proc/net/ip_vs ] || ipvs=" (kernel without IPVS: service VIPs do not forward, use --endpoint-mode dnsrr)"
    echo "swarm-up: 3 nodes ready, manager unix://$(sock 1) (node1 $MANAGER_ADDR), workers node2 node3," \
      "$LOADED images loaded${LOADED_INTO:+ into $LOADED_INTO}, $((SECONDS - t0))s$ipvs"
    ;;
  label)
    n=$(node_arg "$1")
    id=$(node_id "$n" || true)
    [ -n "$id" ] || id=node$n
    must d 1 node update --label-add "$2" "$id"
    echo "swarm-up: node$n labelled $2"
    ;;
  kill)
    n=$(node_arg "$1")
    id=$(node_id "$n" || true)
    stop_node "$n"
    [ -z "$(leftovers "$n")" ] || log_node=$n die "node$n still runs processes $(leftovers "$n")"
    ip netns exec "$(netns "$n")" ip link set eth0 down 2>/dev/null || true
    what="node$n killed: dockerd stopped in ${STOP_SECS}s, nothing of it runs (${REAPED} left-over processes SIGKILLed), eth0 down"
    if [ "$n" = 1 ]; then
      echo "swarm-up: $what; it was the only manager, no node is left to report it Down"
      exit 0
    fi
    [ -n "$id" ] || id=node$n
    t1=$SECONDS
    for ((i = 0; i < TIMEOUT * 2; i++)); do
      [ "$(d 1 node inspect -f '{{.Status.State}}' "$id" 2>/dev/null)" = down ] && break
      sleep 0.5
    done
    [ "$(d 1 node inspect -f '{{.Status.State}}' "$id" 2>/dev/null)" = down ] \
      || log_node=1 die "node$n is stopped but the manager does not report it Down within ${TIMEOUT}s"
    echo "swarm-up: $what; the manager reports it Down after $((SECONDS - t1))s"
    ;;
  revive)
    n=$(node_arg "$1")
    ensure_lan
    ensure_node_net "$n"
    launch_node "$n"
    wait_node "$n"
    if [ "$n" = 1 ]; then ensure_manager; wait_ready 1; else ensure_worker "$n"; wait_ready "$n"; fi
    echo "swarm-up: node$n revived, Ready on the manager after $((SECONDS - t0))s"
    ;;
  stop | purge)
    # All at once (the manager first, so it does not reschedule the workers' tasks while they go).
    for n in "${NODES[@]}"; do
      if pid=$(running_pid "$n"); then kill -TERM "$pid" 2>/dev/null || true; fi
    done
    killed=0
    for n in "${NODES[@]}"; do stop_node "$n"; killed=$((killed + REAPED)); done
    if [ "$cmd" = stop ]; then
      echo "swarm-up: stopped node1 node2 node3 (data kept; ${killed} left-over processes SIGKILLed), $((SECONDS - t0))s"
      exit 0
    fi
    # What the daemons left mounted (network namespaces of sandboxes, overlay layers), deepest first.
    mapfile -t mounts < <(awk -v a="$RUN_ROOT" -v b="$DATA_ROOT" \
      '{ p = $5; gsub(/\\040/, " ", p) } index(p, a "/") == 1 || index(p, b "/") == 1 || p == a || p == b { print length(p) " " p }' \
      /proc/self/mountinfo | sort -rn | cut -d' ' -f2-)
    for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
    if awk -v a="$RUN_ROOT" -v b="$DATA_ROOT" 'index($5, a) == 1 || index($5, b) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
      die "mounts left under $RUN_ROOT or $DATA_ROOT after umount -l; not removing the data"
    fi
    for n in "${NODES[@]}"; do ip netns delete "$(netns "$n")" 2>/dev/null || true; done
    ip netns delete "$LAN" 2>/dev/null || true
    find /sys/fs/cgroup -depth -type d -path '*/infra-swarm-node[123]*' -exec rmdir {} + 2>/dev/null || true
    rm -rf --one-file-system "$RUN_ROOT" "$DATA_ROOT"
    echo "swarm-up: purged (daemons stopped, ${killed} left-over processes SIGKILLed, ${#mounts[@]} mounts unmounted," \
      "data, namespaces and switch removed), $((SECONDS - t0))s"
    ;;
esac
