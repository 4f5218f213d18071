#!/usr/bin/env bash
# Prints the path of a `temporal` CLI, building it from its Go module the first time.
# Prebuilt downloads do not work on this network; `go install` through the Go module proxy does.
# v1.5.1 is the newest tag `go install` accepts (later tags carry `replace` directives).
source "$(dirname "$0")/lib.sh"
bin="$TOOLS_DIR/bin/temporal"
if [ -n "${TEMPORAL_CLI:-}" ] && [ -x "$TEMPORAL_CLI" ]; then echo "$TEMPORAL_CLI"; exit 0; fi
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
command -v go >/dev/null 2>&1 || die "no 'temporal' on PATH and no Go toolchain to build it: install Go >= 1.25 or put the Temporal CLI on PATH"
gover=$(go env GOVERSION | sed 's/^go//')
major=${gover%%.*}; rest=${gover#*.}; minor=${rest%%.*}
if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 25 ]; }; then
  die "Go $gover is too old to build the Temporal CLI v$TEMPORAL_CLI_VERSION (needs >= 1.25)"
fi
log "building the Temporal CLI v$TEMPORAL_CLI_VERSION with go install (first time only, ~4 min on 2 cores)…"
start=$(date +%s)
mkdir -p "$TOOLS_DIR/bin"
CGO_ENABLED=0 GOBIN="$TOOLS_DIR/bin" GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-} -buildvcs=false" \
  go install -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$TEMPORAL_CLI_VERSION" \
  "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" >&2
log "Temporal CLI built in $(( $(date +%s) - start ))s: $bin"
echo "$bin"
