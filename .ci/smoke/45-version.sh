#!/usr/bin/env bash
# Versions are unique per source tree AND deterministic (eng/Versioning.targets). Checked in two throw-away clones of
# HEAD at different paths:
#   - clean: version $(VersionPrefix)-dev.<commit height>, the same in both clones;
#   - a library built in both clones (CI=true: Deterministic + ContinuousIntegrationBuild) is byte-identical, and so
#     is its package;
#   - an uncommitted edit gives the package version a .local.<tree hash> suffix (assemblies keep dev.<height>); the
#     same edit in the other clone gives the same suffix, another edit another one, and undoing it the clean version.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sha="$(git rev-parse HEAD)"
height="$(git rev-list --count HEAD)"
prefix="$(sed -nE 's:.*<VersionPrefix>([^<]+)</VersionPrefix>.*:\1:p' Directory.Build.props | head -1)"
lib=src/PosAuth.Abstractions

for c in a b; do
  git clone -q --no-checkout "$root" "$work/$c"
  git -C "$work/$c" checkout -q --detach "$sha"
done
version() { # clone -> "PackageVersion Version"
  dotnet msbuild "$work/$1/$lib" -nologo -t:PosAuthPackageInfo -getProperty:PackageVersion -getProperty:Version \
    | sed -nE 's/.*"(PackageVersion|Version)": "([^"]+)".*/\2/p' | paste -sd' '
}
expect() { [ "$2" = "$3" ] || { echo "$1: expected '$3', got '$2'"; exit 1; }; echo "ok $1: $2"; }

clean="$prefix-dev.$height"
expect "clean clone a" "$(version a)" "$clean $clean"
expect "clean clone b" "$(version b)" "$clean $clean"

# The same sources at two paths: the same bytes.
for c in a b; do
  (cd "$work/$c" && CI=true dotnet pack "$lib" -c Release -o "$work/$c-feed" -nologo -v quiet -clp:ErrorsOnly)
done
dll="$lib/bin/Release/net10.0/PosAuth.Abstractions.dll"
sum_a="$(sha256sum <"$work/a/$dll" | cut -c1-64)"
expect "assembly identical in both clones" "$(sha256sum <"$work/b/$dll" | cut -c1-64)" "$sum_a"
nupkg="PosAuth.Abstractions.$clean.nupkg"
expect "package identical in both clones" "$(sha256sum <"$work/b-feed/$nupkg" | cut -c1-64)" "$(sha256sum <"$work/a-feed/$nupkg" | cut -c1-64)"

# Uncommitted edits.
edited_file="$lib/README.md"
echo "edit 1" >>"$work/a/$edited_file"
echo "edit 1" >>"$work/b/$edited_file"
read -r pkg_a asm_a <<<"$(version a)"
[[ "$pkg_a" =~ ^$clean\.local\.[0-9a-f]{8}$ ]] || { echo "edited clone: package version '$pkg_a' lacks .local.<tree>"; exit 1; }
expect "edited clone a, assembly version" "$asm_a" "$clean"
expect "the same edit in clone b" "$(version b)" "$pkg_a $clean"
echo "edit 2" >>"$work/b/$edited_file"
read -r pkg_b _ <<<"$(version b)"
[ "$pkg_b" != "$pkg_a" ] || { echo "two different edits gave the same version $pkg_a"; exit 1; }
echo "ok another edit: $pkg_b"
git -C "$work/a" checkout -q -- "$edited_file"
expect "edit undone" "$(version a)" "$clean $clean"
echo "versions: $clean for the commit (both clones, identical bytes), $pkg_a / $pkg_b for two different uncommitted edits"
