#!/bin/sh
# Entrypoint of infra-demo/mosquitto:2, as in the official image: when started as
# root, give /mosquitto (config, password file, data, log) to mosquitto (1883);
# mosquitto then drops from root to that user after opening its listeners.
# Any other command (mosquitto_passwd, mosquitto_sub, sh) runs as given.
set -e
if [ "$(id -u)" = 0 ]; then
  chown -R mosquitto:mosquitto /mosquitto 2>/dev/null || true
fi
# Debian's mosquitto 2.0.11 does not flush `log_dest stdout`: line-buffer it so
# that `docker logs` shows the broker's log as it happens
case "$1" in
  mosquitto|*/mosquitto) exec stdbuf -oL "$@" ;;
esac
exec "$@"
