#!/usr/bin/env bash
# Installs the Debian packages that CI steps need beyond the .NET SDK, with at most ONE `apt-get update` and ONE
# `apt-get install`, and only what is missing (idempotent: returns at once, without touching apt, when everything
# is there). Run as root. Features (any combination):
#   arm64   qemu-aarch64-static and the arm64 system libraries a self-contained linux-arm64 .NET app needs
#           (libc6, libssl3, libstdc++6, zlib1g, and ICU for the zh-CN texts), after `dpkg --add-architecture arm64`
#   bench   hyperfine, for the cold-start benchmark (benchmarks/cold-start.sh)
# NativeAOT needs a C toolchain: the machine image has gcc/clang; the ILCompiler falls back from clang to gcc.
set -euo pipefail

want_arm64=0
want_bench=0
for feature in "$@"; do
  case "$feature" in
    arm64) want_arm64=1 ;;
    bench) want_bench=1 ;;
    *) echo "install-prerequisites: unknown feature '$feature' (arm64, bench)" >&2; exit 2 ;;
  esac
done

packages=()
if [ "$want_arm64" = 1 ]; then
  packages+=(qemu-user-static libc6:arm64 libssl3:arm64 libstdc++6:arm64 zlib1g:arm64 libicu72:arm64)
fi
if [ "$want_bench" = 1 ]; then
  packages+=(hyperfine)
fi

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != "installed" ]; then missing+=("$p"); fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "prerequisites: all installed (${packages[*]:-nothing requested})"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "prerequisites: missing ${missing[*]}; run this script as root to install them" >&2
  exit 1
fi
if [ "$want_arm64" = 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
export DEBIAN_FRONTEND=noninteractive
echo "prerequisites: installing ${missing[*]}"
# One apt at a time: eng/postgres.sh (run by eng/test.sh while this runs in the background in CI) takes the same lock.
exec 9>/tmp/posauth-apt.lock
flock 9
apt-get update -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
echo "prerequisites: installed ${missing[*]}"
