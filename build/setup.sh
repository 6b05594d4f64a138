#!/bin/sh
# Installs the Debian packages that building, running and testing SessionScope need.
# Does nothing when they are all present. Runs apt-get as root, or through sudo.
set -eu

PKGS="build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev \
xvfb xauth xdotool imagemagick dbus dbus-x11 gnome-keyring libsecret-tools \
chromium fonts-dejavu-core curl ca-certificates desktop-file-utils"

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

echo "setup: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "setup: these packages are missing and neither root nor sudo is available:$missing" >&2
  exit 1
fi

$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
