#!/usr/bin/env bash
# Smoke run of the posauth tool, per the DESIGN.md contract: PINs on stdin, exit codes 0 / 1 / 2.
set -euo pipefail
dotnet build src/PosAuth.Cli -v quiet -nologo >/dev/null
dll="$(dotnet msbuild src/PosAuth.Cli -nologo -getProperty:TargetPath)"
posauth() { dotnet "$dll" "$@"; }
expect_exit() { local want=$1; shift; set +e; "$@"; local got=$?; set -e; [ "$got" -eq "$want" ] || { echo "expected exit $want, got $got: $*" >&2; exit 1; }; }

hash="$(echo 123456 | posauth hash --iterations 10000)"
echo "hash: $hash"
[[ "$hash" == '$pbkdf2-sha512$i=10000$'* ]]

out="$(echo 123456 | posauth verify --hash "$hash")"
echo "verify right: $out"
grep -qx 'match' <<<"$out"
grep -q 'rehash-needed' <<<"$out"           # 10,000 < the default 220,000 iterations

echo 654321 | expect_exit 1 posauth verify --hash "$hash"
echo 123456 | expect_exit 2 posauth verify --hash 'not-a-hash'

for weak in 1234 0000 2580 147258 123123 112233; do
  out="$(echo "$weak" | expect_exit 1 posauth pin-check --role operator)"
done
echo 13579 | expect_exit 1 posauth pin-check --role operator
out="$(echo 730194 | posauth pin-check --role operator)"
echo "pin-check 730194: $out"
grep -qx 'accepted' <<<"$out"

json="$(posauth explain 77 --source cup --json)"
echo "explain 77: $json"
grep -q '"action":"SignInAgain"' <<<"$json"
grep -q '"requiresSignIn":true' <<<"$json"
zh="$(posauth explain A0 --source cup --lang zh-CN)"
echo "explain A0: $zh"
grep -q '重新签到' <<<"$zh"

# RFC 6287 Appendix C, first one-way vector.
resp="$(posauth unlock-response --suite OCRA-1:HOTP-SHA1-6:QN08 --key 3132333435363738393031323334353637383930 --challenge 00000000)"
echo "unlock-response: $resp"
[ "$resp" = "237653" ]

# A PIN is never accepted as an argument.
expect_exit 2 posauth hash 123456 </dev/null
echo "posauth smoke ok"
