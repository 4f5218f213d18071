# Shared helpers for the project's shell scripts. Sourced, never run.
# Everything the scripts fetch or build lands under $TOOLS_DIR (git-ignored), so a fresh
# clone builds once and every later run reuses it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${BF_TOOLS_DIR:-$ROOT/.tools}"
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.5.1}"
TEST_SERVER_VERSION="${TEMPORAL_TEST_SERVER_VERSION:-1.38.0}"
mkdir -p "$TOOLS_DIR"

log() { printf '\033[1;34m[bolig-forst]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bolig-forst]\033[0m %s\n' "$*" >&2; exit 1; }
TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-1.29.1}"
TEMPORAL_UI_VERSION="${TEMPORAL_UI_VERSION:-2.42.1}"

# Prints PostgreSQL's bin folder (Debian's layout, the newest version installed), installing the
# `postgresql` package with apt-get the first time when it is missing and we may.
ensure_postgres() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -1 || true)
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return 0; fi
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL found: install PostgreSQL (>= 12) or set PG_BIN to its bin folder"
  [ "$(id -u)" = 0 ] || die "no PostgreSQL found: run 'sudo apt-get install -y postgresql' (or set PG_BIN)"
  log "installing PostgreSQL from Debian's packages (apt-get, first time only, ~1 min)…"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null; } \
    || die "apt-get install postgresql failed"
  found=$(ls -d /usr/lib/postgresql/*/bin | sort -t/ -k4 -n | tail -1)
  log "PostgreSQL installed: $found"
  echo "$found"
}
