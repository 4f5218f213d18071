#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (Playwright's own browser
# download cannot run here). Installs it with apt-get when it is missing; prints its path.
source "$(dirname "$0")/lib.sh"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  command -v apt-get >/dev/null || die "no Chromium at $CHROMIUM and no apt-get: install Chromium and set CHROMIUM_PATH"
  log "installing Chromium for the browser tests (apt-get install -y chromium, about a minute)…"
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq chromium >&2
  CHROMIUM=/usr/bin/chromium
  [ -x "$CHROMIUM" ] || die "apt-get did not install $CHROMIUM"
fi
echo "$CHROMIUM"
