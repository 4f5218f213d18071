#!/usr/bin/env bash
# `npm run bench`: builds what is missing (the CLI for the dev server; the Temporal server and
# PostgreSQL for the cluster), then runs a benchmark (bench/run.ts, or the file given:
# `npm run bench:national` runs bench/national.ts) on both (BENCH_TARGETS=dev,cluster).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/ensure-node-deps.sh
TEMPORAL_CLI="$(bash scripts/ensure-temporal-cli.sh)"
export TEMPORAL_CLI
if [[ ",${BENCH_TARGETS:-dev,cluster}," == *",cluster,"* ]]; then
  TEMPORAL_SERVER_DIR="$(bash scripts/ensure-temporal-server.sh)"
  PG_BIN="$(ensure_postgres)"
  export TEMPORAL_SERVER_DIR PG_BIN
fi
exec node --expose-gc --import tsx "${1:-bench/run.ts}"
