#!/usr/bin/env bash
# `npm start`: installs what is missing (npm packages, the Temporal CLI), then runs the stack.
source "$(dirname "$0")/lib.sh"
bash "$ROOT/scripts/ensure-node-deps.sh"
bash "$ROOT/scripts/ensure-web-build.sh"
TEMPORAL_CLI="$(bash "$ROOT/scripts/ensure-temporal-cli.sh")"
export TEMPORAL_CLI
exec "$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/stack.ts"
