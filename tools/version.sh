#!/bin/sh
# Prints this build's version.
#   tools/version.sh       the version the app shows (About, `sessionscope --version`)
#   tools/version.sh deb   the same as a Debian package version
# In a git checkout it is `git describe --tags --dirty` (v0.2.0-3-gabc1234-dirty); before the
# first tag, wails.json's productVersion with the commit count and hash in the same shape
# (0.1.0-212-gabc1234). Outside git (a source tarball): productVersion and the build date.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
base=$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' "$root/wails.json")
base=${base:-0.0.0}
if [ "$(git -C "$root" rev-parse --show-toplevel 2>/dev/null)" = "$root" ]; then
  if v=$(git -C "$root" describe --tags --dirty 2>/dev/null); then
    :
  else
    v="$base-$(git -C "$root" rev-list --count HEAD)-g$(git -C "$root" describe --always --dirty)"
  fi
else
  v="$base-$(date -u +%Y%m%d)"
fi
case "${1:-app}" in
  app) echo "$v" ;;
  # Debian: starts with a digit; the first "-" would start a Debian revision, so the suffix
  # joins with "+" and dots (0.1.0-212-gabc1234-dirty → 0.1.0+212.gabc1234.dirty).
  deb) echo "$v" | sed -e 's/^v//' -e 's/-/+/' -e 's/-/./g' ;;
  *) echo "usage: $0 [app|deb]" >&2; exit 2 ;;
esac
