#!/usr/bin/env bash
# CI: writes the deploy key and the pinned host key from repository secrets, so that both the state
# backend (INFRA_BACKEND_URL=ssh://…) and the Docker provider's ssh (docker:host ssh://…) use them.
#
#   INFRA_SSH_PRIVATE_KEY  the deploy key (OpenSSH private key without a passphrase)
#   INFRA_SSH_KNOWN_HOSTS  the host's known_hosts line(s), from `ssh-keyscan -p PORT HOST` checked out of band
#   INFRA_SSH_DIR          where to write (default ~/.ssh)
#
# Writes infra_deploy_key and infra_known_hosts (0600), puts a block using them at the top of the ssh
# config, and, under GitHub Actions, exports INFRA_BACKEND_SSH_OPTS to the next steps. Host keys are
# always checked (StrictHostKeyChecking yes): a host whose key is not the pinned one is refused.
set -euo pipefail

die() { echo "setup-ssh: ERROR: $*" >&2; exit 1; }

[ -n "${INFRA_SSH_PRIVATE_KEY:-}" ] || die "INFRA_SSH_PRIVATE_KEY is empty (set the repository secret to the deploy key)"
[ -n "${INFRA_SSH_KNOWN_HOSTS:-}" ] || die "INFRA_SSH_KNOWN_HOSTS is empty (set the repository secret to the output of ssh-keyscan -p PORT HOST)"

dir=${INFRA_SSH_DIR:-$HOME/.ssh}
key=$dir/infra_deploy_key
hosts=$dir/infra_known_hosts
config=$dir/config
umask 077
mkdir -p "$dir"
chmod 700 "$dir"

# Secrets pasted from Windows carry CRs, which ssh-keygen and ssh reject.
printf '%s\n' "$INFRA_SSH_PRIVATE_KEY" | tr -d '\r' >"$key"
printf '%s\n' "$INFRA_SSH_KNOWN_HOSTS" | tr -d '\r' >"$hosts"
chmod 600 "$key" "$hosts"

ssh-keygen -y -P '' -f "$key" >/dev/null 2>&1 \
  || die "INFRA_SSH_PRIVATE_KEY is not an OpenSSH private key without a passphrase"
fingerprints=$(ssh-keygen -l -f "$hosts" 2>/dev/null) \
  || die "INFRA_SSH_KNOWN_HOSTS holds no host key (expected known_hosts lines, as ssh-keyscan prints them)"

# ssh takes the first value it reads for each option, so this block goes first; a previous one is replaced.
begin='# >>> infra ci (scripts/ci/setup-ssh.sh)'
end='# <<< infra ci'
rest=$(mktemp)
trap 'rm -f "$rest"' EXIT
if [ -f "$config" ]; then
  awk -v b="$begin" -v e="$end" '$0 == b {skip = 1} !skip {print} $0 == e {skip = 0}' "$config" >"$rest"
fi
{
  echo "$begin"
  echo "Host *"
  echo "  IdentityFile $key"
  echo "  IdentitiesOnly yes"
  echo "  UserKnownHostsFile $hosts"
  echo "  StrictHostKeyChecking yes"
  echo "  BatchMode yes"
  echo "$end"
  cat "$rest"
} >"$config"
chmod 600 "$config"

opts="-i $key -o IdentitiesOnly=yes -o UserKnownHostsFile=$hosts -o StrictHostKeyChecking=yes"
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "INFRA_BACKEND_SSH_OPTS=$opts" >>"$GITHUB_ENV"
fi

echo "setup-ssh: deploy key $key; pinned host keys in $hosts:"
echo "$fingerprints" | sed 's/^/setup-ssh:   /'
