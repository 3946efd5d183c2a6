#!/usr/bin/env bash
# Accepts an intended change of a package's public API (docs/ARCHITECTURE.md, "Public API"):
#   eng/accept-api.sh src/PosAuth.Lockout [src/PosAuth.Sessions ...]
# For each project: the PublicApiAnalyzers code fix adds every new or changed public symbol to PublicAPI.Unshipped.txt
# (RS0016, RS0037); then one build lists the declared symbols that no longer exist (RS0017, which has no code fix) and
# they are dropped from PublicAPI.Unshipped.txt, or, when they had shipped, recorded as *REMOVED* lines. Review the
# diff of the PublicAPI files afterwards: it is the API change. Give dependencies before the projects that use them.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: eng/accept-api.sh src/<Project> [src/<Project> ...]" >&2; exit 2; }
for arg in "$@"; do
  if [ -d "$arg" ]; then proj=$(ls "$arg"/*.csproj); else proj=$arg; fi
  dir=$(dirname "$proj")
  echo "== $proj"
  dotnet format analyzers "$proj" --diagnostics RS0016 RS0037 --severity warn
  log=$(mktemp)
  dotnet build "$proj" -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
  python3 - "$dir" "$log" <<'EOF'
import re, sys, pathlib
d, log = pathlib.Path(sys.argv[1]).resolve(), sys.argv[2]
removed = {}
for m in re.finditer(r"^(.*PublicAPI\.(Shipped|Unshipped)\.txt)\(\d+,\d+\): (?:error|warning) RS0017: Symbol '(.*?)' is part of the declared API",
                     open(log, encoding="utf-8").read(), re.M):
    if pathlib.Path(m.group(1)).resolve().parent == d:
        removed.setdefault(m.group(2), set()).add(m.group(3))
unshipped = d / "PublicAPI.Unshipped.txt"
lines = unshipped.read_text(encoding="utf-8").splitlines()
lines = [l for l in lines if l not in removed.get("Unshipped", set())]
lines += sorted("*REMOVED*" + s for s in removed.get("Shipped", set()))
unshipped.write_text("\n".join(lines) + "\n", encoding="utf-8")
for kind, symbols in removed.items():
    for s in sorted(symbols):
        print(f"removed ({kind}): {s}")
EOF
  if grep -qE "error (RS00|CS)" "$log" && dotnet build "$proj" 2>&1 | grep -E " error " ; then
    echo "$proj still fails to build (above)" >&2; rm -f "$log"; exit 1
  fi
  rm -f "$log"
done
