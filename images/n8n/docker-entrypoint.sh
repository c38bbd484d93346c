#!/bin/sh
# Entrypoint of infra-demo/n8n, as in the official n8nio/n8n image (run under tini):
#   no arguments     -> n8n            (the main instance: `n8n start`)
#   arguments ARGS   -> n8n ARGS       (`worker`, `webhook`, `--version`, ...)
# Certificates put in /opt/custom-certificates are trusted, as in the official image.
if [ -d /opt/custom-certificates ]; then
  echo "Trusting custom certificates from /opt/custom-certificates."
  export NODE_OPTIONS="--use-openssl-ca $NODE_OPTIONS"
  export SSL_CERT_DIR=/opt/custom-certificates
  openssl rehash /opt/custom-certificates 2>/dev/null || :
fi

if [ "$#" -gt 0 ]; then
  exec n8n "$@"
else
  exec n8n
fi
