#!/usr/bin/env bash
# The newcomer's first command: the demo runs end to end and exits 0.
set -euo pipefail
out="$(dotnet run --project samples/PosAuth.Demo)"
echo "$out"
test -n "$out"
