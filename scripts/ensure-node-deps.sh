#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than the lockfile.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
stamp="node_modules/.bf-installed"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  log "installing npm dependencies (better-sqlite3 compiles from source here, ~1.5 min the first time)"
  start=$(date +%s)
  # `npm install`, not `npm ci`: the registry here serves only this platform's optional binaries
  # (e.g. @swc/core-linux-x64-gnu), so the lockfile cannot list the others and `npm ci` refuses it.
  # With a lockfile in sync, `npm install` installs exactly what it records.
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
  log "npm dependencies ready in $(( $(date +%s) - start ))s"
fi
