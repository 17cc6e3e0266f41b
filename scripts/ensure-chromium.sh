#!/usr/bin/env bash
# The browser tests open the reports in Debian's Chromium. Install it when it is missing and we
# may (root with apt-get, as on CI and the course machines); otherwise say how, and the browser
# tests skip with a warning.
set -u
CHROMIUM="${GATELAB_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests (once) …"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "could not install chromium; the browser tests will be skipped"
else
  echo "note: no Chromium at $CHROMIUM; the browser tests will be skipped (sudo apt-get install chromium, or set GATELAB_CHROMIUM)"
fi
exit 0
