#!/usr/bin/env bash
# Make sure a dedicated test sshd answers on 127.0.0.1:2222. Idempotent.
#
#   - installs openssh-server / openssh-client (Debian) when sshd or ssh is missing;
#   - keeps everything under $SSHD_TEST_DIR (default /tmp/infra-test-sshd): host key, a test
#     user key pair (id_ed25519), authorized_keys per user, known_hosts pinning the host key,
#     its own sshd_config, pid file and log;
#   - root may log in with the test key; a second user, infra-nodocker, may too but cannot
#     use the Docker socket (for the permission-denied test);
#   - prints exactly one line saying what it did; exits non-zero with the end of the log otherwise.
set -euo pipefail

DIR=${SSHD_TEST_DIR:-/tmp/infra-test-sshd}
PORT=${SSHD_TEST_PORT:-2222}
NODOCKER_USER=infra-nodocker
did=()

die() { echo "sshd-up: ERROR: $*" >&2; exit 1; }
report() { local IFS=';'; echo "sshd-up: ${did[*]} (dir $DIR)" | sed 's/;/; /g'; }
# Ours answers only when the key it presents is our test host key (not some other sshd on the port).
answers() {
  [ -f "$DIR/host_ed25519.pub" ] || return 1
  timeout 5 ssh-keyscan -T 2 -t ed25519 -p "$PORT" 127.0.0.1 2>/dev/null | grep -qF "$(cut -d' ' -f2 "$DIR/host_ed25519.pub")"
}
port_taken() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; }

[ "$(id -u)" = 0 ] || die "must run as root (it starts sshd and creates a test user)"

# 1. install
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends openssh-server openssh-client >/dev/null \
    || die "apt-get install openssh-server failed"
  did+=("installed openssh-server")
fi

# 2. keys, users, config (cheap, so always rewritten; keys are kept once made)
mkdir -p "$DIR/authorized_keys" /run/sshd
chmod 755 "$DIR"
[ -f "$DIR/host_ed25519" ] || { ssh-keygen -q -t ed25519 -N '' -C infra-test-host -f "$DIR/host_ed25519"; did+=("made host key"); }
[ -f "$DIR/id_ed25519" ] || { ssh-keygen -q -t ed25519 -N '' -C infra-test-user -f "$DIR/id_ed25519"; did+=("made user key"); }
chmod 600 "$DIR/host_ed25519" "$DIR/id_ed25519"

if ! id "$NODOCKER_USER" >/dev/null 2>&1; then
  useradd -m -s /bin/sh "$NODOCKER_USER"
  did+=("created user $NODOCKER_USER")
fi
# '*' (not '!') so that sshd without PAM does not treat the account as locked.
usermod -p '*' "$NODOCKER_USER"
if id -nG "$NODOCKER_USER" | grep -qw docker; then gpasswd -d "$NODOCKER_USER" docker >/dev/null; fi

for u in root "$NODOCKER_USER"; do
  install -m 644 "$DIR/id_ed25519.pub" "$DIR/authorized_keys/$u"
done
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$DIR/host_ed25519.pub")" >"$DIR/known_hosts"

cat >"$DIR/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/host_ed25519
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys/%u
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
MaxStartups 50:30:100
MaxSessions 50
LogLevel INFO
EOF

# 3. running?
if answers; then
  did+=("sshd already answering on 127.0.0.1:$PORT")
  report
  exit 0
fi

if port_taken; then
  # Our own sshd from an older key set: stop it; anything else on the port is not ours to touch.
  if pid=$(cat "$DIR/sshd.pid" 2>/dev/null) && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sshd ]; then
    kill "$pid"; sleep 0.5
  else
    die "127.0.0.1:$PORT is taken by something that is not the test sshd"
  fi
fi
/usr/sbin/sshd -t -f "$DIR/sshd_config" || die "sshd rejected $DIR/sshd_config"
/usr/sbin/sshd -f "$DIR/sshd_config" -E "$DIR/sshd.log"
for _ in $(seq 1 50); do
  if answers; then
    did+=("started sshd pid $(cat "$DIR/sshd.pid" 2>/dev/null || echo '?') on 127.0.0.1:$PORT")
    report
    exit 0
  fi
  sleep 0.1
done
echo "sshd-up: ERROR: sshd did not answer on 127.0.0.1:$PORT within 5s" >&2
tail -n 20 "$DIR/sshd.log" >&2 || true
exit 1
