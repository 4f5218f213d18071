#!/usr/bin/env bash
# `npm run start:cluster`: installs what is missing (npm packages, the Temporal server, its schema
# tool and Web UI, PostgreSQL), then runs the production-like stack (scripts/start-cluster.ts).
# The server build runs next to the CLI build when both are missing (they share most modules).
source "$(dirname "$0")/lib.sh"
bash "$ROOT/scripts/ensure-node-deps.sh"
TEMPORAL_SERVER_DIR="$(bash "$ROOT/scripts/ensure-temporal-server.sh")"
PG_BIN="$(ensure_postgres)"
export TEMPORAL_SERVER_DIR PG_BIN
exec "$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/start-cluster.ts"
