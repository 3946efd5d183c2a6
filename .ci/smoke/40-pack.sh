#!/usr/bin/env bash
# Packaging test: `dotnet pack -c Release` gives a .nupkg + .snupkg with metadata, README and XML docs for every
# src package (posauth as a dotnet tool); then a fresh console project OUTSIDE the solution, restoring the PosAuth
# packages from that local folder only, compiles and runs the README's quick-start snippet.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
version="$(sed -nE 's:.*<Version>([^<]+)</Version>.*:\1:p' Directory.Build.props | head -1)"
di_version="$(sed -nE 's:.*"Microsoft.Extensions.DependencyInjection" Version="([^"]+)".*:\1:p' Directory.Packages.props | head -1)"
packages=(PosAuth.Abstractions PosAuth.Hashing PosAuth.Lockout PosAuth.Sessions PosAuth.ErrorCodes PosAuth PosAuth.Storage.Sqlite PosAuth.Testing PosAuth.Cli)

# 1. `dotnet pack -c Release` of every src project, in ONE MSBuild run (a throw-away traversal project outside the
#    repository), so shared dependencies are evaluated and built once and the two cores build in parallel.
cat >"$work/pack.proj" <<XML
<Project>
  <ItemGroup>
$(for id in "${packages[@]}"; do echo "    <P Include=\"$root/src/$id/$id.csproj\" />"; done)
  </ItemGroup>
  <Target Name="Restore"><MSBuild Projects="@(P)" Targets="Restore" /></Target>
  <Target Name="Pack"><MSBuild Projects="@(P)" Targets="Pack" BuildInParallel="true" Properties="Configuration=Release;PackageOutputPath=$feed" /></Target>
</Project>
XML
dotnet msbuild "$work/pack.proj" -restore -t:Pack -m -nologo -v:minimal -clp:ErrorsOnly

# 2. Each package: symbols, README, license, description, tags, repository type, XML docs; the CLI is a tool.
for id in "${packages[@]}"; do
  nupkg="$feed/$id.$version.nupkg"
  test -f "$nupkg" || { echo "missing $nupkg"; exit 1; }
  test -f "$feed/$id.$version.snupkg" || { echo "missing symbols for $id"; exit 1; }
  nuspec="$(unzip -p "$nupkg" "$id.nuspec")"
  for field in '<description>' '<tags>' '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<repository type="git"'; do
    grep -qF "$field" <<<"$nuspec" || { echo "$id: nuspec lacks $field"; exit 1; }
  done
  files="$(unzip -Z1 "$nupkg")"
  grep -qx "README.md" <<<"$files" || { echo "$id: README.md not packed"; exit 1; }
  if [ "$id" = "PosAuth.Cli" ]; then
    grep -q '<packageType name="DotnetTool"' <<<"$nuspec" || { echo "PosAuth.Cli is not a dotnet tool"; exit 1; }
    grep -q "^tools/net10.0/any/DotnetToolSettings.xml$" <<<"$files" || { echo "PosAuth.Cli: tool settings missing"; exit 1; }
  else
    grep -qx "lib/net10.0/$id.xml" <<<"$files" || { echo "$id: XML docs not packed"; exit 1; }
  fi
  echo "ok $id $version"
done

# 3. A consumer outside the solution: no Directory.Build.props / Directory.Packages.props inheritance, its own
#    nuget.config that adds the local feed to the machine's configured sources (the registry is reached as set up on
#    the machine; no host is named here). A fresh packages folder, and a check of each restored package's recorded
#    source, prove that every PosAuth package came from the local feed.
app="$work/consumer"
mkdir -p "$app"
echo '<Project />' >"$app/Directory.Build.props"
echo '<Project />' >"$app/Directory.Build.targets"
echo '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>' >"$app/Directory.Packages.props"
cat >"$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="posauth-local" value="$feed" />
  </packageSources>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
</configuration>
XML
cat >"$app/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="PosAuth" Version="$version" />
    <PackageReference Include="PosAuth.Storage.Sqlite" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="$di_version" />
  </ItemGroup>
</Project>
XML

# The README's quick-start snippet: the first ```csharp block of README.md that calls AddPosAuth, else the one in
# the PosAuth package README.
extract() { awk '/^```csharp/{f=1;next} /^```/{if(f){exit}} f' "$1"; }
snippet=""
for candidate in README.md src/PosAuth/README.md; do
  if [ -f "$candidate" ]; then
    block="$(extract "$candidate")"
    if grep -q "AddPosAuth(" <<<"$block"; then snippet="$block"; echo "quick-start snippet from $candidate"; break; fi
  fi
done
[ -n "$snippet" ] || { echo "no quick-start snippet found"; exit 1; }
printf '%s\n' "$snippet" >"$app/Program.cs"

cd "$app"
dotnet restore -nologo -v quiet
# Every PosAuth package must have come from the local feed, at this version.
for id in PosAuth PosAuth.Storage.Sqlite PosAuth.Hashing PosAuth.Lockout PosAuth.Sessions PosAuth.ErrorCodes PosAuth.Abstractions; do
  lower="$(tr '[:upper:]' '[:lower:]' <<<"$id")"
  meta="$work/packages/$lower/$version/.nupkg.metadata"
  test -f "$meta" || { echo "$id $version was not restored"; exit 1; }
  grep -qF "\"source\": \"$feed\"" "$meta" || { echo "$id $version was not restored from the local feed:"; cat "$meta"; exit 1; }
done
out="$(dotnet run --no-restore -nologo)"
echo "$out"
grep -q "wrong_pin, 4 attempts left" <<<"$out"
grep -qx "succeeded" <<<"$out"

# 4. The tool installs from the feed and runs.
dotnet tool install PosAuth.Cli --version "$version" --tool-path "$work/tools" --add-source "$feed" >/dev/null
"$work/tools/posauth" explain 77 --source cup --lang en
echo "packaging: ${#packages[@]} packages + symbols, quick start compiled and ran from the local feed"
