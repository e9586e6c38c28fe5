#!/usr/bin/env bash
# Installs a software WebGPU driver stack that Dawn (npm `webgpu`) accepts on a GPU-less Linux box.
#
#   Debian 12 (bookworm): Mesa lavapipe (Vulkan on the CPU) from bookworm-backports (Mesa 25).
#     Stock Mesa 22 lavapipe is refused by Dawn. The backports entry reuses the URI of the Debian
#     archive entry already configured in the machine's apt sources (no host name lives here).
#   Fallback (backports unavailable): stock Mesa EGL + GLES. Dawn then needs the option
#     `backend=opengles`, EGL_PLATFORM=surfaceless and featureLevel 'compatibility';
#     src/engine/gpu/nodeGpu.ts tries that by itself when Vulkan yields no adapter.
#   Other Debian/Ubuntu releases: the stock mesa-vulkan-drivers (recent enough from trixie on).
#
# Idempotent: returns in well under a second when a usable lavapipe is already installed.
# Usage (CI):  bash .ci/install-webgpu-drivers.sh        (as root, or with sudo available)
#        bash .ci/install-webgpu-drivers.sh --print-archive-entry   (dry run: the entry it would reuse)
# Env: WEBGPU_DRIVERS_FORCE=1 re-runs the install even if the check passes.
#      APT_ETC (default /etc/apt) is read by --print-archive-entry only, for testing the parser.
set -euo pipefail
APT_ETC="${APT_ETC:-/etc/apt}"

log() { printf '[webgpu-drivers] %s\n' "$*" >&2; }

if [ "$(uname -s)" != "Linux" ]; then
  log "not Linux ($(uname -s)): nothing to install"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  log "no apt-get on this machine: install Mesa >= 23 lavapipe (mesa-vulkan-drivers) yourself"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
    log "must run as root (or with sudo)"; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive

# Minimum Mesa version whose lavapipe Dawn accepts (Debian 12's 22.3 is refused; 25.x works).
MIN_MESA=23

installed_version() { dpkg-query -W -f='${db:Status-Status} ${Version}\n' "$1" 2>/dev/null | awk '$1=="installed"{print $2}'; }

lavapipe_ok() {
  local mesa vk
  mesa="$(installed_version mesa-vulkan-drivers)"
  vk="$(installed_version libvulkan1)"
  [ -n "$mesa" ] && [ -n "$vk" ] || return 1
  dpkg --compare-versions "$mesa" ge "$MIN_MESA" || return 1
  compgen -G '/usr/share/vulkan/icd.d/lvp_icd*.json' >/dev/null || return 1
  log "lavapipe present: mesa-vulkan-drivers $mesa, libvulkan1 $vk (lavapipe)"
}

# shellcheck disable=SC1091
. /etc/os-release
CODENAME="${VERSION_CODENAME:-}"

# Prints "URI<TAB>SIGNED_BY" of the first enabled Debian archive entry (URI path ending in
# /debian, so not debian-security or third-party repos) from one-line and deb822 sources.
debian_archive_entry() {
  local files=()
  [ -f "$APT_ETC/sources.list" ] && files+=("$APT_ETC/sources.list")
  local f
  for f in "$APT_ETC"/sources.list.d/*.list "$APT_ETC"/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ "${#files[@]}" -gt 0 ] || return 1
  awk '
    function ends_debian(u) { sub(/\/+$/, "", u); return u ~ /^[a-z+]+:\/\/.*\/debian$/ }
    function flush() {
      if (stanza && types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no") {
        n = split(uris, us, /[ \t]+/)
        for (i = 1; i <= n; i++) if (ends_debian(us[i])) { u = us[i]; sub(/\/+$/, "", u); print u "\t" signed; found = 1; exit }
      }
      stanza = 0; types = ""; uris = ""; enabled = ""; signed = ""
    }
    FNR == 1 { flush(); deb822 = (FILENAME ~ /\.sources$/) }
    /^[ \t]*#/ { next }
    deb822 {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      stanza = 1
      line = $0; key = tolower(line); sub(/:.*/, "", key); val = line; sub(/^[^:]*:[ \t]*/, "", val)
      if (key == "types") types = val
      else if (key == "uris") uris = val
      else if (key == "enabled") enabled = tolower(val)
      else if (key == "signed-by" && val !~ /^-----BEGIN/ && val != "") signed = val
      next
    }
    $1 == "deb" {
      signed = ""; u = ""
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^\[/) {
          while (i <= NF) { if ($i ~ /^\[?signed-by=/) { s = $i; sub(/^\[?signed-by=/, "", s); sub(/\]$/, "", s); signed = s } if ($i ~ /\]$/) break; i++ }
          continue
        }
        u = $i; break
      }
      if (u != "" && ends_debian(u)) { sub(/\/+$/, "", u); print u "\t" signed; found = 1; exit }
    }
    END { if (!found) flush() }
  ' "${files[@]}"
}

