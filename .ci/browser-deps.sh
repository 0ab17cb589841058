#!/usr/bin/env bash
# Install what tests/test_browser.py needs from Debian: the chromium browser at
# /usr/bin/chromium, which Playwright drives (Playwright never downloads one).
# Idempotent: does nothing when chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "browser-deps: chromium is already installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "browser-deps: installing chromium with apt-get"
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium
/usr/bin/chromium --version 2>/dev/null || true
