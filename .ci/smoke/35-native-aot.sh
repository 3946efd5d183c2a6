#!/usr/bin/env bash
# NativeAOT (linux-x64): the posauth tool and the demo publish with PublishAot=true and ZERO AOT or trim warnings
# (warnings are errors, and any "warning IL…" line fails too); the tool is ONE file, `posauth`. Then the posauth smoke
# test runs against the native binary (POSAUTH=… bash .ci/smoke/20-posauth.sh; a wrapper counts the calls, so a
# smoke test that ignored $POSAUTH would fail here), and the demo's scripted flow runs from its native binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

aot_publish() { # project output-folder
  local rc
  set +e
  dotnet publish "$1" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true -p:TrimmerSingleWarn=false \
    -o "$2" -nologo >"$2.log" 2>&1
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then cat "$2.log"; echo "NativeAOT publish of $1 failed ($rc)"; exit 1; fi
  if grep -E "warning [A-Z]+[0-9]+" "$2.log"; then echo "NativeAOT publish of $1: warnings (above)"; exit 1; fi
  if [ -n "$(find "$2" -name '*.dll')" ]; then echo "NativeAOT publish of $1 left managed assemblies:"; ls -la "$2"; exit 1; fi
}
size() { du -h --apparent-size "$1" | cut -f1; }

aot_publish src/PosAuth.Cli "$work/cli"
ls -la "$work/cli"
[ "$(ls -A "$work/cli")" = "posauth" ] || { echo "the native posauth is not a single file"; exit 1; }
file_info="$(readelf -h "$work/cli/posauth" | grep -E 'Type:|Machine:' | tr -s ' ' | paste -sd';')"
echo "native posauth: $(size "$work/cli/posauth"), $file_info"

aot_publish samples/PosAuth.Demo "$work/demo"
ls -la "$work/demo"

# The posauth smoke test, against the native binary through a wrapper that counts the calls.
cat >"$work/posauth-native" <<SH
#!/bin/sh
echo call >>"$work/native-calls"
exec "$work/cli/posauth" "\$@"
SH
chmod +x "$work/posauth-native"
POSAUTH="$work/posauth-native" bash .ci/smoke/20-posauth.sh
calls="$(wc -l <"$work/native-calls" 2>/dev/null || echo 0)"
[ "$calls" -ge 10 ] || { echo "20-posauth.sh ran the native binary $calls times: it does not honour \$POSAUTH"; exit 1; }
echo "posauth smoke: $calls calls, all to the native binary"

# The demo's scripted flow from its native binary (English, Chinese, and interactive with stdin redirected).
"$work/demo/PosAuth.Demo" --db "$work/demo.db" --lang en >"$work/run.log" 2>&1 || { cat "$work/run.log"; echo "native demo failed"; exit 1; }
cat "$work/run.log"
grep -q "Demo finished" "$work/run.log"
grep -q "请重新签到" <<<"$("$work/demo/PosAuth.Demo" --db "$work/demo.db" --lang zh-CN)"   # (no pipe into grep -q: with pipefail an early exit of grep could fail it)
grep -q "category WrongPin" <<<"$(printf '7\n55\n' | "$work/demo/PosAuth.Demo" --interactive --db "$work/demo.db" --lang en)"
echo "NativeAOT: 0 warnings; posauth $(size "$work/cli/posauth") (one file); demo $(size "$work/demo/PosAuth.Demo") + libe_sqlite3.so $(size "$work/demo/libe_sqlite3.so"); both ran"
