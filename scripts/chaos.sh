#!/usr/bin/env bash
# `npm run chaos`: installs what is missing (npm packages, the Temporal CLI), then runs the chaos
# run (scripts/chaos/run.ts). Arguments go to it, e.g.
#   npm run chaos -- --cases 200 --worker-kills 100 --server-kills 3 --api-kills 3 --smtp-outage 600 --minutes 30
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/ensure-node-deps.sh
TEMPORAL_CLI="$(bash scripts/ensure-temporal-cli.sh)"
export TEMPORAL_CLI
exec node_modules/.bin/tsx scripts/chaos/run.ts "$@"
