#!/usr/bin/env bash
# Builds the web app (web/ → web/dist, served by the API under /app/) when it was never built or
# when a source file is newer than the last build. Prints nothing on stdout.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
stamp=web/dist/index.html
if [ -f "$stamp" ] && [ -z "$(find web/src web/index.html web/vite.config.ts domain -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
log "building the web app (vite build web → web/dist)…"
node_modules/.bin/vite build web --logLevel error >&2
