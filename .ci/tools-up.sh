#!/usr/bin/env bash
# Make sure the small tools the end-to-end fault tests use are installed (Debian packages). Idempotent.
#
#   - stress-ng: keeps the host busy (bounded by --timeout) while verify probes the stack;
#   - iptables, nsenter (util-linux): slow one service's connects down from inside its network namespace.
# Prints exactly one line saying what it did; exits non-zero with apt's output otherwise.
set -euo pipefail

missing=()
command -v stress-ng >/dev/null 2>&1 || missing+=(stress-ng)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
if [ ${#missing[@]} -eq 0 ]; then echo "tools-up: stress-ng, iptables and nsenter already installed"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "tools-up: ERROR: ${missing[*]} missing and not root to install them" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -20 "$log" >&2; rm -f "$log"; echo "tools-up: ERROR: apt-get install ${missing[*]} failed" >&2; exit 1
fi
rm -f "$log"
echo "tools-up: installed ${missing[*]}"