if [ "${1:-}" = "--print-archive-entry" ]; then
  debian_archive_entry
  exit 0
fi
[ "$APT_ETC" = /etc/apt ] || { log "APT_ETC is only for --print-archive-entry"; exit 2; }

if [ "${WEBGPU_DRIVERS_FORCE:-0}" != "1" ] && lavapipe_ok; then
  exit 0
fi

backports_configured() {
  grep -RqsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null
}

BACKPORTS_FILE=/etc/apt/sources.list.d/webgpu-bookworm-backports.sources

add_backports() {
  if backports_configured; then
    log "bookworm-backports already in the apt sources"
    return 0
  fi
  local entry uri signed
  entry="$(debian_archive_entry || true)"
  uri="${entry%%$'\t'*}"
  signed="${entry#*$'\t'}"
  [ "$signed" = "$entry" ] && signed=""
  if [ -z "$uri" ]; then
    log "no Debian archive entry (URI ending in /debian) in the apt sources"
    return 1
  fi
  if [ -z "$signed" ] && [ -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
    signed=/usr/share/keyrings/debian-archive-keyring.gpg
  fi
  log "adding bookworm-backports from the configured Debian archive entry ($BACKPORTS_FILE)"
  {
    echo "# Written by .ci/install-webgpu-drivers.sh: Mesa >= 23 lavapipe for Dawn (WebGPU)."
    echo "Types: deb"
    echo "URIs: $uri"
    echo "Suites: bookworm-backports"
    echo "Components: main"
    [ -n "$signed" ] && echo "Signed-By: $signed"
  } | "${SUDO[@]}" tee "$BACKPORTS_FILE.tmp" >/dev/null
  "${SUDO[@]}" mv "$BACKPORTS_FILE.tmp" "$BACKPORTS_FILE"
}

install_backports_lavapipe() {
  add_backports || return 1
  "${SUDO[@]}" apt-get update -q || return 1
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends -t bookworm-backports \
    mesa-vulkan-drivers libvulkan1 || return 1
  lavapipe_ok
}

install_stock_lavapipe() {
  "${SUDO[@]}" apt-get update -q || return 1
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends mesa-vulkan-drivers libvulkan1 || return 1
  lavapipe_ok
}

install_gles_fallback() {
  log "FALLBACK: stock Mesa EGL/GLES; Dawn must use backend=opengles, EGL_PLATFORM=surfaceless, featureLevel 'compatibility'"
  "${SUDO[@]}" apt-get update -q || true
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri
  log "installed the GLES fallback (nodeGpu.ts falls back to backend=opengles when Vulkan finds no adapter;"
  log "set MARGIN_DAWN_OPTIONS=backend=opengles to select it explicitly)"
}

if [ "$CODENAME" = "bookworm" ]; then
  if install_backports_lavapipe; then
    log "OK: lavapipe from bookworm-backports (Vulkan backend)"
    exit 0
  fi
  log "bookworm-backports lavapipe failed"
else
  if install_stock_lavapipe; then
    log "OK: stock lavapipe on ${CODENAME:-unknown} (Vulkan backend)"
    exit 0
  fi
  log "stock lavapipe on ${CODENAME:-unknown} is missing or older than Mesa $MIN_MESA"
fi
install_gles_fallback
