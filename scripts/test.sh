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
if [ $# -eq 0 ]; then
  # The whole suite: the browser stories run on their own once the rest has passed, so a real
  # browser, its stack and two other suites (the chaos run among them) never share two cores.
  log "tests (jest, all but the browser stories)…"
  node_modules/.bin/jest --testPathIgnorePatterns '/node_modules/' '<rootDir>/test/cluster/' '<rootDir>/test/browser/'
  log "browser stories (jest test/browser)…"
  node_modules/.bin/jest test/browser
else
  log "tests (jest)…"
  node_modules/.bin/jest "$@"
fi
log "done: tools $((t1 - t0))s, static checks $((t2 - t1))s, tests $(( $(date +%s) - t2 ))s"
