#!/usr/bin/env bash
# Installs what the tests read from Debian's packages: qemu-img (qemu-utils), to make real disk
# images, and Glance's metadata definitions catalog, /etc/glance/metadefs (glance-common), which
# glimpse-manage db_load_metadefs must load unchanged. Idempotent; needs root (or sudo) only when
# something is missing.
set -euo pipefail
need=()
command -v qemu-img >/dev/null 2>&1 || need+=(qemu-utils)
[ -d /etc/glance/metadefs ] || need+=(glance-common)
if ((${#need[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  apt_get() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 "$@"; }
  apt_get install -y --no-install-recommends "${need[@]}" || { apt_get update && apt_get install -y --no-install-recommends "${need[@]}"; }
fi
echo "ensure-tools: $(qemu-img --version | head -1); Glance catalog: $(ls /etc/glance/metadefs | wc -l) files"
