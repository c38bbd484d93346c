#!/usr/bin/env bash
# The README's main command: builds the offline demo images when missing, starts a local dockerd when
# none answers, puts the `infra` command on the PATH (scripts/install.sh), then deploys the demo stack
# (`infra up -s demo --yes`) and proves it (`infra verify -s demo`).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-infra-example}   # the example stacks' passphrase
bash .ci/docker-up.sh
bash images/build.sh
bash scripts/install.sh
infra=$(if [ "$(id -u)" = 0 ]; then echo "${INFRA_PREFIX:-/usr/local}"; else echo "${INFRA_PREFIX:-$HOME/.local}"; fi)/bin/infra
"$infra" up -s demo --yes
"$infra" verify -s demo
