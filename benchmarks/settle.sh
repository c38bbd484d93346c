# Sourced by the benchmark scripts. settle: waits (up to 90 s) until the machine is idle enough to time a command
# that lasts a fraction of a second: a stack just deployed keeps both cores busy for a while (n8n, Grafana and
# MinIO start), and a no-op run measured then times the services, not itself. Both sides of a comparison settle the
# same way. Sets IDLE to the idle share (%) of the last second measured.
settle() {
  local limit=${SETTLE_IDLE:-85} i a b
  for i in $(seq 90); do
    a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
    local total=0 k
    for k in 1 2 3 4 5 6 7 8; do total=$(( total + b[k] - a[k] )); done
    IDLE=$(( total > 0 ? 100 * (b[4] - a[4]) / total : 100 ))
    [ "$IDLE" -lt "$limit" ] || return 0
  done
  return 0
}
