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
