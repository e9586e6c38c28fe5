#!/usr/bin/env bash
# Installs Debian's `chromium` (/usr/bin/chromium) for the package tests (test/package/), which
# drive it headless through playwright-core: the library's main entry must load in a browser,
# and WebGPU runs there on SwiftShader. Playwright's own browser download is not used.
#
# Idempotent: returns at once when /usr/bin/chromium exists.
# Usage (CI):  bash .ci/install-chromium.sh        (as root, or with sudo available)
set -euo pipefail

log() { printf '[chromium] %s\n' "$*" >&2; }

if [ -x /usr/bin/chromium ]; then
  log "present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  log "no apt-get on this machine: install Chromium yourself (or set CHROMIUM_PATH for the tests)"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
    log "must run as root (or with sudo)"; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive

"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium
log "installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
