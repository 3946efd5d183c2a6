#!/usr/bin/env bash
# Smoke run of the posauth tool, per the DESIGN.md contract: PINs on stdin, secrets in files or the environment
# (never in argv), stdin bounded, exit codes 0 / 1 / 2.
#
# POSAUTH is the command to test, e.g. a NativeAOT binary: POSAUTH=/path/to/posauth bash .ci/smoke/20-posauth.sh
# (an executable path is used as one word; anything else is split on spaces, e.g. "dotnet /path/PosAuth.Cli.dll").
# Default: build src/PosAuth.Cli and run its dll with dotnet.
set -euo pipefail
if [ -n "${POSAUTH:-}" ]; then
  if [ -x "$POSAUTH" ]; then posauth_cmd=("$POSAUTH"); else read -r -a posauth_cmd <<<"$POSAUTH"; fi
else
  dotnet build src/PosAuth.Cli -v quiet -nologo >/dev/null
  posauth_cmd=(dotnet "$(dotnet msbuild src/PosAuth.Cli -nologo -getProperty:TargetPath)")
fi
echo "posauth: ${posauth_cmd[*]}"
posauth() { "${posauth_cmd[@]}" "$@"; }
expect_exit() { local want=$1; shift; set +e; "$@"; local got=$?; set -e; [ "$got" -eq "$want" ] || { echo "expected exit $want, got $got: $*" >&2; exit 1; }; }
fail() { echo "FAIL: $*" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077                                   # secret files only the owner can read, as the README asks
master_hex=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
printf '%s\n' "$master_hex" >"$work/vendor.hex"
printf '3132333435363738393031323334353637383930\n' >"$work/ocra.hex"    # RFC 6287 Appendix C, 20-byte key

# --- hash / verify -------------------------------------------------------------------------------------
hash="$(echo 123456 | posauth hash --iterations 10000)"
echo "hash: $hash"
[[ "$hash" == '$pbkdf2-sha512$i=10000$'* ]] || fail "hash format"
printf '%s\n' "$hash" >"$work/h"

out="$(echo 123456 | posauth verify --hash-file "$work/h")"
echo "verify right: $out"
grep -qx 'match' <<<"$out"
grep -q 'rehash-needed' <<<"$out"           # 10,000 < the default 220,000 iterations
echo 654321 | expect_exit 1 posauth verify --hash-file "$work/h"
out="$(echo 123456 | POSAUTH_PIN_HASH="$hash" posauth verify)"
grep -qx 'match' <<<"$out" || fail "hash from POSAUTH_PIN_HASH"
printf 'not-a-hash\n' >"$work/bad"
echo 123456 | expect_exit 2 posauth verify --hash-file "$work/bad"

# Secrets never on the command line: the old argument forms are refused, without echoing the value.
err="$(echo 123456 | expect_exit 2 posauth verify --hash "$hash" 2>&1)"
echo "verify --hash: $err"
grep -q -- '--hash-file' <<<"$err"
! grep -qF "$hash" <<<"$err" || fail "verify echoed the hash"

# Pepper: hash under a key id, verify only with the key.
head -c 32 /dev/urandom | base64 >"$work/pepper.b64"
peppered="$(echo 4739 | posauth hash --iterations 10000 --pepper-key-id k2026 --pepper-key-file "$work/pepper.b64")"
[[ "$peppered" == '$pbkdf2-sha512$i=10000,k=k2026$'* ]] || fail "peppered hash format"
printf '%s\n' "$peppered" >"$work/ph"
echo 4739 | posauth verify --hash-file "$work/ph" --pepper-key-file "$work/pepper.b64" | grep -qx match
echo 4739 | expect_exit 2 posauth verify --hash-file "$work/ph"

# --- standard input: one line, bounded, BOM ignored -------------------------------------------------------
printf '\xef\xbb\xbf4739\r\n' | posauth hash --iterations 10000 >/dev/null          # a UTF-8 BOM is ignored
printf '4739\n1234\n' | expect_exit 2 posauth hash --iterations 10000 2>/dev/null   # a second line is an error
set +e +o pipefail
start=$SECONDS
timeout 60 bash -c 'cat /dev/zero | "$@"' _ "${posauth_cmd[@]}" hash 2>"$work/zero.err"
zero_exit=$?
set -e -o pipefail
echo "cat /dev/zero | posauth hash: exit $zero_exit after $((SECONDS - start)) s: $(cat "$work/zero.err")"
[ "$zero_exit" -eq 2 ] || fail "endless stdin: expected exit 2, got $zero_exit"
expect_exit 2 posauth unlock-response --master-key-file /dev/zero --terminal-serial SN-0001 --qr 'POSAUTH-UNLOCK:1:T0000001:01:12345678' 2>/dev/null

# --- pin-check --------------------------------------------------------------------------------------------
for weak in 1234 0000 2580 147258 123123 112233; do
  out="$(echo "$weak" | expect_exit 1 posauth pin-check --role operator)"
done
echo 13579 | expect_exit 1 posauth pin-check --role operator
out="$(echo 730194 | posauth pin-check --role operator)"
echo "pin-check 730194: $out"
grep -qx 'accepted' <<<"$out"
out="$(echo 1234 | expect_exit 1 posauth pin-check --lang zh-CN)"
echo "pin-check 1234 zh-CN: $out"
grep -q '^不通过：Sequence、CommonPin' <<<"$out"
echo 1234 | expect_exit 1 posauth pin-check --json | grep -q '"code":"Sequence"'

# --- explain ----------------------------------------------------------------------------------------------
json="$(posauth explain 77 --source cup --json)"
echo "explain 77: $json"
grep -q '"action":"SignInAgain"' <<<"$json"
grep -q '"requiresSignIn":true' <<<"$json"
zh="$(posauth explain A0 --source cup --lang zh-CN)"
echo "explain A0: $zh"
grep -q '重新签到' <<<"$zh"
grep -q '^类别：.*需要重新签到（SignInRequired）' <<<"$zh"

# --- unlock-response --------------------------------------------------------------------------------------
# RFC 6287 Appendix C, first one-way vector, key from a file.
resp="$(posauth unlock-response --suite OCRA-1:HOTP-SHA1-6:QN08 --key-file "$work/ocra.hex" --challenge 00000000)"
echo "unlock-response (generic): $resp"
[ "$resp" = "237653" ]

# Back office: master key + serial + the challenge as the terminal shows it; the response grouped the same way.
resp="$(posauth unlock-response --master-key-file "$work/vendor.hex" --terminal-serial SN-0001 --terminal T0000001 --operator 01 --challenge "1234 5678")"
echo "unlock-response (back office): $resp"
[ "$resp" = "8826 2185" ]
resp="$(posauth unlock-response --master-key-file "$work/vendor.hex" --terminal-serial SN-0001 --qr 'POSAUTH-UNLOCK:1:T0000001:01:12345678')"
[ "$resp" = "8826 2185" ] || fail "--qr: $resp"
resp="$(posauth unlock-response --master-key-file - --terminal-serial SN-0001 --terminal T0000001 --operator 01 --challenge 12345678 <"$work/vendor.hex")"
[ "$resp" = "88262185" ] || fail "master key from stdin: $resp"
resp="$(POSAUTH_MASTER_KEY="$master_hex" posauth unlock-response --terminal-serial SN-0001 --terminal T0000001 --operator 01 --challenge 1234-5678)"
[ "$resp" = "8826-2185" ] || fail "master key from POSAUTH_MASTER_KEY: $resp"
err="$(expect_exit 2 posauth unlock-response --master-key "$master_hex" --terminal-serial SN-0001 --terminal T0000001 --operator 01 --challenge 12345678 2>&1)"
grep -q -- '--master-key-file' <<<"$err"
! grep -qF "$master_hex" <<<"$err" || fail "unlock-response echoed the master key"
guide="$(expect_exit 2 posauth unlock-response 2>&1)"
grep -q 'terminal serial' <<<"$guide" || fail "bare unlock-response does not explain the back-office mode"

# --- derive-terminal-key ----------------------------------------------------------------------------------
posauth derive-terminal-key --master-key-file "$work/vendor.hex" --terminal-serial SN-0001 --out "$work/SN-0001.key" --format hex
mode="$(stat -c %a "$work/SN-0001.key" 2>/dev/null || stat -f %Lp "$work/SN-0001.key")"
[ "$mode" = "600" ] || fail "derived key file mode $mode"
[ "$(cat "$work/SN-0001.key")" = 34d227e351422ee4432739c2de57c9e3a210f4cf27c4f4286b00f496135589b4 ] || fail "derived key"
expect_exit 2 posauth derive-terminal-key --master-key-file "$work/vendor.hex" --terminal-serial SN-0001 --out "$work/SN-0001.key" 2>/dev/null
# The derived key in the generic OCRA mode, with the binding computed here by sha512sum, gives the same response.
session="$(printf 'PosAuth offline unlock v1\x00\x08T0000001\x0201' | sha512sum | cut -d' ' -f1)"
resp="$(posauth unlock-response --suite OCRA-1:HOTP-SHA256-8:QN08-S064 --key-file "$work/SN-0001.key" --challenge 12345678 --session "$session")"
[ "$resp" = "88262185" ] || fail "derived key in generic mode: $resp"

# A PIN is never accepted as an argument.
expect_exit 2 posauth hash 123456 </dev/null 2>/dev/null
echo "posauth smoke ok"
