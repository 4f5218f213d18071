#!/usr/bin/env bash
# Prints the folder of a production-like Temporal: the server, its SQL schema tool and the Web UI
# server, built from their Go modules the first time, with the schema files and the sample configs
# copied from the module cache; and makes sure PostgreSQL's binaries are installed.
#
#   <dir>/bin/temporal-server      go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION
#   <dir>/bin/temporal-sql-tool    go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION
#   <dir>/bin/temporal-ui-server   github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_VERSION
#   <dir>/schema/postgresql/v12    the versioned schema for `temporal` and `temporal_visibility`
#   <dir>/config                   the server's sample configs; <dir>/ui-config the UI's
#
# The versions are the ones docker-compose.yml deploys (test/unit/cluster-stack.test.ts checks).
# The CLI v1.5.1 depends on server v1.29.1 and ui-server v2.42.1, so once the CLI is built most
# modules are already in the Go cache. Prebuilt downloads do not work on this network.
source "$(dirname "$0")/lib.sh"
dir="$TOOLS_DIR/temporal-server-$TEMPORAL_SERVER_VERSION"
if [ -x "$dir/bin/temporal-server" ] && [ -x "$dir/bin/temporal-sql-tool" ] && [ -x "$dir/bin/temporal-ui-server" ] \
  && [ -d "$dir/schema/postgresql/v12" ] && [ -d "$dir/ui-config" ]; then
  ensure_postgres >/dev/null
  echo "$dir"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "no Go toolchain to build the Temporal server: install Go >= 1.25"
ensure_postgres >/dev/null

log "building the Temporal server v$TEMPORAL_SERVER_VERSION, its schema tool and the Web UI v$TEMPORAL_UI_VERSION with go install (first time only, ~2 min once the CLI is built, ~6 min from an empty Go cache)…"
start=$(date +%s)
tmp="$dir.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/gobin-server" "$tmp/gobin-ui" "$tmp/bin"
build() {
  CGO_ENABLED=0 GOBIN="$1" GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "${@:2}" >&2
}
build "$tmp/gobin-server" \
  "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" \
  "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION"
log "Temporal server and schema tool built in $(($(date +%s) - start))s; building the Web UI server…"
build "$tmp/gobin-ui" "github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_VERSION"
mv "$tmp/gobin-server/server" "$tmp/bin/temporal-server"
mv "$tmp/gobin-server/sql" "$tmp/bin/temporal-sql-tool"
mv "$tmp/gobin-ui/server" "$tmp/bin/temporal-ui-server"
rmdir "$tmp/gobin-server" "$tmp/gobin-ui"

modcache="$(go env GOMODCACHE)"
server_src="$modcache/go.temporal.io/server@v$TEMPORAL_SERVER_VERSION"
ui_src="$modcache/github.com/temporalio/ui-server/v2@v$TEMPORAL_UI_VERSION"
mkdir -p "$tmp/schema"
cp -r "$server_src/schema/postgresql" "$tmp/schema/"
cp -r "$server_src/config" "$tmp/config"
cp -r "$ui_src/config" "$tmp/ui-config"
chmod -R u+w "$tmp" # the module cache is read-only
rm -rf "$dir"
mv "$tmp" "$dir"
log "Temporal server, schema tool and Web UI ready in $(($(date +%s) - start))s: $dir"
echo "$dir"
