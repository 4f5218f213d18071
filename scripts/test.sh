#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages, the Temporal CLI, the Java time-skipping
# test server), then type-checks, lints and runs every jest suite. Extra arguments go to jest
# (`npm test -- test/unit`). Set BF_SKIP_STATIC=1 to run only jest. The browser stories
# (test/browser) drive Debian's Chromium, installed here when missing, against the built web app.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
t0=$(date +%s)
bash scripts/ensure-node-deps.sh
TEMPORAL_CLI="$(bash scripts/ensure-temporal-cli.sh)"
TEMPORAL_TEST_SERVER="$(bash scripts/ensure-test-server.sh)"
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)"
bash scripts/ensure-web-build.sh
export TEMPORAL_CLI TEMPORAL_TEST_SERVER CHROMIUM_PATH
t1=$(date +%s)
log "tools ready in $((t1 - t0))s"
if [ "${BF_SKIP_STATIC:-}" != "1" ]; then
  log "type-check (tsc)…"
  node_modules/.bin/tsc --noEmit -p .
  node_modules/.bin/tsc --noEmit -p web
  log "lint (eslint, prettier)…"
  node_modules/.bin/eslint .
  node_modules/.bin/prettier --check . >/dev/null || { node_modules/.bin/prettier --check . ; exit 1; }
fi
t2=$(date +%s)
log "tests (jest)…"
node_modules/.bin/jest "$@"
log "done: tools $((t1 - t0))s, static checks $((t2 - t1))s, tests $(( $(date +%s) - t2 ))s"
