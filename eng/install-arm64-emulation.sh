#!/usr/bin/env bash
# Installs linux-arm64 user-mode emulation (Debian's qemu-user-static and the arm64 system libraries), so a
# self-contained linux-arm64 .NET app runs here under qemu-aarch64-static. As root; idempotent; quick when installed.
set -euo pipefail
exec bash "$(dirname "$0")/install-prerequisites.sh" arm64 "$@"
