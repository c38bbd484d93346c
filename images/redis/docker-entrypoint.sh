#!/bin/sh
# Entrypoint of infra-demo/redis:7, same behaviour as the official image's:
# `docker run IMAGE --requirepass X` and `IMAGE /path/redis.conf` run redis-server;
# started as root it chowns the working directory (/data) to redis and drops to it.
# The official image builds redis with protected mode off by default; Debian's
# binary has it on, so it is switched off here unless the arguments or the
# config file given set protected-mode themselves.
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' + 2>/dev/null || :
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

if [ "$1" = redis-server ]; then
  pm=no
  case " $* " in *" --protected-mode "*) pm=given ;; esac
  if [ "${2%.conf}" != "${2:-}" ] && [ -r "$2" ] && grep -Eq '^[[:space:]]*protected-mode[[:space:]]' "$2"; then pm=given; fi
  if [ $pm = no ]; then set -- "$@" --protected-mode no; fi
fi

umask 0077
exec "$@"
