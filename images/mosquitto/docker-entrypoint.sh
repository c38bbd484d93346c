#!/bin/sh
# Entrypoint of infra-demo/mosquitto:2, as in the official image: when started as
# root, give /mosquitto (config, password file, data, log) to mosquitto (1883);
# mosquitto then drops from root to that user after opening its listeners.
set -e
if [ "$(id -u)" = 0 ]; then
  chown -R mosquitto:mosquitto /mosquitto 2>/dev/null || true
fi
exec "$@"
