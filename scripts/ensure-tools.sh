#!/usr/bin/env bash
# Installs the command-line tools the tests use to make real disk images: qemu-img (qemu-utils).
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
if command -v qemu-img >/dev/null 2>&1; then
  echo "ensure-tools: $(qemu-img --version | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q qemu-utils
echo "ensure-tools: $(qemu-img --version | head -1)"
