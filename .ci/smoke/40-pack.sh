#!/usr/bin/env bash
# Packaging test, following only the README's "Getting the packages" section (its snippets are read from README.md):
#   1. every packable project in the repository is found by asking MSBuild (no list here to keep up to date), and
#      each must be in the solution, so the README's `dotnet pack` packs it;
#   2. the README's pack command fills a local feed: each package has its .snupkg, description, tags, license, README,
#      repository type and XML docs (the tool: DotnetTool type and settings), at the one version of this source tree;
#   3. a fresh console app OUTSIDE the repository gets the README's nuget.config (local feed + packageSourceMapping),
#      the README's `dotnet add package` commands and the README's quick-start snippet, restores into an empty
#      packages folder, and runs; every PosAuth package must have come from the local feed, and restore must say the
#      mapping sent the PosAuth names to the local feed only;
#   4. the README's tool install (into a tool path instead of the global one) installs posauth from the feed and runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
placeholder="/path/to/posauth-feed"

# The n-th fenced block of language $2 in the README section titled $1 (indentation of list items removed).
readme_block() {
  awk -v title="$1" -v lang="$2" -v want="$3" '
    /^## / { in_section = ($0 == "## " title); next }
    !in_section { next }
    !fence && $0 ~ "^ *```" lang "$" { n++; fence = 1; match($0, /^ */); indent = RLENGTH; next }
    fence && /^ *```$/ { fence = 0; if (n == want) exit; next }
    fence && n == want { print substr($0, indent + 1) }
  ' README.md
}
section="Getting the packages"
pack_cmd="$(readme_block "$section" sh 1)"
nuget_config="$(readme_block "$section" xml 1)"
consumer_cmds="$(readme_block "$section" sh 2)"
for part in pack_cmd nuget_config consumer_cmds; do
  [ -n "${!part}" ] || { echo "README section '$section': $part not found"; exit 1; }
  grep -qF "$placeholder" <<<"${!part}" || [ "$part" = consumer_cmds ] || { echo "README $part does not use $placeholder"; exit 1; }
done
grep -q "packageSourceMapping" <<<"$nuget_config" || { echo "README nuget.config has no packageSourceMapping"; exit 1; }

# 1. Every packable project, by MSBuild's own answer (tracked and new files; obj/bin are ignored by git). Projects that keep
#    their own build settings (the kit's xunit.v3 consumer, which must fail to build) have no PosAuthPackageInfo target and are skipped.
mapfile -t projects < <(git ls-files --cached --others --exclude-standard '*.csproj')
cat >"$work/info.proj" <<XML
<Project>
  <ItemGroup>
$(for p in "${projects[@]}"; do echo "    <P Include=\"$root/$p\" />"; done)
  </ItemGroup>
  <Target Name="Info">
    <MSBuild Projects="@(P)" Targets="PosAuthPackageInfo" Properties="Configuration=Release" BuildInParallel="true" SkipNonexistentTargets="true">
      <Output TaskParameter="TargetOutputs" ItemName="I" />
    </MSBuild>
    <WriteLinesToFile File="$work/info.txt" Overwrite="true"
      Lines="@(I->'%(IsPackable)|%(PackageId)|%(PackageVersion)|%(PackAsTool)|%(AssemblyName)|%(TargetFramework)|%(Identity)')" />
  </Target>
</Project>
XML
dotnet msbuild "$work/info.proj" -t:Info -m -nologo -v:quiet
mapfile -t packable < <(grep '^true|' "$work/info.txt" | sort)
[ "${#packable[@]}" -gt 0 ] || { echo "no packable project found"; exit 1; }
versions="$(printf '%s\n' "${packable[@]}" | cut -d'|' -f3 | sort -u)"
[ "$(wc -l <<<"$versions")" -eq 1 ] || { echo "packable projects disagree on the version:"; echo "$versions"; exit 1; }
version="$versions"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+-dev\.[0-9]+(\.local\.[0-9a-f]{8})?$ ]] || { echo "unexpected version '$version'"; exit 1; }
in_solution="$(dotnet sln PosAuth.Sdk.sln list | tr '\\' '/')"
for line in "${packable[@]}"; do
  rel="${line##*|}"; rel="${rel#"$root/"}"
  grep -qxF "$rel" <<<"$in_solution" || { echo "$rel is packable but not in PosAuth.Sdk.sln: the README's dotnet pack would miss it"; exit 1; }
done
echo "packable projects (${#packable[@]}), version $version:"
printf '%s\n' "${packable[@]}" | cut -d'|' -f2 | sed 's/^/  /'

# 2. The README's pack command, into the feed.
grep -qvE '^dotnet pack ' <<<"$pack_cmd" && { echo "README: the pack block holds more than dotnet pack: $pack_cmd"; exit 1; }
echo "+ $pack_cmd"
(eval "${pack_cmd//$placeholder/$feed}") >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; echo "the README's pack command failed"; exit 1; }
for line in "${packable[@]}"; do
  IFS='|' read -r _ id _ tool assembly tfm _ <<<"$line"
  nupkg="$feed/$id.$version.nupkg"
  test -f "$nupkg" || { echo "missing $nupkg"; ls "$feed"; exit 1; }
  test -f "$feed/$id.$version.snupkg" || { echo "missing symbols for $id"; exit 1; }
  nuspec="$(unzip -p "$nupkg" "$id.nuspec")"
  for field in "<version>$version</version>" '<description>' '<tags>' '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<repository type="git"'; do
    grep -qF "$field" <<<"$nuspec" || { echo "$id: nuspec lacks $field"; exit 1; }
  done
  files="$(unzip -Z1 "$nupkg")"
  grep -qx "README.md" <<<"$files" || { echo "$id: README.md not packed"; exit 1; }
  symbols="$(unzip -Z1 "$feed/$id.$version.snupkg")"   # (not piped into grep -q: with pipefail, unzip's SIGPIPE would fail it)
  grep -q "\.pdb$" <<<"$symbols" || { echo "$id: no .pdb in the symbols package"; exit 1; }
  if [ "$tool" = "true" ]; then
    grep -q '<packageType name="DotnetTool"' <<<"$nuspec" || { echo "$id is not a dotnet tool"; exit 1; }
    grep -q "^tools/$tfm/any/DotnetToolSettings.xml$" <<<"$files" || { echo "$id: tool settings missing"; exit 1; }
  else
    grep -qx "lib/$tfm/$assembly.dll" <<<"$files" || { echo "$id: lib/$tfm/$assembly.dll not packed"; exit 1; }
    grep -qx "lib/$tfm/$assembly.xml" <<<"$files" || { echo "$id: XML docs not packed"; exit 1; }
  fi
  echo "ok $id $version"
done

# 3. A fresh console app outside the repository, exactly as the README says.
app="$work/consumer"
dotnet new console -o "$app" -n Consumer --no-restore >/dev/null
printf '%s\n' "${nuget_config//$placeholder/$feed}" >"$app/nuget.config"
export NUGET_PACKAGES="$work/packages"   # an empty packages folder: nothing can come from an earlier restore
snippet="$(awk '/^```csharp/{f=1;next} /^```/{if(f){exit}} f' README.md)"
grep -q "AddPosAuth(" <<<"$snippet" || { echo "README: the first csharp block is not the quick start"; exit 1; }
printf '%s\n' "$snippet" >"$app/Program.cs"
cd "$app"
while IFS= read -r cmd; do
  [ -n "$cmd" ] || continue
  case "$cmd" in
    "dotnet tool install"*) tool_cmd="${cmd/--global/--tool-path $work/tools}"; continue ;;  # step 4
    "dotnet add package"*) ;;
    *) echo "README: unexpected consumer command: $cmd"; exit 1 ;;
  esac
  echo "+ $cmd"
  eval "$cmd" >"$work/add.log" 2>&1 || { cat "$work/add.log"; echo "failed: $cmd"; exit 1; }
done <<<"$consumer_cmds"
[ -n "${tool_cmd:-}" ] || { echo "README: no dotnet tool install command"; exit 1; }

# The mapping, in restore's own words: the PosAuth names went to the local feed only.
dotnet restore --force -v detailed >"$work/restore.log" 2>&1 || { cat "$work/restore.log"; exit 1; }
grep -q "Package source mapping matches found for package ID 'PosAuth' are: 'posauth-local'" "$work/restore.log" \
  || { grep -i "source mapping" "$work/restore.log" | head -20; echo "restore did not map PosAuth to the local feed only"; exit 1; }
# Every PosAuth package in the (fresh) packages folder came from the local feed, at this version.
restored=0
for dir in "$NUGET_PACKAGES"/posauth*/; do
  [ -d "$dir" ] || continue
  meta="$dir$(tr '[:upper:]' '[:lower:]' <<<"$version")/.nupkg.metadata"
  test -f "$meta" || { echo "$(basename "$dir") was not restored at $version"; ls "$dir"; exit 1; }
  grep -qF "\"source\": \"$feed\"" "$meta" || { echo "$(basename "$dir") was not restored from the local feed:"; cat "$meta"; exit 1; }
  restored=$((restored + 1))
done
[ "$restored" -ge 2 ] || { echo "only $restored PosAuth packages restored"; exit 1; }
out="$(dotnet run --no-restore -nologo)"
echo "$out"
grep -q "wrong_pin, 4 attempts left" <<<"$out"
grep -qx "succeeded" <<<"$out"

# 4. The README's tool install, from the same nuget.config, into a tool path.
echo "+ $tool_cmd"
eval "$tool_cmd" >"$work/tool.log" 2>&1 || { cat "$work/tool.log"; echo "failed: $tool_cmd"; exit 1; }
"$work/tools/posauth" explain 77 --source cup --lang en
test -d "$work/tools/.store/posauth.cli/$(tr '[:upper:]' '[:lower:]' <<<"$version")" || { echo "the installed tool is not version $version:"; ls "$work/tools/.store/posauth.cli/"; exit 1; }
echo "packaging: ${#packable[@]} packages + symbols at $version; a fresh app restored $restored PosAuth packages from the local feed only and ran the quick start; posauth installed from the feed"
