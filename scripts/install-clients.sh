#!/usr/bin/env bash
# Installs the Debian packages of the real OpenStack clients that scripts/cli-flow.sh drives:
# python3-openstackclient (/usr/bin/openstack) and python3-glanceclient (/usr/bin/glance).
# Idempotent and quiet: does nothing when both are installed; runs `apt-get update` only when a
# package cannot be found in the current package lists. Needs root (or sudo) on Debian.
set -euo pipefail

packages=(python3-openstackclient python3-glanceclient)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)) && [[ -x /usr/bin/openstack && -x /usr/bin/glance ]]; then
  exit 0
fi
((${#missing[@]} > 0)) || missing=("${packages[@]}")

SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null || { echo "install-clients: not root and no sudo" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
apt_quiet() { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0 "$@"; }

need_update=0
for p in "${missing[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    need_update=1
  fi
done
if ((need_update)); then
  apt_quiet update >/dev/null
fi
echo "install-clients: installing ${missing[*]}"
if ! apt_quiet install -y --no-install-recommends "${missing[@]}" >/tmp/install-clients.$$.log 2>&1; then
  # a stale package list can name files the mirror no longer has: refresh once and retry
  apt_quiet update >/dev/null
  if ! apt_quiet install -y --no-install-recommends "${missing[@]}" >/tmp/install-clients.$$.log 2>&1; then
    cat /tmp/install-clients.$$.log >&2
    rm -f /tmp/install-clients.$$.log
    exit 1
  fi
fi
rm -f /tmp/install-clients.$$.log
for tool in /usr/bin/openstack /usr/bin/glance; do
  [[ -x "$tool" ]] || { echo "install-clients: $tool missing after install" >&2; exit 1; }
done
echo "install-clients: $(/usr/bin/openstack --version 2>&1), glance $(/usr/bin/glance --version 2>&1)"
