#!/usr/bin/env bash
# Cold-start benchmark (whole process), JIT vs ReadyToRun vs NativeAOT side by side in one run:
#   bash benchmarks/cold-start.sh [out.md]        (default benchmarks/results/cold-start.md; ROUNDS=30 DEMO_ROUNDS=6)
# Publishes benchmarks/PosAuth.ColdStart (start → first sign-in on SQLite, KDF at its minimum), samples/PosAuth.Demo
# and the posauth tool for linux-x64 three ways, then times them with the benchmark project's launcher
# (PosAuth.Benchmarks --coldstart: interleaved rounds, per-round ratios, peak RSS from wait4) and, when Debian's
# hyperfine is installed (bash eng/install-prerequisites.sh bench), cross-checks with hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-benchmarks/results/cold-start.md}"
rounds="${ROUNDS:-30}"
demo_rounds="${DEMO_ROUNDS:-6}"
# KEEP=DIR keeps the published binaries in DIR, and a later run with the same KEEP measures them again without
# publishing; otherwise everything goes to a fresh temporary folder.
if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP"
  work="$(cd "$KEEP" && pwd)"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

publish() { # project app mode
  local project=$1 app=$2 mode=$3 flags=()
  case "$mode" in
    jit) flags=(--self-contained false -p:UseAppHost=true) ;;   # a dotnet tool has no apphost by default
    r2r) flags=(--self-contained false -p:UseAppHost=true -p:PublishReadyToRun=true) ;;
    aot) flags=(-p:PublishAot=true) ;;
  esac
  echo "publish $app ($mode)" >&2
  dotnet publish "$project" -c Release -r linux-x64 "${flags[@]}" -o "$work/$app/$mode" -nologo -v quiet -clp:ErrorsOnly >&2
}
if [ ! -d "$work/cli/aot" ]; then
  for mode in jit r2r aot; do
    publish benchmarks/PosAuth.ColdStart coldstart "$mode"
    publish samples/PosAuth.Demo demo "$mode"
    publish src/PosAuth.Cli cli "$mode"
  done
fi

dotnet build benchmarks/PosAuth.Benchmarks -c Release -nologo -v quiet -clp:ErrorsOnly >&2
dotnet run -c Release --no-build --project benchmarks/PosAuth.Benchmarks -- \
  --coldstart "$work" --rounds "$rounds" --demo-rounds "$demo_rounds" --out "$out"

if command -v hyperfine >/dev/null; then
  # The same three binaries and databases (provisioned by the launcher), whole process, no shell in between.
  hf="${out%.md}-hyperfine.md"
  hyperfine -N --warmup 3 --runs "$rounds" --export-markdown "$hf" \
    -n jit "$work/coldstart/jit/PosAuth.ColdStart --db $work/db/jit.db" \
    -n r2r "$work/coldstart/r2r/PosAuth.ColdStart --db $work/db/r2r.db" \
    -n aot "$work/coldstart/aot/PosAuth.ColdStart --db $work/db/aot.db"
  # The temporary folder differs from run to run: keep the report readable and stable.
  sed -i "s:$work/:<dir>/:g" "$hf"
else
  echo "hyperfine not installed: cross-check skipped (bash eng/install-prerequisites.sh bench)" >&2
fi
