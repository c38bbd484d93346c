#!/usr/bin/env bash
# CI: builds the infra CLI and puts an `infra` command on PATH for the next steps.
#
#   scripts/ci/install-infra.sh [extra `dotnet publish` arguments]
#
# Installs into $INFRA_INSTALL_DIR (default $RUNNER_TEMP/infra-cli, else /tmp/infra-cli): lib/ holds the
# published CLI, bin/infra runs it. Under GitHub Actions bin/ is added to $GITHUB_PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."

dest=${INFRA_INSTALL_DIR:-${RUNNER_TEMP:-/tmp}/infra-cli}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish infra/Infra.Cli.csproj -c Release -o "$dest/lib" -nologo -v q "$@"
mkdir -p "$dest/bin"
cat >"$dest/bin/infra" <<WRAPPER
#!/bin/sh
exec dotnet "$dest/lib/infra.dll" "\$@"
WRAPPER
chmod 755 "$dest/bin/infra"
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dest/bin" >>"$GITHUB_PATH"
fi
echo "install-infra: $dest/bin/infra"
