#!/usr/bin/env bash
# linux-arm64: the demo, published self-contained for linux-arm64 (with the bundle's arm64 native SQLite), runs its
# whole scripted flow under qemu-aarch64-static and exits 0. The emulation is installed by
# eng/install-arm64-emulation.sh (.ci/run does it). Without emulation this test says so plainly: it FAILS under
# CI=true, and elsewhere exits 3, which .ci/run counts as skipped - never as passed.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

missing=()
command -v qemu-aarch64-static >/dev/null || missing+=("qemu-aarch64-static")
for lib in /lib/ld-linux-aarch64.so.1 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libssl.so.3 /lib/aarch64-linux-gnu/libz.so.1; do
  [ -e "$lib" ] || missing+=("$lib")
done
ls /usr/lib/aarch64-linux-gnu/libicuuc.so.* >/dev/null 2>&1 || missing+=("arm64 ICU")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "linux-arm64 EMULATION UNAVAILABLE: missing ${missing[*]}."
  echo "Install it with: sudo bash eng/install-arm64-emulation.sh"
  if [ "${CI:-}" = "true" ]; then echo "FAIL: under CI=true the arm64 run must happen."; exit 1; fi
  echo "SKIPPED (not CI): the arm64 demo was NOT run."
  exit 3
fi

set +e
dotnet publish samples/PosAuth.Demo -c Release -r linux-arm64 --self-contained -p:TreatWarningsAsErrors=true \
  -o "$work/app" -nologo >"$work/publish.log" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then cat "$work/publish.log"; echo "linux-arm64 publish failed ($rc)"; exit 1; fi
for binary in PosAuth.Demo libe_sqlite3.so libcoreclr.so; do
  machine="$(readelf -h "$work/app/$binary" | sed -nE 's/ *Machine: *//p')"
  echo "$binary: $machine"
  [ "$machine" = "AArch64" ] || { echo "$binary is not an arm64 binary"; exit 1; }
done

start=$(date +%s)
set +e
qemu-aarch64-static "$work/app/PosAuth.Demo" --db "$work/demo.db" >"$work/run.log" 2>&1   # both languages: ICU and zh-CN texts too
rc=$?
set -e
cat "$work/run.log"
echo "exit code under qemu-aarch64-static: $rc ($(( $(date +%s) - start )) s)"
[ "$rc" -eq 0 ] || { echo "the arm64 demo failed under emulation"; exit 1; }
grep -q "Demo finished" "$work/run.log"
grep -q "演示完成" "$work/run.log"
sections="$(grep -c '^\[[0-9]*\]' "$work/run.log" || true)"
checks="$(grep -c '✔' "$work/run.log" || true)"
echo "linux-arm64: self-contained demo ($(du -sh "$work/app" | cut -f1)), arm64 SQLite from the bundle, whole scripted flow under qemu-aarch64-static: exit 0, $sections sections, $checks ✔ checks"
