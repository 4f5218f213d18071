#!/usr/bin/env bash
# `npm run test:cluster`: the integration tests named in jest.cluster.config.js against the
# production-like cluster (Temporal server on PostgreSQL, two APIs, two workers). Builds what is
# missing first, like `npm test`. Extra arguments go to jest.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/ensure-node-deps.sh
TEMPORAL_SERVER_DIR="$(bash scripts/ensure-temporal-server.sh)"
PG_BIN="$(ensure_postgres)"
export TEMPORAL_SERVER_DIR PG_BIN
log "integration tests on the cluster (jest -c jest.cluster.config.js)…"
exec node_modules/.bin/jest -c jest.cluster.config.js "$@"
