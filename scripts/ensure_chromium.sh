#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and possible; otherwise the
# browser tests skip themselves (or fail under CI=true), saying how to install it.
set -u
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Could not install Chromium: the browser tests will be skipped."
else
  echo "Chromium is missing: browser tests will be skipped. Install it with: sudo apt-get install chromium"
fi
exit 0
