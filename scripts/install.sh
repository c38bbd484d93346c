#!/usr/bin/env bash
# Puts an `infra` command on the PATH: publishes the CLI into $PREFIX/lib/infra and writes $PREFIX/bin/infra
# (PREFIX: $INFRA_PREFIX, else /usr/local as root, else ~/.local), and installs bash completion
# ($INFRA_COMPLETIONS_DIR, else /etc/bash_completion.d as root, else ~/.local/share/bash-completion/completions).
#   bash scripts/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$(id -u)" = 0 ]; then prefix=${INFRA_PREFIX:-/usr/local}; completions=${INFRA_COMPLETIONS_DIR:-/etc/bash_completion.d}
else prefix=${INFRA_PREFIX:-$HOME/.local}; completions=${INFRA_COMPLETIONS_DIR:-$HOME/.local/share/bash-completion/completions}; fi
# Compiled for this machine's architecture, so the command starts without JIT-compiling itself. With a C toolchain
# (clang, else gcc: the native linker) it is native AOT, one executable that needs no .NET at run time: a no-op `up`
# of the demo stack took 0.39 s instead of 0.70 s (~23 MB, its symbols beside it in infra.dbg; ~2 min to publish;
# infra/Infra.Cli.csproj says how it is linked). Without one, or with INFRA_INSTALL=readytorun, self-contained ReadyToRun composite (the CLI, its libraries
# and .NET compiled as one; ~100 MB, ~1.5 min). A plain build elsewhere.
case "$(uname -m)" in x86_64 | amd64) rid=linux-x64 ;; aarch64 | arm64) rid=linux-arm64 ;; *) rid= ;; esac
linker=$(command -v clang || command -v gcc || true)
kind=${INFRA_INSTALL:-$([ -n "$rid" ] && [ -n "$linker" ] && echo native || echo readytorun)}
case "$kind" in native | readytorun) ;; *) echo "install: INFRA_INSTALL must be native or readytorun, not '$kind'" >&2; exit 2 ;; esac
[ "$kind" = native ] && [ -z "$linker" ] && { echo "install: INFRA_INSTALL=native needs clang or gcc on the PATH" >&2; exit 2; }
# Two installs of one checkout at once would share its obj/ folders: one waits for the other.
mkdir -p obj && exec 9>obj/install.lock && flock 9
# The two kinds share obj/Release/*/$rid; what one leaves there breaks the other's publish.
[ -n "$rid" ] && { [ -f "obj/install.$rid" ] && [ "$(cat "obj/install.$rid")" = "$kind" ] || rm -rf ./*/obj/Release/*/"$rid"; echo "$kind" >"obj/install.$rid"; }
mkdir -p "$prefix" && prefix=$(cd "$prefix" && pwd)   # absolute: bin/infra points at it
rm -rf "$prefix/lib/infra"
if [ -n "$rid" ] && [ "$kind" = native ]; then
  dotnet publish infra/Infra.Cli.csproj -c Release -r "$rid" -p:PublishAot=true -p:CppCompilerAndLinker="$(basename "$linker")" \
    -o "$prefix/lib/infra" -nologo -v q
elif [ -n "$rid" ]; then
  dotnet publish infra/Infra.Cli.csproj -c Release -r "$rid" --self-contained true -p:PublishReadyToRun=true \
    -p:PublishReadyToRunComposite=true -o "$prefix/lib/infra" -nologo -v q
else
  dotnet publish infra/Infra.Cli.csproj -c Release -o "$prefix/lib/infra" -nologo -v q
  run="dotnet \"$prefix/lib/infra/infra.dll\""
fi
mkdir -p "$prefix/bin" "$completions"
rm -f "$prefix/bin/infra"
if [ -n "$rid" ]; then
  # The compiled command needs no .NET at run time: a link, not a shell in front of every run (1 ms each).
  ln -s "$prefix/lib/infra/infra" "$prefix/bin/infra"
else
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  cat >"$prefix/bin/infra" <<WRAPPER
#!/bin/sh
export DOTNET_ROOT="\${DOTNET_ROOT:-$dotnet_root}"
exec $run "\$@"
WRAPPER
  chmod 755 "$prefix/bin/infra"
fi
"$prefix/bin/infra" completion bash >"$completions/infra"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "install: add $prefix/bin to your PATH" >&2 ;; esac
echo "install: $prefix/bin/infra, $kind (bash completion: $completions/infra; open a new shell to use it)"
